// The static geometry a renderer needs, read from a compiled model: bodies (name, parent), geoms (primitive,
// size, colour, body, local pose, bounding box), a default camera and the body a follow camera tracks.
import type { CompiledModel } from './compiled-model.js';

const OBJ_BODY = 1;
const OBJ_GEOM = 5;
/** mjtTrn: an actuator that drives a joint. */
const TRN_JOINT = 0;

export interface SceneBodyGeometry {
  name: string;
  parent: number;
  mocap: boolean;
}

export interface SceneGeomGeometry {
  name: string;
  /** MuJoCo mjtGeom value. */
  mjType: number;
  size: number[];
  rgba: number[];
  body: number;
  pos: number[];
  quat: number[];
  boundsCenter: number[];
  boundsHalfSize: number[];
  group: number;
  collides: boolean;
}

export interface SceneCameraGeometry {
  lookat: number[];
  distance: number;
  azimuth: number;
  elevation: number;
  extent: number;
}

export interface SceneGeometry {
  bodies: SceneBodyGeometry[];
  geoms: SceneGeomGeometry[];
  camera: SceneCameraGeometry;
  followBody: number;
}

const row = (array: ArrayLike<number>, index: number, width: number): number[] =>
  Array.from({ length: width }, (_, k) => array[index * width + k]!);

export function readSceneGeometry(sim: CompiledModel): SceneGeometry {
  const { model } = sim;
  const parents = model.body_parentid as Int32Array;
  const mocapIds = model.body_mocapid as Int32Array;
  const bodies = Array.from({ length: model.nbody }, (_, b) => ({
    name: sim.name(OBJ_BODY, b), parent: parents[b]!, mocap: mocapIds[b]! >= 0,
  }));
  return { bodies, geoms: readGeoms(sim), camera: readCamera(sim), followBody: robotRoot(sim) };
}

function readGeoms(sim: CompiledModel): SceneGeomGeometry[] {
  const { model } = sim;
  const types = model.geom_type as Int32Array;
  const materials = model.geom_matid as Int32Array;
  const contype = model.geom_contype as Int32Array;
  const conaffinity = model.geom_conaffinity as Int32Array;
  const bodyIds = model.geom_bodyid as Int32Array;
  const groups = model.geom_group as Int32Array;
  const [size, pos, quat, aabb] = [model.geom_size, model.geom_pos, model.geom_quat, model.geom_aabb] as Float64Array[];
  const geomRgba = model.geom_rgba as Float32Array;
  const materialRgba = model.mat_rgba as Float32Array;
  return Array.from({ length: model.ngeom }, (_, g) => {
    const material = materials[g]!;
    return {
      name: sim.name(OBJ_GEOM, g),
      mjType: types[g]!,
      size: row(size!, g, 3),
      rgba: material >= 0 ? row(materialRgba, material, 4) : row(geomRgba, g, 4),
      body: bodyIds[g]!,
      pos: row(pos!, g, 3),
      quat: row(quat!, g, 4),
      boundsCenter: row(aabb!, 2 * g, 3),
      boundsHalfSize: row(aabb!, 2 * g + 1, 3),
      group: groups[g]!,
      collides: contype[g] !== 0 || conaffinity[g] !== 0,
    };
  });
}

/** MuJoCo's default free camera: looking at the model's center from 1.5 × its extent. */
function readCamera(sim: CompiledModel): SceneCameraGeometry {
  const { stat, vis } = sim.model;
  const extent = stat.extent;
  return {
    lookat: Array.from(stat.center as ArrayLike<number>),
    distance: 1.5 * extent,
    azimuth: vis.global.azimuth,
    elevation: vis.global.elevation,
    extent,
  };
}

/**
 * The root (child of the world) of the chain the first joint actuator drives, e.g. the ant's torso; 0 when there
 * is no joint actuator or that root is welded to the world (a fixed-base arm).
 */
function robotRoot(sim: CompiledModel): number {
  const { model } = sim;
  const trnTypes = model.actuator_trntype as Int32Array;
  const actuator = trnTypes.findIndex((t) => t === TRN_JOINT);
  if (actuator < 0) return 0;
  const parents = model.body_parentid as Int32Array;
  let body = (model.jnt_bodyid as Int32Array)[(model.actuator_trnid as Int32Array)[2 * actuator]!]!;
  while (body > 0 && parents[body] !== 0) body = parents[body]!;
  return (model.body_jntnum as Int32Array)[body]! > 0 ? body : 0;
}
