// Test-only stand-in for the viewer's scene renderer (same createSceneRenderer contract): draws each body's x-y
// position as a dot on a 2D canvas, so the video pipeline can be tested without WebGL or three.js.
export function createSceneRenderer(canvas, scene) {
  const ctx = canvas.getContext('2d');
  let poses = new Float32Array(0);
  let goal = null;
  return {
    setPoses(p) { poses = p; },
    setGoal(xyz) { goal = xyz; },
    setCameraMode() {},
    render() {
      ctx.fillStyle = '#20304a';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      const toPixel = (x, y) => [canvas.width / 2 + x * 100, canvas.height / 2 - y * 100];
      if (goal) {
        ctx.fillStyle = '#40c040';
        ctx.fillRect(...toPixel(goal[0], goal[1]), 8, 8);
      }
      ctx.fillStyle = '#ff8800';
      for (let b = 1; b < scene.bodies.length; b++) {
        const [px, py] = toPixel(poses[b * 7], poses[b * 7 + 1]);
        ctx.beginPath();
        ctx.arc(px, py, 10, 0, 2 * Math.PI);
        ctx.fill();
      }
    },
    dispose() {},
  };
}
