// Draws one served env with three.js: the scene JSON (env-server/src/viewer/scene-json.ts documents its shape)
// as primitive meshes grouped per body, moved by per-step body poses (nbody rows of x, y, z, qw, qx, qy, qz).
// Plain browser ES module; `three` resolves through the page's import map (served from node_modules).
import * as THREE from 'three';

/**
 * @typedef {{ name: string, parent: number, mocap: boolean }} SceneBody
 * @typedef {{ name: string, type: string, size: number[], rgba: number[], body: number, pos: number[], quat: number[],
 *   boundsCenter: number[], boundsHalfSize: number[], group: number, collides: boolean }} SceneGeom
 * @typedef {{ lookat: number[], distance: number, azimuth: number, elevation: number, extent: number }} SceneCamera
 * @typedef {{ label: string, position: number[], radius: number, planar: boolean }} SceneGoal
 * @typedef {{ envId: string, taskId: number, bodies: SceneBody[], geoms: SceneGeom[], camera: SceneCamera,
 *   goals: SceneGoal[], followBody: number }} Scene
 * @typedef {{ width?: number, height?: number, background?: string | number, preserveDrawingBuffer?: boolean,
 *   maxGroup?: number }} RendererOptions
 * @typedef {'orbit' | 'follow'} CameraMode
 */

const POSE_WIDTH = 7;
/** Viewers conventionally hide MuJoCo geom groups above 2 (collision geoms), unless a body has nothing else to show. */
const DEFAULT_MAX_GROUP = 2;
const GOAL_COLOUR = [1, 0.1, 0.1];
const DEG = Math.PI / 180;

/** @param {number[]} rgba */
function material(rgba) {
  const colour = new THREE.Color().setRGB(rgba[0], rgba[1], rgba[2], THREE.SRGBColorSpace);
  const transparent = rgba[3] < 1;
  return new THREE.MeshLambertMaterial({ color: colour, transparent, opacity: rgba[3], depthWrite: !transparent });
}

/**
 * Three's capsule and cylinder run along y; MuJoCo's along z.
 * @param {THREE.BufferGeometry} geometry
 */
const alongZ = (geometry) => geometry.rotateX(Math.PI / 2);

/**
 * @param {SceneGeom} geom
 * @param {number} sceneExtent size of an infinite plane's drawn square
 * @returns {THREE.BufferGeometry}
 */
function shapeOf(geom, sceneExtent) {
  const [a, b, c] = geom.size;
  switch (geom.type) {
    case 'plane': return new THREE.PlaneGeometry(2 * (a || sceneExtent), 2 * (b || sceneExtent));
    case 'sphere': return new THREE.SphereGeometry(a, 20, 12);
    case 'capsule': return alongZ(new THREE.CapsuleGeometry(a, 2 * b, 6, 16));
    case 'ellipsoid': return new THREE.SphereGeometry(1, 20, 12).scale(a, b, c);
    case 'cylinder': return alongZ(new THREE.CylinderGeometry(a, a, 2 * b, 20));
    case 'box': return new THREE.BoxGeometry(2 * a, 2 * b, 2 * c);
    default: {
      const [hx, hy, hz] = geom.boundsHalfSize;
      const [cx, cy, cz] = geom.boundsCenter;
      return new THREE.BoxGeometry(2 * hx, 2 * hy, 2 * hz).translate(cx, cy, cz);
    }
  }
}

/**
 * @param {THREE.Object3D} object
 * @param {number[]} pos
 * @param {number[]} quat (w, x, y, z)
 */
function place(object, pos, quat) {
  object.position.set(pos[0], pos[1], pos[2]);
  object.quaternion.set(quat[1], quat[2], quat[3], quat[0]);
}

/**
 * Geoms drawn: those in groups up to maxGroup, plus every geom of a body that has none there. Our mesh-free models
 * keep a robot arm's primitives in the collision group 3 only; hiding them would make the arm vanish.
 * @param {Scene} scene @param {number} maxGroup
 */
function drawnGeoms(scene, maxGroup) {
  const opaque = scene.geoms.filter((geom) => geom.rgba[3] > 0);
  const bodiesWithVisual = new Set(opaque.filter((geom) => geom.group <= maxGroup).map((geom) => geom.body));
  return opaque.filter((geom) => geom.group <= maxGroup || !bodiesWithVisual.has(geom.body));
}

/** @param {Scene} scene @param {number} maxGroup */
function buildBodies(scene, maxGroup) {
  const bodies = scene.bodies.map(() => new THREE.Group());
  const planeExtent = Math.max(10, 2 * scene.camera.extent);
  for (const geom of drawnGeoms(scene, maxGroup)) {
    const mesh = new THREE.Mesh(shapeOf(geom, planeExtent), material(geom.rgba));
    place(mesh, geom.pos, geom.quat);
    bodies[geom.body]?.add(mesh);
  }
  return bodies;
}

/** @param {Scene} scene */
function goalMarker(scene) {
  const goal = scene.goals[0];
  const radius = goal?.radius ?? 0.5;
  const shape = goal && !goal.planar ? new THREE.SphereGeometry(radius, 20, 12) : alongZ(new THREE.CylinderGeometry(radius, radius, 0.1, 32));
  const marker = new THREE.Mesh(shape, material([...GOAL_COLOUR, 0.5]));
  marker.visible = false;
  return marker;
}

/**
 * MuJoCo free camera: `distance` from `lookat`, `azimuth` degrees around +z from +x, `elevation` above the horizon.
 * @param {THREE.PerspectiveCamera} camera
 * @param {THREE.Vector3} lookat
 * @param {number} distance
 * @param {number} azimuth
 * @param {number} elevation
 */
