// The page `qflow render-video` drives in headless chromium: it loads one recorded episode (/episode.json and
// /poses.bin), draws it with the live viewer's scene renderer, and renders frames only when asked
// (window.videoPage.renderFrames), so the frames never depend on wall-clock timing. Each frame is the 3D view plus
// a text line (step, return, success), returned as a PNG data URL.
import { createSceneRenderer } from '/scene-renderer.js';

async function load() {
  const [episode, posesBytes] = await Promise.all([
    fetch('/episode.json').then((r) => r.json()),
    fetch('/poses.bin').then((r) => r.arrayBuffer()),
  ]);
  const poses = new Float32Array(posesBytes);
  const { width, height } = episode;
  const view = document.createElement('canvas');
  view.width = width;
  view.height = height;
  const frame = document.createElement('canvas');
  frame.width = width;
  frame.height = height;
  document.body.append(frame);
  const ctx = frame.getContext('2d');
  const renderer = createSceneRenderer(view, episode.scene, { width, height, preserveDrawingBuffer: true });
  renderer.setGoal(episode.goal);
  renderer.setCameraMode(episode.cameraMode);
  const poseSize = episode.nbody * 7;
  const returns = [];
  episode.rewards.reduce((sum, r) => (returns.push(sum + r), sum + r), 0);

  function renderFrame(t) {
    renderer.setPoses(poses.subarray(t * poseSize, (t + 1) * poseSize));
    renderer.render();
    ctx.drawImage(view, 0, 0);
    const text = `${episode.title}  step ${t + 1}/${episode.steps}  return ${returns[t].toFixed(1)}` +
      (episode.success[t] ? '  success' : '');
    ctx.font = '14px "DejaVu Sans", sans-serif';
    ctx.fillStyle = 'rgba(0, 0, 0, 0.55)';
    ctx.fillRect(0, height - 24, width, 24);
    ctx.fillStyle = episode.success[t] ? '#7CFC9A' : '#ffffff';
    ctx.fillText(text, 8, height - 7);
    return frame.toDataURL('image/png');
  }

  return {
    steps: episode.steps,
    renderFrames(from, count) {
      const out = [];
      for (let t = from; t < Math.min(from + count, episode.steps); t++) out.push(renderFrame(t));
      return out;
    },
  };
}

window.videoPage = load().catch((err) => {
  throw new Error(`video page: ${err && err.stack ? err.stack : err}`);
});
