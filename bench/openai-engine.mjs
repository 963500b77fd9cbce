// `node bench/openai-engine.mjs` (after `npm run build`): the `openai` engine against the local fake
// OpenAI server (20 ms latency per reply, in its own process), 1000 calls 64 at a time, compared with the
// floor: the same 1000 streamed chat completions sent by a bare promise pool of 64 with Node's fetch.
//   1. in-process: 1000 engine.run calls vs the fetch pool, wall time and client CPU time per call;
//   2. through the CLI: `maestro run` of a generated 1000-task plan (max_parallel 64) vs a bare node
//      process doing the fetch pool (both include Node's start-up), and vs the same plan on the `mock`
//      engine with the same 20 ms latency (the kernel's own share).
// Each figure is the median of BENCH_REPEATS runs (default 3). Never a test: timings on a shared machine
// are noisy.
import { spawn, spawnSync } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchWorkDir, fileCreationMicros, settleDisk } from './work-dir.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const TASKS = 1000;
const PARALLEL = 64;
const LATENCY_MS = 20;
const repeats = Number(process.env.BENCH_REPEATS ?? 3);

// `node bench/openai-engine.mjs --fetch-floor URL`: the bare process floor used in part 2.
if (process.argv[2] === '--fetch-floor') {
  const begin = performance.now();
  await fetchPool(process.argv[3]);
  process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - begin) / 1000 })}\n`);
  process.exit(0);
}

function chatBody(index) {
  return JSON.stringify({
    model: 'gpt-4.1-mini',
    messages: [{ role: 'user', content: `Say hello ${index}` }],
    stream: true,
    stream_options: { include_usage: true },
  });
}

async function pool(count, parallel, work) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await work(index);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

async function fetchPool(url) {
  await pool(TASKS, PARALLEL, async (index) => {
    const response = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: chatBody(index),
    });
    const text = await response.text();
    if (!response.ok || !text.includes('[DONE]')) throw new Error(`bad reply ${response.status}`);
  });
}

// One caller signal for every call: creating the caller's AbortController is the kernel's cost (part 2).
const callerSignal = new AbortController().signal;
setMaxListeners(0, callerSignal);

// The engine's own transport (node:http on a keep-alive agent), bare: a second, lower floor.
const keepAliveAgent = new http.Agent({ keepAlive: true });

async function httpPool(url) {
  const target = new URL(`${url}/chat/completions`);
  await pool(TASKS, PARALLEL, async (index) => {
    const body = chatBody(index);
    const text = await new Promise((resolve, reject) => {
      const request = http.request(
        target,
        {
          method: 'POST',
          agent: keepAliveAgent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          let received = '';
          response.setEncoding('utf8');
          response.on('data', (chunk) => {
            received += chunk;
          });
          response.on('end', () => resolve(received));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
    if (!text.includes('[DONE]')) throw new Error('bad reply');
  });
}

async function enginePool(engine, url) {
  await pool(TASKS, PARALLEL, async (index) => {
    const outcome = await engine.run(
      {
        taskId: `t${index}`,
        engine: 'openai',
        attempt: 1,
        cwd: root,
        env: {},
        prompt: `Say hello ${index}`,
        model: 'gpt-4.1-mini',
        timeoutMs: 60_000,
        options: { base_url: url },
      },
      { signal: callerSignal, onStdout: () => {} },
    );
    if (!outcome.ok) throw new Error(outcome.error?.message);
  });
}

async function timed(run) {
  const cpuBefore = process.cpuUsage();
  const begin = performance.now();
  await run();
  const seconds = (performance.now() - begin) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function medianSample(samples) {
  return {
    seconds: median(samples.map((sample) => sample.seconds)),
    cpuSeconds: median(samples.map((sample) => sample.cpuSeconds)),
  };
}

function startFakeServer() {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'test', 'support', 'fake-providers', 'serve-fake-provider.ts'),
      'openai',
      '--latency-ms',
      String(LATENCY_MS),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      buffer += chunk;
      const line = buffer.split('\n')[0];
      if (buffer.includes('\n')) resolve({ url: JSON.parse(line).url, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`fake server exited with ${code}`)));
  });
}

function writePlan(path, { engine, baseUrl }) {
  const lines = [
    'version: 1',
    `name: bench-${engine}`,
    `max_parallel: ${PARALLEL}`,
    'defaults:',
    '  timeout_sec: 60',
  ];
  if (engine === 'openai') lines.push('  openai:', '    model: gpt-4.1-mini', `    base_url: ${baseUrl}`);
  lines.push('tasks:');
  for (let index = 0; index < TASKS; index += 1) {
    lines.push(`  - id: t${index}`, `    engine: ${engine}`, `    prompt: "Say hello ${index}"`);
    if (engine === 'mock')
      lines.push(`    mock: {latency_ms: ${LATENCY_MS}, reply: "Hello from the fake model"}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function timeProcess(args, cwd) {
  const begin = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  const seconds = (performance.now() - begin) / 1000;
  if (result.status !== 0) throw new Error(`failed (${result.status}): ${args.join(' ')}\n${result.stderr}`);
  return { seconds, stdout: result.stdout };
}

const rows = [];
const print = (label, value, extra = '') => {
  rows.push(`${label.padEnd(64)} ${value.padStart(10)}  ${extra}`);
  process.stdout.write(`${rows.at(-1)}\n`);
};