function aim(camera, lookat, distance, azimuth, elevation) {
  const el = elevation * DEG;
  const az = azimuth * DEG;
  const forward = new THREE.Vector3(Math.cos(el) * Math.cos(az), Math.cos(el) * Math.sin(az), Math.sin(el));
  camera.position.copy(lookat).addScaledVector(forward, -distance);
  camera.lookAt(lookat);
}

/** Bodies of the subtree rooted at `root` (parents come before children). @param {Scene} scene @param {number} root */
function subtree(scene, root) {
  const inside = new Set([root]);
  scene.bodies.forEach((body, b) => {
    if (b > root && inside.has(body.parent)) inside.add(b);
  });
  return inside;
}

/**
 * @param {HTMLCanvasElement} canvas
 * @param {Scene} scene the scene JSON
 * @param {RendererOptions} [options]
 */
export function createSceneRenderer(canvas, scene, options = {}) {
  const width = options.width ?? (canvas.width || 640);
  const height = options.height ?? (canvas.height || 480);
  const renderer = new THREE.WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: options.preserveDrawingBuffer ?? false });
  renderer.setSize(width, height, false);

  const world = new THREE.Scene();
  world.background = new THREE.Color(options.background ?? 0x1d2430);
  world.add(new THREE.HemisphereLight(0xffffff, 0x445566, 1.6));
  const sun = new THREE.DirectionalLight(0xffffff, 1.6);
  sun.position.set(0.4, -0.6, 1);
  world.add(sun);

  const bodies = buildBodies(scene, options.maxGroup ?? DEFAULT_MAX_GROUP);
  for (const body of bodies) world.add(body);
  const goal = goalMarker(scene);
  world.add(goal);

  const cam = scene.camera;
  const camera = new THREE.PerspectiveCamera(45, width / height, Math.max(0.01, cam.extent / 1000), cam.extent * 100);
  camera.up.set(0, 0, 1);
  const lookat = new THREE.Vector3(...cam.lookat);
  aim(camera, lookat, cam.distance, cam.azimuth, cam.elevation);

  const followBody = scene.followBody;
  const robot = subtree(scene, followBody);
  /** @type {CameraMode} */
  let mode = 'orbit';
  let followDistance = 0;
  /** Follow distance is measured on the first real poses (before them, every body sits at the origin). */
  let posed = false;

  /** Distance of the follow camera: a few robot sizes (the robot's geoms' spread around its root). */
  function robotDistance() {
    const root = bodies[followBody].position;
    const box = new THREE.Box3();
    for (const b of robot) box.expandByObject(bodies[b]);
    if (box.isEmpty()) return cam.distance;
    const radius = Math.max(box.max.distanceTo(root), box.min.distanceTo(root));
    return Math.max(2.5, 9 * radius);
  }

  const api = {
    /** The three.js camera (a viewer may attach OrbitControls to it in orbit mode). */
    camera,
    /** The point the orbit camera looks at; follow mode moves it with the robot. */
    target: lookat,

    /** @param {Float32Array | number[]} poses nbody × 7 floats */
    setPoses(poses) {
      if (poses.length !== bodies.length * POSE_WIDTH) {
        throw new Error(`setPoses: expected ${bodies.length * POSE_WIDTH} floats (${bodies.length} bodies × ${POSE_WIDTH}), got ${poses.length}`);
      }
      for (let b = 1; b < bodies.length; b++) {
        const o = b * POSE_WIDTH;
        bodies[b].position.set(poses[o], poses[o + 1], poses[o + 2]);
        bodies[b].quaternion.set(poses[o + 4], poses[o + 5], poses[o + 6], poses[o + 3]);
      }
      posed = true;
    },

    /** Moves the goal marker (initially at the scene's first goal) to `xyz`; null hides it. @param {number[] | null} xyz */
    setGoal(xyz) {
      goal.visible = xyz !== null && xyz !== undefined;
      if (goal.visible) goal.position.set(xyz[0], xyz[1], xyz[2] + (scene.goals[0]?.planar === false ? 0 : 0.05));
    },

    /** @param {CameraMode} next */
    setCameraMode(next) {
      if (next !== 'orbit' && next !== 'follow') throw new Error(`setCameraMode: '${next}' is not 'orbit' or 'follow'`);
      if (next === 'follow' && followBody === 0) return;
      mode = next;
      if (mode === 'orbit') {
        lookat.set(cam.lookat[0], cam.lookat[1], cam.lookat[2]);
        aim(camera, lookat, cam.distance, cam.azimuth, cam.elevation);
      }
    },

    /** The current camera mode (follow falls back to orbit for a fixed-base robot). */
    get cameraMode() {
      return mode;
    },

    render() {
      if (mode === 'follow') {
        if (posed) followDistance ||= robotDistance();
        lookat.copy(bodies[followBody].position);
        aim(camera, lookat, followDistance || robotDistance(), cam.azimuth, cam.elevation);
      }
      camera.updateMatrixWorld();
      renderer.render(world, camera);
    },

    /**
     * Canvas pixel (x right, y down, drawing-buffer pixels) where world point `xyz` appears in the last frame.
     * @param {number[]} xyz
     */
    project(xyz) {
      const ndc = new THREE.Vector3(xyz[0], xyz[1], xyz[2]).project(camera);
      return { x: (ndc.x + 1) / 2 * width, y: (1 - ndc.y) / 2 * height };
    },

    /** World position of body `b` as of the last setPoses. @param {number} b */
    bodyPosition(b) {
      const p = bodies[b].position;
      return [p.x, p.y, p.z];
    },

    dispose() {
      world.traverse((object) => {
        if (object instanceof THREE.Mesh) {
          object.geometry.dispose();
          object.material.dispose();
        }
      });
      renderer.dispose();
    },
  };
  if (scene.goals[0]) api.setGoal(scene.goals[0].position);
  return api;
}
