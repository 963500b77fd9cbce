// `node bench/council-latency.mjs` (after `npm run build`): do council members of a round run in
// parallel? Three `mock` members answer after 200 ms each; a 2-round session makes 10 calls in 4 stages
// (3 answers, 3 deliberations, 3 rankings, 1 chair). If members ran one at a time the session would take
// 10 x 200 ms; in parallel it takes 4 stages x 200 ms plus the kernel's overhead. Printed: the session in
// process (SDK, attempts in this process) and through `maestro council` (a fresh process, attempts in
// the attempt host), each against both figures. Median of BENCH_REPEATS runs (default 3). Never a test.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchWorkDir } from './work-dir.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { LocalExecutor, parseMemberSpecs, resolveCouncilConfig, runCouncilSession } = await import(
  join(root, 'dist', 'index.js')
);
const LATENCY_MS = 200;
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const work = benchWorkDir('council');

const mock = (value) => ({
  latency_ms: LATENCY_MS,
  replies: [
    { match: 'FINAL RANKING', reply: 'FINAL RANKING:\n1. Response A\n2. Response B\n3. Response C' },
    { match: 'MINORITY REPORT', reply: `FINAL ANSWER: ${value}\nMINORITY REPORT: none.` },
    { match: '.', reply: `FINAL ANSWER: ${value}` },
  ],
});
const members = parseMemberSpecs(['mock:a', 'mock:b', 'mock:c']).map((member) => ({
  ...member,
  options: { mock: mock('42') },
}));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const inProcess = [];
for (let index = 0; index < repeats; index += 1) {
  const council = resolveCouncilConfig({ question: 'What is 6 times 7?', members, rounds: 2 });
  const begin = performance.now();
  const result = await runCouncilSession(council, {
    executor: new LocalExecutor(),
    projectDir: work,
  });
  inProcess.push((performance.now() - begin) / 1000);
  if (result.session.totals.calls !== 10)
    throw new Error(`expected 10 calls, got ${result.session.totals.calls}`);
}

const config = join(work, 'council.yaml');
writeFileSync(
  config,
  ['question: "What is 6 times 7?"', 'rounds: 2', 'members:']
    .concat(
      ['a', 'b', 'c'].map(
        (model) => `  - {engine: mock, model: ${model}, options: {mock: ${JSON.stringify(mock('42'))}}}`,
      ),
    )
    .join('\n'),
);
const viaCli = [];
for (let index = 0; index < repeats; index += 1) {
  const begin = performance.now();
  const run = spawnSync(
    process.execPath,
    [join(root, 'dist', 'cli', 'main.js'), 'council', '--config', config],
    {
      cwd: work,
      encoding: 'utf8',
    },
  );
  viaCli.push((performance.now() - begin) / 1000);
  if (run.status !== 0) throw new Error(`maestro council failed: ${run.stderr}`);
}
const bare = [];
for (let index = 0; index < repeats; index += 1) {
  const begin = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  bare.push((performance.now() - begin) / 1000);
}

const parallelFloor = (4 * LATENCY_MS) / 1000;
const sequential = (10 * LATENCY_MS) / 1000;
const row = (label, seconds, extra = '') =>
  process.stdout.write(`${label.padEnd(58)} ${`${seconds.toFixed(2)} s`.padStart(8)}  ${extra}\n`);
row('latency floor: 4 stages x 200 ms (members in parallel)', parallelFloor);
row('if members ran one at a time: 10 calls x 200 ms', sequential);
row(
  'council session in process (3 members, 2 rounds)',
  median(inProcess),
  `${(median(inProcess) / parallelFloor).toFixed(2)}x the parallel floor, ${(median(inProcess) / sequential).toFixed(2)}x sequential`,
);
row(
  'maestro council (fresh process, attempt host)',
  median(viaCli),
  `${(median(viaCli) / parallelFloor).toFixed(2)}x the parallel floor; node start-up alone ${median(bare).toFixed(2)} s`,
);