const server = await startFakeServer();
const work = benchWorkDir('openai');
// Remembered plans (src/plan/plan-cache.ts) stay in the work folder.
process.env.MAESTRO_PLAN_CACHE_DIR = join(work, 'plan-cache');
try {
  const { OpenAIEngine } = await import(
    pathToFileURL(join(root, 'dist', 'engines', 'http', 'index.js')).href
  );
  const engine = new OpenAIEngine({ environment: {} });
  await fetchPool(server.url); // warm-up: connections, JIT
  await httpPool(server.url);
  await enginePool(engine, server.url);

  // Floor and engine runs alternate, so that load from elsewhere on the machine hits both alike.
  const floorRuns = [];
  const httpRuns = [];
  const engineRuns = [];
  for (let index = 0; index < repeats; index += 1) {
    floorRuns.push(await timed(() => fetchPool(server.url)));
    httpRuns.push(await timed(() => httpPool(server.url)));
    engineRuns.push(await timed(() => enginePool(engine, server.url)));
  }
  const httpFloor = medianSample(httpRuns);
  const floor = medianSample(floorRuns);
  const inProcess = medianSample(engineRuns);
  const ratios = engineRuns.map((run, index) => run.seconds / floorRuns[index].seconds);
  const ideal = (TASKS / PARALLEL) * (LATENCY_MS / 1000);
  print(`ideal: ${TASKS} replies x ${LATENCY_MS} ms / ${PARALLEL} parallel`, `${ideal.toFixed(2)} s`);
  print(
    'floor: bare fetch pool of 64, in-process',
    `${floor.seconds.toFixed(3)} s`,
    `client CPU ${floor.cpuSeconds.toFixed(2)} s`,
  );
  print(
    'floor 2: bare node:http keep-alive pool of 64 (the engine transport)',
    `${httpFloor.seconds.toFixed(3)} s`,
    `client CPU ${httpFloor.cpuSeconds.toFixed(2)} s`,
  );
  print(
    'openai engine: 1000 x engine.run, pool of 64, in-process',
    `${inProcess.seconds.toFixed(3)} s`,
    `ratio ${median(ratios).toFixed(2)}x (median of paired runs; target <= 1.3x); client CPU ${inProcess.cpuSeconds.toFixed(2)} s`,
  );
  print(
    'engine layer per call above bare node:http (client CPU)',
    `${(((inProcess.cpuSeconds - httpFloor.cpuSeconds) / TASKS) * 1e6).toFixed(0)} us`,
    `ratio ${median(engineRuns.map((run, index) => run.seconds / httpRuns[index].seconds)).toFixed(2)}x wall`,
  );
  print(
    'engine layer per call above the fetch floor (wall, amortised)',
    `${(((inProcess.seconds - floor.seconds) / TASKS) * 1e6).toFixed(0)} us`,
  );
  print(
    'engine layer per call above the fetch floor (client CPU)',
    `${(((inProcess.cpuSeconds - floor.cpuSeconds) / TASKS) * 1e6).toFixed(0)} us`,
  );

  // Part 2 creates thousands of files (run folders, cache entries), the floor none: it starts on a disk
  // that is not still passing over the inodes an earlier benchmark freed (see work-dir.mjs).
  await settleDisk();
  print(
    'disk: creating one small file in the work folder',
    `${fileCreationMicros(work).toFixed(0)} us`,
    work,
  );
  const openaiPlan = writePlan(join(work, 'openai.yaml'), { engine: 'openai', baseUrl: server.url });
  const mockPlan = writePlan(join(work, 'mock.yaml'), { engine: 'mock' });
  // A cache folder per run: every run is a first run (a shared one would turn repeats into cache hits).
  const runPlan = (plan, name) =>
    timeProcess(
      [cli, 'run', plan, '-q', '--run-dir', join(work, name), '--cache-dir', join(work, `${name}-cache`)],
      work,
    ).seconds;
  const processFloors = [];
  const cliOpenai = [];
  const cliMock = [];
  for (let index = 0; index < repeats; index += 1) {
    const run = timeProcess([fileURLToPath(import.meta.url), '--fetch-floor', server.url], work);
    processFloors.push({ wall: run.seconds, pool: JSON.parse(run.stdout).seconds });
    cliOpenai.push(runPlan(openaiPlan, `openai-${index}`));
    cliMock.push(runPlan(mockPlan, `mock-${index}`));
  }
  const processFloorWall = median(processFloors.map((run) => run.wall));
  const openaiSeconds = median(cliOpenai);
  const mockSeconds = median(cliMock);
  print(
    'floor: bare node process, fetch pool of 64 (incl. start-up)',
    `${processFloorWall.toFixed(3)} s`,
    `pool alone ${median(processFloors.map((run) => run.pool)).toFixed(3)} s`,
  );
  print(
    'maestro run: 1000 openai tasks, max_parallel 64',
    `${openaiSeconds.toFixed(3)} s`,
    `ratio ${median(cliOpenai.map((seconds, index) => seconds / processFloors[index].wall)).toFixed(2)}x vs the process floor`,
  );
  print(
    'maestro run: 1000 mock tasks (20 ms latency), max_parallel 64',
    `${mockSeconds.toFixed(3)} s`,
    `the kernel's share; the openai engine adds ${(((openaiSeconds - mockSeconds) / TASKS) * 1e6).toFixed(0)} us per task`,
  );
} finally {
  server.stop();
}
