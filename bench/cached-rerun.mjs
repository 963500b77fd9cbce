// `node bench/cached-rerun.mjs`: a fully cached re-run of the kernel benchmark's 1000-task plan (layered
// DAG, width 50, two deps each, max_parallel 8, every task `true`). One run fills the cache; the re-runs
// are timed (median wall and CPU time of the process and its children) next to the Node start-up floor
// (`node -e 0`), and one more re-run under `strace -f` counts the processes it spawned (target: none).
// Never used as a test: timings on a shared 2-core machine are noisy, so each figure is a median.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLayeredPlan } from './gen-plan.mjs';
import { benchWorkDir, fileCreationMicros, settleDisk } from './work-dir.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const repeats = Number(process.env.BENCH_REPEATS ?? 7);
const tasks = Number(process.env.BENCH_TASKS ?? 1000);
const work = benchWorkDir('cached-rerun');
// The first run remembers the plan (src/plan/plan-cache.ts), as a user's would, in the work folder.
process.env.MAESTRO_PLAN_CACHE_DIR = join(work, 'plan-cache');
const plan = writeLayeredPlan(join(work, 'plan.yaml'), { tasks });
const runs = join(work, 'runs');

// Children's CPU time accumulates in this process's cutime/cstime once they are waited for.
function childCpuSeconds() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // cutime + cstime, in clock ticks (100 Hz)
  } catch {
    return Number.NaN;
  }
}

function timeOnce(command, args) {
  const cpuBefore = childCpuSeconds();
  const begin = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', cwd: work });
  const wall = (performance.now() - begin) / 1000;
  if (result.status !== 0)
    throw new Error(`failed (${result.status}): ${command} ${args.join(' ')}\n${result.stderr}`);
  return { wall, cpu: childCpuSeconds() - cpuBefore, stdout: result.stdout };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(command, makeArgs) {
  const samples = [];
  for (let index = 0; index < repeats; index += 1) samples.push(timeOnce(command, makeArgs()));
  return {
    wall: median(samples.map((sample) => sample.wall)),
    cpu: median(samples.map((sample) => sample.cpu)),
    min: Math.min(...samples.map((sample) => sample.wall)),
    max: Math.max(...samples.map((sample) => sample.wall)),
  };
}

// Processes started by the run: every execve after the first (node itself) and every clone without
// CLONE_THREAD (threads are how Node runs its workers and libuv's pool; they are not processes).
function countSpawns() {
  const trace = join(work, 'strace.txt');
  const probe = spawnSync('strace', ['-V'], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  const result = spawnSync(
    'strace',
    [
      '-f',
      '-qq',
      '-e',
      'trace=execve,clone,clone3,fork,vfork',
      '-o',
      trace,
      process.execPath,
      cli,
      'run',
      plan,
      '-q',
      '--run-dir',
      runs,
    ],
    { encoding: 'utf8', cwd: work },
  );
  if (result.status !== 0) throw new Error(`traced run failed: ${result.stderr}`);
  const lines = readFileSync(trace, 'utf8').split('\n');
  const execs = lines.filter((line) => /\bexecve\(/.test(line) && !/= -\d/.test(line)).length;
  const forks = lines.filter(
    (line) => /\b(clone3?|v?fork)\(/.test(line) && !line.includes('CLONE_THREAD') && !/= -\d/.test(line),
  ).length;
  return { processes: Math.max(0, execs - 1) + forks, execs: execs - 1, forks };
}

const ms = (seconds) => `${(seconds * 1000).toFixed(0)} ms`;
const print = (label, value, extra = '') =>
  process.stdout.write(`${label.padEnd(52)} ${value.padStart(9)}  ${extra}\n`);

await settleDisk();
print('disk: creating one small file in the work folder', `${fileCreationMicros(work).toFixed(0)} us`, work);
const fill = timeOnce(process.execPath, [cli, 'run', plan, '-q', '--run-dir', runs]);
print(
  `first run, fills the cache (${tasks} tasks)`,
  `${fill.wall.toFixed(2)} s`,
  `cpu ${fill.cpu.toFixed(2)} s`,
);
const floor = measure(process.execPath, () => ['-e', '0']);
print('node -e 0 (start-up floor)', ms(floor.wall), `cpu ${ms(floor.cpu)}`);
// The physical floor of the re-run itself: the same cache read and the same files and hash-chained
// events written, by a bare script (bench/replay-floor.mjs), into a fresh folder each time.
let replays = 0;
const replay = measure(process.execPath, () => [
  join(root, 'bench', 'replay-floor.mjs'),
  join(runs, '.cache'),
  join(work, 'replay', String(replays++)),
]);
const replayed = Number(
  timeOnce(process.execPath, [
    join(root, 'bench', 'replay-floor.mjs'),
    join(runs, '.cache'),
    join(work, 'replay', 'count'),
  ]).stdout,
);
if (replayed !== tasks)
  throw new Error(`the replay floor found ${replayed} cache entries, expected ${tasks}`);
print(
  `replay floor: a bare script writing the same files`,
  ms(replay.wall),
  `cpu ${ms(replay.cpu)}; range ${ms(replay.min)}-${ms(replay.max)} (bench/replay-floor.mjs)`,
);
const rerun = measure(process.execPath, () => [cli, 'run', plan, '-q', '--run-dir', runs]);
print(
  `fully cached re-run (${tasks} tasks), median of ${repeats}`,
  ms(rerun.wall),
  `cpu ${ms(rerun.cpu)}; range ${ms(rerun.min)}-${ms(rerun.max)}; ${(rerun.wall / replay.wall).toFixed(2)}x the replay floor, ${(rerun.wall / floor.wall).toFixed(1)}x node -e 0; target < 300 ms, maestro-cli 1540 ms`,
);
// For scale: loading the plan alone, and a dry run (every task recorded, nothing run or read).
const validate = measure(process.execPath, () => [cli, 'validate', plan]);
print('maestro validate (plan loading alone)', ms(validate.wall), `cpu ${ms(validate.cpu)}`);
const dry = measure(process.execPath, () => [
  cli,
  'run',
  plan,
  '-q',
  '--run-dir',
  join(work, 'dry'),
  '--dry-run',
]);
print('maestro run --dry-run (records every task)', ms(dry.wall), `cpu ${ms(dry.cpu)}`);
const runDirs = readdirSync(runs).filter((name) => !name.startsWith('.'));
const lastRun = join(runs, runDirs.sort().at(-1));
const events = readFileSync(join(lastRun, 'events.jsonl'), 'utf8');
const hits = (events.match(/"event": "cache_hit"/g) ?? []).length;
const starts = (events.match(/"event": "task_start"/g) ?? []).length;
print('cache hits / task_start in the last re-run', `${hits}/${starts}`, `of ${tasks} tasks`);
const spawns = countSpawns();
print(
  'processes spawned by a cached re-run (strace -f)',
  spawns ? String(spawns.processes) : 'n/a',
  spawns ? `execve ${spawns.execs}, fork/clone ${spawns.forks}; target 0` : 'strace not available',
);
