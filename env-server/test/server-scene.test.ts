// GetSceneSpec and render_poses over gRPC on the real MuJoCo envs: the scene lists every body and geom of the
// compiled model (maze walls as boxes, the goal marker where the env's reset puts the goal), unknown ids and
// tasks are INVALID_ARGUMENT, and body poses come only when asked, as [k, nbody, 7] float32, without changing
// a single observation bit. Envs with no model to read (the fake envs) answer UNIMPLEMENTED.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  Server, ServerCredentials, credentials, status, type ServerUnaryCall, type ServiceError, type sendUnaryData,
} from '@grpc/grpc-js';
import {
  decodeFloat32, Dtype, EnvironmentServiceClient, EnvironmentServiceService, GeomType, runConformance,
  type GetSceneSpecResponse, type SceneSpec, type StepRequest, type StepResponse,
} from '@qflow/proto';
import { startServer, type RunningServer } from '../src/index.js';
import type { AntMazeEnv } from '../src/envs/antmaze/antmaze-env.js';
import type { CubeEnv } from '../src/envs/cube/cube-env.js';
import { mazeMap } from '../src/envs/maze/maze-maps.js';
import { createEnv } from '../src/envs/registry.js';
import { loadMujoco, type Mujoco } from '../src/physics/mujoco-loader.js';
import { FAKE_ENV_ID } from './support/server-fake-env.js';
import { Client, actionTensor, startFakeServer, testAction } from './support/server-harness.js';

const ANTMAZE = 'antmaze-large-singletask-task1-v0';
const CUBE = 'cube-double-singletask-task2-v0';
const ANT_ACTION_DIM = 8;

async function expectStatus(promise: Promise<unknown>, code: status, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: { code: number; details: string }) => {
    assert.equal(error.code, code, `expected status ${status[code]}, got ${status[error.code]}: ${error.details}`);
    assert.match(error.details, message);
    return true;
  });
}

function sceneOf(client: Client, envId: string, taskId = 0): Promise<SceneSpec> {
  return client.unary<GetSceneSpecResponse>('getSceneSpec', { envId, taskId }).then((r) => r.scene!);
}

function assertTree(scene: SceneSpec): void {
  assert.equal(scene.bodies[0]!.parent, 0, 'the world is its own parent');
  scene.bodies.forEach((body, b) => {
    if (b > 0) assert.ok(body.parent < b, `body ${b} (${body.name}) has parent ${body.parent}: parents come first`);
  });
  for (const geom of scene.geoms) {
    assert.ok(geom.body < scene.bodies.length, `geom ${geom.name} rides on body ${geom.body}`);
    assert.equal(geom.size.length, 3);
    assert.equal(geom.rgba.length, 4);
    assert.equal(geom.pos.length, 3);
    assert.equal(geom.quat.length, 4);
  }
}

