// The live viewer page: speaks the viewer protocol over /ws (env-server/src/viewer/viewer-connection.ts), lists
// live sessions, watches one env of one and draws it with scene-renderer.js (orbit or follow camera, goal, HUD).
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { createSceneRenderer } from '/scene-renderer.js';

const RATE = 30;
const LIST_INTERVAL_MS = 1000;
const FRAME_KIND = 1;
const FRAME_HEADER_BYTES = 28;

const $ = (id) => document.getElementById(id);
const canvas = /** @type {HTMLCanvasElement} */ ($('view'));

/** @type {WebSocket} */
let socket;
let sessions = [];
let selected;          // view id of the chosen session
let watching;          // { session, env } once the scene arrived
let scene;
let renderer;
let controls;
let lastPoses;
let lastGoal = null;
let needsRender = false;
let listTimer;
const stats = { framesReceived: 0, framesRendered: 0, lastFrame: undefined };

function showError(text) {
  $('error').textContent = text;
  $('error').hidden = false;
}

function setStatus(text) {
  $('status').textContent = text;
}

function send(message) {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}/ws`);
  socket.binaryType = 'arraybuffer';
  socket.onmessage = (event) => (typeof event.data === 'string' ? onMessage(JSON.parse(event.data)) : onFrame(event.data));
  socket.onclose = (event) => {
    clearInterval(listTimer);
    setStatus('disconnected');
    if ($('error').hidden) showError(`connection to the server closed (code ${event.code}${event.reason ? `: ${event.reason}` : ''}); reload to retry`);
  };
}

function onMessage(message) {
  switch (message.type) {
    case 'welcome': return greet(message.tokenRequired);
    case 'ready':
      setStatus('connected');
      send({ type: 'list' });
      listTimer = setInterval(refreshLists, LIST_INTERVAL_MS);
      return;
    case 'sessions': return showSessions(message.sessions);
    case 'envs': return showEnvs(message.envs);
    case 'scene': return showScene(message);
    case 'ended':
      showError('the watched session ended');
      watching = undefined;
      selected = undefined;
      return;
    case 'error':
      showError(message.fatal ? `refused: ${message.message}` : message.message);
      return;
  }
}

function greet(tokenRequired) {
  const token = new URLSearchParams(location.search).get('token');
  if (!tokenRequired || token) return send({ type: 'hello', token: token ?? undefined });
  setStatus('this server needs a token');
  $('token-form').hidden = false;
  $('token-form').onsubmit = (event) => {
    event.preventDefault();
    $('token-form').hidden = true;
    send({ type: 'hello', token: $('token-input').value });
  };
}

function refreshLists() {
  send({ type: 'list' });
  if (selected) send({ type: 'envs', session: selected });
}

function showSessions(list) {
  sessions = list;
  const ul = $('sessions');
  ul.replaceChildren();
  if (!list.length) ul.append(Object.assign(document.createElement('li'), { className: 'empty', textContent: 'none yet' }));
  for (const s of list) {
    const li = document.createElement('li');
    li.textContent = `${s.envId} · ${s.numEnvs} env${s.numEnvs === 1 ? '' : 's'}`;
    li.title = `session ${s.id}, task ${s.taskId}`;
    li.dataset.session = s.id;
    li.classList.toggle('selected', s.id === selected);
    li.onclick = () => select(s.id);
    ul.append(li);
  }
  if (!selected && list.length) select(list[0].id);
}

function select(sessionId) {
  const session = sessions.find((s) => s.id === sessionId);
  if (!session) return;
  selected = sessionId;
  for (const li of $('sessions').children) li.classList.toggle('selected', li.dataset.session === sessionId);
  $('env-picker').hidden = false;
  $('env-index').max = String(session.numEnvs - 1);
  send({ type: 'envs', session: sessionId });
  watch(Math.min(Number($('env-index').value) || 0, session.numEnvs - 1));
}

function watch(env) {
  $('env-index').value = String(env);
  $('error').hidden = true;
  send({ type: 'watch', session: selected, env, rate: RATE });
}

function showEnvs(envs) {
  const rows = envs.slice(0, 64).map((e) => {
    const tr = document.createElement('tr');
    for (const text of [e.index, e.episodeStep, e.return.toFixed(2), e.success ? 'yes' : '']) tr.append(Object.assign(document.createElement('td'), { textContent: String(text) }));
    tr.onclick = () => watch(e.index);
    return tr;
  });
  $('envs').tBodies[0].replaceChildren(...rows);
}

function canvasSize() {
  const ratio = window.devicePixelRatio || 1;
  return { width: Math.max(1, Math.round(canvas.clientWidth * ratio)), height: Math.max(1, Math.round(canvas.clientHeight * ratio)) };
}

function buildRenderer() {
  controls?.dispose();
  renderer?.dispose();
  renderer = createSceneRenderer(canvas, scene, { ...canvasSize(), preserveDrawingBuffer: true });
  controls = new OrbitControls(renderer.camera, canvas);
  controls.addEventListener('change', () => { needsRender = true; });
  if (lastPoses) renderer.setPoses(lastPoses);
  renderer.setGoal(lastGoal);
  applyCameraMode();
}

function applyCameraMode() {
  renderer.setCameraMode($('follow').checked ? 'follow' : 'orbit');
  controls.enabled = renderer.cameraMode === 'orbit';
  if (controls.enabled) {
    controls.target.copy(renderer.target);
    controls.update();
  }
  needsRender = true;
}

function showScene(message) {
  scene = message.scene;
  watching = { session: message.session, env: message.env };
  lastPoses = undefined;
  lastGoal = scene.goals[0]?.position ?? null;
  buildRenderer();
  $('hud').hidden = false;
  $('hud-title').textContent = `${scene.envId} · env ${message.env}`;
  setStatus(`watching env ${message.env} at up to ${message.rate} poses/s`);
}

function onFrame(buffer) {
  const view = new DataView(buffer);
  if (!renderer || view.getUint8(0) !== FRAME_KIND) return;
  const nbody = view.getUint16(2, true);
  const frame = {
    success: (view.getUint8(1) & 1) === 1,
    episodeStep: view.getUint32(4, true),
    episodeReturn: view.getFloat64(8, true),
  };
  const goal = [0, 1, 2].map((k) => view.getFloat32(16 + 4 * k, true));
  lastGoal = goal.some(Number.isNaN) ? null : goal;
  lastPoses = new Float32Array(buffer, FRAME_HEADER_BYTES, nbody * 7);
  if (lastPoses.length !== scene.bodies.length * 7) return;
  renderer.setPoses(lastPoses);
  renderer.setGoal(lastGoal);
  stats.framesReceived++;
  stats.lastFrame = frame;
  $('hud-step').textContent = String(frame.episodeStep);
  $('hud-return').textContent = frame.episodeReturn.toFixed(2);
  $('hud-success').textContent = frame.success ? 'success' : 'no success';
  needsRender = true;
}

function loop() {
  if (renderer && needsRender) {
    needsRender = false;
    if (renderer.cameraMode === 'orbit') controls.update();
    renderer.render();
    stats.framesRendered++;
  }
  requestAnimationFrame(loop);
}

$('follow').onchange = () => renderer && applyCameraMode();
$('watch').onclick = () => selected && watch(Number($('env-index').value) || 0);
window.addEventListener('resize', () => scene && buildRenderer());

/** For tests and benchmarks: where a world point lands on the canvas, and what the page has drawn. */
window.viewerTest = {
  stats,
  project: (xyz) => renderer?.project(xyz),
  bodyPosition: (b) => renderer?.bodyPosition(b),
  followBody: () => scene?.followBody,
  watching: () => watching,
};

connect();
requestAnimationFrame(loop);
