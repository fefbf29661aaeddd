// Child process of the datasets benchmark: loads one file one way, prints {seconds, maxRssKb} as JSON.
// Usage: node load-child.js <raw|loader> <file>
import { readNpz } from '../src/npz/npz-reader.js';
import { loadDataset } from '../src/loader/load-dataset.js';

const [mode, file] = process.argv.slice(2);
if ((mode !== 'raw' && mode !== 'loader') || !file) {
  console.error(`usage: load-child <raw|loader> <file> (got mode '${mode}'; valid: raw, loader)`);
  process.exit(2);
}
const start = process.hrtime.bigint();
let checksum = 0;
if (mode === 'raw') {
  const arrays = await readNpz(file);
  for (const a of Object.values(arrays)) checksum += a.data.length;
} else {
  const d = await loadDataset(file);
  checksum = d.size + d.nextObservations!.data.length;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(JSON.stringify({ seconds, maxRssKb: process.resourceUsage().maxRSS, checksum }));