describe('GetSceneSpec and render_poses on MuJoCo envs', () => {
  let server: RunningServer;
  let client: Client;
  let mujoco: Mujoco;

  before(async () => {
    server = await startServer({ workers: 1 });
    client = new Client(server.address);
    mujoco = await loadMujoco();
  });

  after(async () => {
    client.dispose();
    await server.close();
  });

  test('antmaze: every body and geom of the model, the walls as boxes, the goal of the default task', { timeout: 60_000 }, async () => {
    const scene = await sceneOf(client, 'antmaze-large-navigate-singletask-v0'); // an alias resolves
    const env = createEnv(mujoco, ANTMAZE) as AntMazeEnv;
    try {
      env.reset(0n, 1);
      const { model } = env.physics;
      assert.equal(scene.envId, ANTMAZE);
      assert.equal(scene.taskId, 1);
      assert.equal(scene.geoms.length, model.ngeom);
      assert.equal(scene.bodies.length, model.nbody);
      assertTree(scene);
      const walls = scene.geoms.filter((g) => g.name.startsWith('block_'));
      const wallCells = mazeMap('large').flat().filter((cell) => cell === 1).length;
      assert.equal(walls.length, wallCells);
      assert.ok(walls.every((g) => g.type === GeomType.GEOM_TYPE_BOX && g.body === 0 && g.collides));
      assert.ok(scene.geoms.some((g) => g.type === GeomType.GEOM_TYPE_PLANE), 'a floor plane');
      assert.equal(scene.bodies[scene.followBody]!.name, 'torso');
      assert.deepEqual(scene.goals, [{ label: 'agent', position: [...env.goalXy, 0], radius: 0.5, planar: true }]);
      assert.ok(scene.camera!.distance > 0 && scene.camera!.lookat.length === 3);
    } finally {
      env.dispose();
    }
  });

  test('cube: one goal marker per cube at the task targets; task_id picks the task', { timeout: 60_000 }, async () => {
    const [scene, other] = [await sceneOf(client, CUBE), await sceneOf(client, CUBE, 1)];
    const env = createEnv(mujoco, CUBE) as CubeEnv;
    try {
      env.reset(0n, 2);
      assert.equal(scene.taskId, 2);
      assert.equal(scene.geoms.length, env.physics.model.ngeom);
      assert.equal(scene.bodies.length, env.physics.model.nbody);
      assertTree(scene);
      assert.equal(scene.followBody, 0, 'the arm is welded to the world');
      assert.deepEqual(scene.goals.map((g) => g.position), [0, 1].map((i) => env.targetPos(i)));
      assert.ok(scene.goals.every((g) => g.radius === 0.04 && !g.planar));
      assert.equal(other.taskId, 1);
      assert.notDeepEqual(other.goals, scene.goals);
      assert.deepEqual(other.geoms, scene.geoms, 'the geometry is the same for every task');
    } finally {
      env.dispose();
    }
  });

  test('direction-following envs: the robot on its open floor, followed by the torso, no goal marker', { timeout: 60_000 }, async () => {
    for (const id of ['online-ant-xy-v0', 'online-humanoid-xy-v0', 'online-antball-v0']) {
      const scene = await sceneOf(client, id);
      const env = createEnv(mujoco, id);
      try {
        assert.equal(scene.geoms.length, env.physics!.model.ngeom, id);
        assert.equal(scene.bodies.length, env.physics!.model.nbody, id);
        assertTree(scene);
        assert.ok(scene.geoms.some((g) => g.type === GeomType.GEOM_TYPE_PLANE), `${id}: a floor plane`);
        assert.ok(scene.bodies[scene.followBody]!.name.length > 0 && scene.followBody > 0, `${id}: follows a robot body`);
        assert.deepEqual(scene.goals, [], id);
      } finally {
        env.dispose();
      }
    }
  });

  test('unknown env id or task: INVALID_ARGUMENT naming the valid choices', async () => {
    await expectStatus(sceneOf(client, 'antmaze-nowhere-v0'), status.INVALID_ARGUMENT, /unknown env id 'antmaze-nowhere-v0'\. Valid ids: .*antmaze-large-singletask-task1-v0/);
    await expectStatus(sceneOf(client, ANTMAZE, 6), status.INVALID_ARGUMENT, /unknown task id 6 .*valid: 0 .*1\.\.5/);
  });

  test('render_poses: [k, nbody, 7] finite float32 poses that follow the torso; off: absent; observations unchanged', { timeout: 60_000 }, async () => {
    const probe = createEnv(mujoco, ANTMAZE) as AntMazeEnv;
    const { nbody } = probe.physics.model;
    probe.dispose();
    const numEnvs = 3;
    const sessions = await Promise.all([0, 1].map(() => client.createSession(ANTMAZE, numEnvs, 5n)));
    for (const { sessionId } of sessions) await client.reset(sessionId, [11n, 12n, 13n]);
    const step = (sessionId: string, t: number, renderPoses: boolean) => client.unary<StepResponse>('step', {
      sessionId, envIds: [], sequence: 0n, renderPoses,
      actions: actionTensor(Array.from({ length: numEnvs }, (_, e) => testAction(1, e, t, ANT_ACTION_DIM))),
    } satisfies StepRequest);
    const torsoXy: number[][] = [];
    for (let t = 0; t < 5; t++) {
      const [on, off] = [await step(sessions[0]!.sessionId, t, true), await step(sessions[1]!.sessionId, t, false)];
      assert.deepEqual(on.observations, off.observations, `step ${t}: same observations with poses on and off`);
      assert.deepEqual(on.rewards, off.rewards);
      assert.equal(off.bodyPoses, undefined, 'no poses unless asked');
      assert.equal(on.bodyPoses!.dtype, Dtype.DTYPE_FLOAT32);
      assert.deepEqual(on.bodyPoses!.shape, [numEnvs, nbody, 7]);
      const poses = decodeFloat32(on.bodyPoses!);
      assert.ok(poses.every(Number.isFinite));
      const observations = new Float64Array(on.observations!.data.buffer.slice(on.observations!.data.byteOffset, on.observations!.data.byteOffset + on.observations!.data.byteLength));
      const obsDim = observations.length / numEnvs;
      for (let e = 0; e < numEnvs; e++) {
        const torso = (e * nbody + 1) * 7;
        const quat = poses.subarray(torso + 3, torso + 7);
        assert.ok(Math.abs(Math.hypot(...quat) - 1) < 1e-5, 'unit quaternion');
        // Row e is env e: its torso is where its observation's x-y says (up to the last physics substep).
        assert.ok(Math.hypot(poses[torso]! - observations[e * obsDim]!, poses[torso + 1]! - observations[e * obsDim + 1]!) < 0.1);
      }
      torsoXy.push([poses[7]!, poses[8]!, poses[9]!]);
    }
    assert.notDeepEqual(torsoXy[0], torsoXy[4], 'the torso pose moves as the env steps');
  });

  test('render_poses on StepStream', { timeout: 30_000 }, async () => {
    const { sessionId } = await client.createSession(ANTMAZE, 1, 5n);
    await client.reset(sessionId, [3n]);
    const stream = client.stream();
    const responses: StepResponse[] = [];
    stream.on('data', (r: StepResponse) => responses.push(r));
    const ended = new Promise((resolve, reject) => { stream.on('end', resolve); stream.on('error', reject); });
    for (let t = 0; t < 2; t++) {
      stream.write({ sessionId, envIds: [], actions: actionTensor([testAction(2, 0, t, ANT_ACTION_DIM)]), sequence: BigInt(t), renderPoses: t === 1 });
    }
    stream.end();
    await ended;
    assert.equal(responses[0]!.bodyPoses, undefined);
    assert.equal(responses[1]!.bodyPoses!.shape[0], 1);
  });
});

