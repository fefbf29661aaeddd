import { startServer } from './dist/src/index.js';
import { Client } from './dist/test/server-harness.js';
const server = await startServer({ workers: 1 });
const c = new Client(server.address);
let t = Date.now();
const info = await c.unary('getServerInfo', {});
console.log('first GetServerInfo ms', Date.now() - t, 'maxEnvsPerSession', info.maxEnvsPerSession);
t = Date.now(); await c.unary('getServerInfo', {}); console.log('second ms', Date.now() - t);
for (const id of process.argv.slice(2)) {
  const ids = [];
  t = Date.now();
  try { await c.createSession(id, 1000); } catch (e) { console.log(id, '1000 →', e.details); }
  for (;;) {
    try { ids.push((await c.createSession(id, 50)).sessionId); } catch (e) { console.log(id, 'after', ids.length * 50, '→', e.code, e.details); break; }
  }
  try { ids.push((await c.createSession(id, 1)).sessionId); } catch (e) { console.log('one more:', e.details); }
  const m = /at most (\d+)/.exec(await c.createSession(id, 1000).catch((e) => e.details))?.[1];
  if (m && Number(m) > 0) { try { ids.push((await c.createSession(id, Number(m))).sessionId); console.log('filled to the last', m, 'ok'); } catch (e) { console.log('last fill failed', e.details); } }
  for (const s of ids) await c.close(s);
  console.log(id, 'fill ms', Date.now() - t, 'rss MB', (process.memoryUsage().rss / 1e6).toFixed(0));
  const again = await c.createSession(id, 10); await c.close(again.sessionId); console.log('again ok');
}
c.dispose(); await server.close();
