// The optional scene part of qflow.v1: GetSceneSpec describes a consistent kinematic tree, and render_poses adds
// [k, nbody, 7] float32 body poses without changing any result. A server that answers UNIMPLEMENTED skips them.
import { status } from '@grpc/grpc-js';
import type { GetSceneSpecResponse, SceneSpec } from '../gen/qflow/v1/scene.js';
import type { StepResponse } from '../gen/qflow/v1/environment.js';
import { Dtype } from '../gen/qflow/v1/tensor.js';
import { decodeFloat32 } from '../tensor-codec.js';
import { Broken, expectStatus, sameStepResults, type CheckContext } from './check-context.js';
import { SkipCheck, type ConformanceCheck } from './conformance-check.js';
import { shorten } from './conformance-client.js';

const POSE_WIDTH = 7;

/** The scene of the env under test, or SkipCheck when the server offers none. */
async function sceneUnderTest(context: CheckContext): Promise<SceneSpec> {
  const outcome = await context.client.attempt<GetSceneSpecResponse>('getSceneSpec', { envId: context.spec.id, taskId: 0 });
  if (!outcome.ok && outcome.code === status.UNIMPLEMENTED) throw new SkipCheck(`GetSceneSpec is optional and this server answers UNIMPLEMENTED (${shorten(outcome.details)})`);
  if (!outcome.ok) throw new Broken(`GetSceneSpec of ${context.spec.id} answered ${status[outcome.code]} (${shorten(outcome.details)})`);
  if (!outcome.value.scene) throw new Broken('GetSceneSpec answered without a scene');
  return outcome.value.scene;
}

async function checkSceneSpec(context: CheckContext): Promise<void> {
  const scene = await sceneUnderTest(context);
  if (scene.envId !== context.spec.id) throw new Broken(`scene env_id '${scene.envId}', expected '${context.spec.id}'`);
  if (scene.taskId !== context.spec.defaultTask) throw new Broken(`task 0 described task ${scene.taskId}, expected the default task ${context.spec.defaultTask}`);
  if (scene.bodies.length === 0 || scene.bodies[0]!.parent !== 0) throw new Broken('body 0 (the world) is missing or not its own parent');
  scene.bodies.forEach((body, b) => {
    if (b > 0 && body.parent >= b) throw new Broken(`body ${b} has parent ${body.parent}: parents must come first`);
  });
  scene.geoms.forEach((geom, g) => {
    const shaped = geom.size.length === 3 && geom.rgba.length === 4 && geom.pos.length === 3 && geom.quat.length === 4;
    if (!shaped || geom.body >= scene.bodies.length) throw new Broken(`geom ${g} (${geom.name}) has a malformed size/rgba/pos/quat or body ${geom.body}`);
  });
  if (scene.followBody >= scene.bodies.length) throw new Broken(`follow_body ${scene.followBody} is not a body`);
  if (!scene.camera || !(scene.camera.distance > 0) || scene.camera.lookat.length !== 3) throw new Broken('the default camera is missing or malformed');
  const unknownTask = context.spec.numTasks + 1;
  await expectStatus(context.client.attempt('getSceneSpec', { envId: context.spec.id, taskId: unknownTask }), status.INVALID_ARGUMENT, `GetSceneSpec of task ${unknownTask}`);
  await expectStatus(context.client.attempt('getSceneSpec', { envId: 'conformance-no-such-env-v0', taskId: 0 }), status.INVALID_ARGUMENT, 'GetSceneSpec of an unknown env id');
}

function checkPoses(response: StepResponse, rows: number, nbody: number): void {
  const poses = response.bodyPoses;
  if (!poses) throw new Broken('a step with render_poses answered without body_poses');
  if (poses.dtype !== Dtype.DTYPE_FLOAT32 || String(poses.shape) !== String([rows, nbody, POSE_WIDTH])) {
    throw new Broken(`body_poses is ${Dtype[poses.dtype]} [${poses.shape}], expected DTYPE_FLOAT32 [${rows}, ${nbody}, ${POSE_WIDTH}]`);
  }
  if (!decodeFloat32(poses).every(Number.isFinite)) throw new Broken('body_poses holds NaN or Inf');
}

async function checkRenderPoses(context: CheckContext): Promise<void> {
  const { bodies } = await sceneUnderTest(context);
  const twins = await context.twins(2, 0);
  for (let t = 0; t < 3; t++) {
    const actions = context.actionTensor([context.action(23, 0, t), context.action(23, 1, t)]);
    const step = (sessionId: string, renderPoses: boolean) =>
      context.client.call<StepResponse>('step', { sessionId, envIds: [], actions, sequence: 0n, renderPoses });
    const [on, off] = [await step(twins.a, true), await step(twins.b, false)];
    sameStepResults(on, off, `step ${t} with render_poses on vs off`);
    checkPoses(on, 2, bodies.length);
    if (off.bodyPoses) throw new Broken('a step without render_poses answered with body_poses');
  }
}

export const sceneChecks: ConformanceCheck[] = [
  {
    name: 'scene/spec',
    promise: 'GetSceneSpec (optional; UNIMPLEMENTED skips) describes the env id: the world as body 0, parents before children, every geom well-formed on a listed body, a default camera; an unknown task or env id answers INVALID_ARGUMENT',
    run: checkSceneSpec,
  },
  {
    name: 'scene/render-poses',
    promise: 'A step with render_poses carries body_poses as FLOAT32 [k, nbody, 7], finite, and otherwise the same results as without; a step without it carries none',
    run: checkRenderPoses,
  },
];
