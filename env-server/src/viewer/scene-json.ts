// The plain-JSON form of a qflow.v1 SceneSpec that browser code (the viewer page, headless video rendering) draws
// from: no protobuf enums, no undefined sub-messages.
//
// Shape (units metres, z up, quaternions (w, x, y, z)):
//   {
//     envId: string, taskId: number,
//     bodies: [{ name, parent, mocap }],                    // index = MuJoCo body id; body 0 is the world
//     geoms: [{ name, type, size: [3], rgba: [4], body,     // type: 'plane' | 'sphere' | 'capsule' | 'ellipsoid'
//               pos: [3], quat: [4],                       //   | 'cylinder' | 'box' | 'mesh' | 'unspecified';
//               boundsCenter: [3], boundsHalfSize: [3],    //   size, pos, quat as in SceneGeom (body frame)
//               group, collides }],
//     camera: { lookat: [3], distance, azimuth, elevation, extent },   // degrees, MuJoCo free-camera convention
//     goals: [{ label, position: [3], radius, planar }],
//     followBody: number,                                   // body a follow camera tracks (0: none)
//   }
// Per-step body poses (StepResponse.body_poses, the viewer's pose messages) are nbody rows of
// (x, y, z, qw, qx, qy, qz) in `bodies` order.
import { GeomType, type SceneCamera, type SceneGeom, type SceneSpec } from '@qflow/proto';

export type SceneGeomTypeName = 'unspecified' | 'plane' | 'sphere' | 'capsule' | 'ellipsoid' | 'cylinder' | 'box' | 'mesh';

/** The SceneSpec's fields, with the geom type as a name and the camera always present. */
export interface SceneJson extends Omit<SceneSpec, 'geoms' | 'camera'> {
  geoms: (Omit<SceneGeom, 'type'> & { type: SceneGeomTypeName })[];
  camera: SceneCamera;
}

const TYPE_NAMES: Record<number, SceneGeomTypeName> = {
  [GeomType.GEOM_TYPE_PLANE]: 'plane',
  [GeomType.GEOM_TYPE_SPHERE]: 'sphere',
  [GeomType.GEOM_TYPE_CAPSULE]: 'capsule',
  [GeomType.GEOM_TYPE_ELLIPSOID]: 'ellipsoid',
  [GeomType.GEOM_TYPE_CYLINDER]: 'cylinder',
  [GeomType.GEOM_TYPE_BOX]: 'box',
  [GeomType.GEOM_TYPE_MESH]: 'mesh',
};

/** JSON-safe numbers: infinities become ±MAX_VALUE, NaN and -0 become 0 (JSON has neither). */
const jsonNumber = (v: number): number => (Number.isFinite(v) ? v || 0 : Math.sign(v) * Number.MAX_VALUE || 0);
const finite = (values: number[]): number[] => values.map(jsonNumber);

export function sceneSpecToJson(scene: SceneSpec): SceneJson {
  const camera = scene.camera ?? { lookat: [0, 0, 0], distance: 1, azimuth: 90, elevation: -45, extent: 1 };
  return {
    envId: scene.envId,
    taskId: scene.taskId,
    bodies: scene.bodies.map(({ name, parent, mocap }) => ({ name, parent, mocap })),
    geoms: scene.geoms.map((g) => ({
      name: g.name,
      type: TYPE_NAMES[g.type] ?? 'unspecified',
      size: finite(g.size),
      rgba: finite(g.rgba),
      body: g.body,
      pos: finite(g.pos),
      quat: finite(g.quat),
      boundsCenter: finite(g.boundsCenter),
      boundsHalfSize: finite(g.boundsHalfSize),
      group: g.group,
      collides: g.collides,
    })),
    camera: {
      lookat: finite(camera.lookat), distance: jsonNumber(camera.distance), azimuth: jsonNumber(camera.azimuth), elevation: jsonNumber(camera.elevation),
      extent: jsonNumber(camera.extent),
    },
    goals: scene.goals.map(({ label, position, radius, planar }) => ({ label, position: finite(position), radius, planar })),
    followBody: scene.followBody,
  };
}