/** Forwards the unary EnvironmentService calls to `upstream`, except that Step responses lose their body poses. */
function posesDroppingProxy(upstream: EnvironmentServiceClient): Server {
  const server = new Server();
  const client = upstream as unknown as Record<string, (req: unknown, cb: (error: ServiceError | null, response: unknown) => void) => void>;
  const handlers: Record<string, unknown> = {};
  for (const [name, definition] of Object.entries(EnvironmentServiceService)) {
    if (definition.requestStream) continue;
    handlers[name] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) =>
      client[name]!.call(upstream, call.request, (error: ServiceError | null, response: unknown) =>
        callback(error, name === 'step' && response ? { ...(response as StepResponse), bodyPoses: undefined } : response));
  }
  server.addService(EnvironmentServiceService, handlers as never);
  return server;
}

describe('the conformance suite on the scene part', () => {
  let server: RunningServer;

  before(async () => {
    server = await startServer({ workers: 1 });
  });

  after(async () => {
    await server.close();
  });

  test('passes qflow serve, and fails a server that drops body_poses on scene/render-poses only', { timeout: 60_000 }, async () => {
    const only = (name: string) => name.startsWith('scene/');
    const direct = await runConformance({ address: server.address, envId: ANTMAZE, only });
    assert.deepEqual(direct.map((r) => [r.name, r.status, r.message]), [['scene/spec', 'passed', ''], ['scene/render-poses', 'passed', '']]);
    const upstream = new EnvironmentServiceClient(server.address, credentials.createInsecure());
    const proxy = posesDroppingProxy(upstream);
    const port = await new Promise<number>((resolve, reject) =>
      proxy.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    try {
      const [spec, poses] = await runConformance({ address: `127.0.0.1:${port}`, envId: ANTMAZE, only });
      assert.equal(spec!.status, 'passed', spec!.message);
      assert.equal(poses!.status, 'failed');
      assert.match(poses!.message, /^broken promise: A step with render_poses carries body_poses .*answered without body_poses/);
    } finally {
      upstream.close();
      proxy.forceShutdown();
    }
  });
});

describe('envs without a compiled model', () => {
  let server: RunningServer;
  let client: Client;

  before(async () => {
    server = await startFakeServer();
    client = new Client(server.address);
  });

  after(async () => {
    client.dispose();
    await server.close();
  });

  test('GetSceneSpec and render_poses answer UNIMPLEMENTED; the env does not advance', async () => {
    await expectStatus(sceneOf(client, FAKE_ENV_ID), status.UNIMPLEMENTED, /has no scene description/);
    const { sessionId } = await client.createSession(FAKE_ENV_ID, 1);
    await client.reset(sessionId, [1n]);
    const actions = actionTensor([testAction(0, 0, 0, 2)]);
    await expectStatus(client.unary('step', { sessionId, envIds: [], actions, sequence: 0n, renderPoses: true }), status.UNIMPLEMENTED, /no body poses/);
    assert.deepEqual((await client.attach(sessionId)).episodeSteps, [0]);
  });
});
