// The `--env-servers` value: a comma-separated list of host:port addresses, or one DNS name (`dns:///name:port`)
// that resolves to many servers. Sessions live on one server, so a DNS name is expanded here into one address per
// resolved IP (each then gets its own channel and its own envs), instead of letting one round-robin channel send a
// session's calls to servers that do not hold it.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export class TargetError extends Error {}

const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/;

/** Splits and checks the list; throws TargetError naming the bad entry and the accepted forms. */
export function parseEnvServers(text: string): string[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new TargetError(`--env-servers: empty; give host:port[,host:port...] or dns:///name:port`);
  for (const item of items) {
    const address = item.startsWith('dns:///') ? item.slice('dns:///'.length) : item;
    const m = HOST_PORT.exec(address);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
      throw new TargetError(`--env-servers: '${item}' is not host:port or dns:///name:port (port 1..65535)`);
    }
  }
  if (new Set(items).size !== items.length) throw new TargetError(`--env-servers: '${text}' names a server twice`);
  return items;
}

/** Expands `dns:///name:port` entries into one `ip:port` per resolved address (sorted, so the order is stable). */
export async function resolveEnvServers(targets: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const target of targets) {
    if (!target.startsWith('dns:///')) {
      out.push(target);
      continue;
    }
    const address = target.slice('dns:///'.length);
    const colon = address.lastIndexOf(':');
    const host = address.slice(0, colon);
    const port = address.slice(colon + 1);
    if (isIP(host)) {
      out.push(`${host}:${port}`);
      continue;
    }
    let records;
    try {
      records = await lookup(host, { all: true });
    } catch (err) {
      throw new TargetError(`--env-servers: cannot resolve '${host}' (${(err as Error).message})`);
    }
    const ips = [...new Set(records.map((r) => (r.family === 6 ? `[${r.address}]` : r.address)))].sort();
    for (const ip of ips) out.push(`${ip}:${port}`);
  }
  return [...new Set(out)];
}
