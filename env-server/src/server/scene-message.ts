// The wire SceneSpec (qflow.v1) of a scene a worker described.
import { GeomType, type SceneGeom, type SceneSpec } from '@qflow/proto';
import type { SceneGeomGeometry } from '../physics/scene-geometry.js';
import type { SceneResult } from '../workers/worker-protocol.js';

/** mjtGeom value → GeomType; MuJoCo types without a primitive (height field, SDF) are GEOM_TYPE_UNSPECIFIED. */
const GEOM_TYPES: Record<number, GeomType> = {
  0: GeomType.GEOM_TYPE_PLANE,
  2: GeomType.GEOM_TYPE_SPHERE,
  3: GeomType.GEOM_TYPE_CAPSULE,
  4: GeomType.GEOM_TYPE_ELLIPSOID,
  5: GeomType.GEOM_TYPE_CYLINDER,
  6: GeomType.GEOM_TYPE_BOX,
  7: GeomType.GEOM_TYPE_MESH,
};

function geomMessage(geom: SceneGeomGeometry): SceneGeom {
  const { mjType, ...fields } = geom;
  return { ...fields, type: GEOM_TYPES[mjType] ?? GeomType.GEOM_TYPE_UNSPECIFIED };
}

export function sceneSpecMessage(envId: string, taskId: number, { geometry, goals }: SceneResult): SceneSpec {
  return {
    envId,
    taskId,
    bodies: geometry.bodies,
    geoms: geometry.geoms.map(geomMessage),
    camera: geometry.camera,
    goals,
    followBody: geometry.followBody,
  };
}
