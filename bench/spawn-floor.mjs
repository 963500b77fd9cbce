// The physical floor for the DAG benchmark: the same number of spawns of the same command with the same
// parallelism, from a bare Node script that does nothing else (no plan, no logs, no events).
import { spawn } from 'node:child_process';

const [count = '1000', parallel = '8', mode = 'shell'] = process.argv.slice(2);
const total = Number(count);
const limit = Number(parallel);
let started = 0;
let finished = 0;
const begin = performance.now();

function launch() {
  if (started >= total) return;
  started += 1;
  const child =
    mode === 'shell'
      ? spawn('sh', ['-c', 'true'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
      : spawn('true', [], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout.resume();
  child.stderr.resume();
  child.on('close', () => {
    finished += 1;
    if (finished === total) {
      process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - begin) / 1000 })}\n`);
    } else launch();
  });
}
for (let slot = 0; slot < limit; slot += 1) launch();
