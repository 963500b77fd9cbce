// `node bench/replay-floor.mjs CACHE_DIR OUT_DIR`: the physical floor of a fully cached re-run. The
// least any tool can do to answer every task of a run from a result cache and still leave a run directory
// of maestro-cli's layout: read each entry (result.json and task.log), write the task's log and
// result.json into the new run directory, hash the result, and append two hash-chained event lines per
// task (the hit and the completion), in one tight loop with no plan, scheduler, masking or manifest.
// bench/cached-rerun.mjs times this script next to `maestro run` on the same cache.
import { hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const [cacheDir, outDir] = process.argv.slice(2);
if (!cacheDir || !outDir) {
  process.stderr.write('usage: node bench/replay-floor.mjs CACHE_DIR OUT_DIR\n');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

// Entries live in <cache>/<key[:2]>/<key>/; other files there (the index) are not entries.
const entryDirs = [];
for (const prefix of readdirSync(cacheDir)) {
  if (prefix.length !== 2) continue;
  for (const key of readdirSync(join(cacheDir, prefix))) entryDirs.push(join(cacheDir, prefix, key));
}

const short = (text) => hash('sha256', text, 'hex').slice(0, 16);
let previousHash = '0000000000000000';
let lines = '';
const appendEvent = (event) => {
  const payload = JSON.stringify({ ts: new Date().toISOString(), ...event });
  previousHash = short(payload + previousHash);
  lines += `${payload.slice(0, -1)}, "hash": "${previousHash}"}\n`;
};

for (const dir of entryDirs) {
  const entry = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
  const taskId = String(entry.task_id);
  writeFileSync(join(outDir, `${taskId}.log`), readFileSync(join(dir, 'task.log')));
  const resultText = JSON.stringify({ ...entry, cached: true }, null, 2);
  writeFileSync(join(outDir, `${taskId}.result.json`), resultText);
  appendEvent({ event: 'cache_hit', task_id: taskId, key: entry._cache_key, status: entry.status });
  appendEvent({
    event: 'task_complete',
    task_id: taskId,
    status: entry.status,
    result_hash: short(resultText),
  });
}
const events = openSync(join(outDir, 'events.jsonl'), 'w');
writeSync(events, lines);
closeSync(events);
process.stdout.write(`${entryDirs.length}\n`);
