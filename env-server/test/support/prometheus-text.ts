// Reads samples out of Prometheus text exposition (what GET /metrics returns), for metrics tests.

/** Every sample line `name{labels} value` as [name, labels, value]. */
export function samples(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: '${line}'`);
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return out;
}

/** The value of the sample `name` whose labels include `labels`; throws if there is none. */
export function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const found = samples(text).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (!found) throw new Error(`no sample ${name}${JSON.stringify(labels)} in:\n${text}`);
  return found.value;
}

/** GET http://address/metrics as text (throws on a non-200 answer). */
export async function scrape(address: string): Promise<string> {
  const response = await fetch(`http://${address}/metrics`);
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
  return response.text();
}
