// Context passing through `maestro run` with the mock engine: each context_mode changes what the
// dependant's model receives (the mock echoes its prompt, so the task log shows it) and so what it
// answers; every trim, compaction and summary is an event; modes not built yet are refused by name.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { makeTempDir, runMaestro } from '../support/cli.ts';
import { type EventRecord, onlyRunDirectory, readEvents, readResult } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function runPlan(plan: Record<string, unknown>) {
  const dir = makeTempDir('maestro-context-');
  cleanups.push(dir.remove);
  const file = join(dir.path, 'plan.yaml');
  writeFileSync(file, stringify({ version: 1, ...plan }));
  const result = await runMaestro(['run', file, '-q', '--run-dir', join(dir.path, 'runs')], {
    cwd: dir.path,
  });
  const runsDir = join(dir.path, 'runs');
  const runPath = existsSync(runsDir) ? onlyRunDirectory(runsDir) : '';
  return {
    result,
    runPath,
    events: runPath ? readEvents(runPath) : [],
    log: (taskId: string) => readFileSync(join(runPath, `${taskId}.log`), 'utf8'),
  };
}

const eventsNamed = (events: EventRecord[], name: string) => events.filter((event) => event.event === name);

// Four paragraphs; only one is about the database.
const report = [
  'Frontend: the colour palette changed to blue and green for the dashboard widgets.',
  'Build: the webpack bundle grew by twelve kilobytes after adding the chart library.',
  'Database: migration 0042 failed because the users table has a duplicate email index.',
  'Docs: the README explains installing on Windows with WSL2 and PowerShell.',
].join('\n\n');

function reportPlan(mode: string) {
  return {
    name: `context-${mode}`,
    tasks: [
      { id: 'report', command: ['printf', '%s\n', report] },
      {
        id: 'answer',
        engine: 'mock',
        depends_on: ['report'],
        context_from: ['report'],
        context_mode: mode,
        context_budget_tokens: 45,
        prompt: 'Why did the database migration fail?',
        // A model that gets distracted by the palette when it sees it.
        mock: {
          replies: [{ match: 'palette', reply: 'DISTRACTED by colours. Prompt was: {{ prompt }}' }],
          reply: 'FOCUSED on the index. Prompt was: {{ prompt }}',
        },
      },
    ],
  };
}

describe('context_mode: selective', () => {
  it('keeps only the chunk relevant to the prompt under a small budget, and the answer changes', async () => {
    const selective = await runPlan(reportPlan('selective'));
    expect(selective.result.code, selective.result.stderr).toBe(0);
    const log = selective.log('answer');
    expect(log).toContain('FOCUSED on the index');
    expect(log).toContain('migration 0042 failed because the users table has a duplicate email index');
    expect(log).not.toContain('webpack');
    expect(log).toMatch(/\[context\] selective: report kept 1\/4 chunks by BM25 relevance/);
    const [trim] = eventsNamed(selective.events, 'context_budget_trim');
    expect(trim).toMatchObject({
      task_id: 'answer',
      upstream: 'report',
      mode: 'selective',
      chunks_total: 4,
      chunks_kept: 1,
      budget_tokens: 45,
    });
    expect(Number(trim!.tokens_after)).toBeLessThan(Number(trim!.tokens_before));
    const result = readResult(selective.runPath, 'answer');
    expect(Number(result.context_final_tokens)).toBeLessThanOrEqual(45);
    expect(Number(result.context_raw_tokens)).toBeGreaterThan(45);

    // The same plan with raw context: the whole report (trimmed to the budget from its head) reaches
    // the model, palette included.
    const raw = await runPlan(reportPlan('raw'));
    expect(raw.log('answer')).toContain('DISTRACTED by colours');
    expect(eventsNamed(raw.events, 'context_budget_trim')[0]).toMatchObject({
      mode: 'raw',
      upstream: 'report',
    });
  });
});

describe('context_mode: summarized', () => {
  it('calls the context model once per upstream and the task sees the summaries, not the outputs', async () => {
    const { result, events, log, runPath } = await runPlan({
      name: 'context-summarized',
      tasks: [
        {
          id: 'lint',
          command:
            'for i in $(seq 1 40); do echo "src/file$i.ts: 0 problems"; done; echo \'src/db.ts:12 unused variable conn\'',
        },
        { id: 'tests', command: "echo '118 passed, 2 failed: test_login, test_logout'" },
        {
          id: 'triage',
          engine: 'mock',
          model: 'worker',
          context_model: 'tiny-summarizer',
          depends_on: ['lint', 'tests'],
          context_from: '*',
          context_mode: 'summarized',
          context_budget_tokens: 300,
          prompt: 'Triage the failures. Lint said: {{ lint.summary }}',
          mock: {
            replies: [
              {
                match: "^Summarize the output of task 'lint'",
                reply: 'SUMMARY-LINT: one unused variable in src/db.ts',
              },
              {
                match: "^Summarize the output of task 'tests'",
                reply: 'SUMMARY-TESTS: login and logout tests fail',
              },
            ],
            reply: 'ECHO {{ prompt }}',
            cost_usd: 0.01,
          },
        },
      ],
    });
    expect(result.code, result.stderr).toBe(0);
    const calls = eventsNamed(events, 'model_call');
    expect(calls.map((call) => [call.purpose, call.model, call.ok])).toEqual([
      ['summarize', 'tiny-summarizer', true],
      ['summarize', 'tiny-summarizer', true],
    ]);
    expect(eventsNamed(events, 'context_summarize').map((event) => [event.upstream, event.ok])).toEqual([
      ['lint', true],
      ['tests', true],
    ]);
    const prompt = log('triage');
    expect(prompt).toContain('[Summary of task lint (success), by the context model]\nSUMMARY-LINT');
    expect(prompt).toContain('SUMMARY-TESTS: login and logout tests fail');
    expect(prompt).toContain('Lint said: SUMMARY-LINT: one unused variable in src/db.ts');
    expect(prompt).not.toContain('src/file7.ts: 0 problems');
    // The two summaries are charged to the task with its own attempt.
    expect(readResult(runPath, 'triage').cost_usd).toBeCloseTo(0.03, 10);
  });
});

describe('context_mode: map_reduce', () => {
  it('makes a map call per upstream and one reduce call, whose answer is {{ upstream_synthesis }}', async () => {
    const { result, events, log } = await runPlan({
      name: 'context-map-reduce',
      tasks: [
        { id: 'north', command: "echo 'north region: sales up 4%'" },
        { id: 'south', command: "echo 'south region: sales down 2%, one store closed'" },
        {
          id: 'brief',
          engine: 'mock',
          depends_on: ['north', 'south'],
          context_from: ['north', 'south'],
          context_mode: 'map_reduce',
          prompt: 'Write the brief. Synthesis: {{ upstream_synthesis }}',
          mock: {
            replies: [
              { match: "^Map step: extract from the output of task 'north'", reply: 'NOTE-N: +4%' },
              { match: "^Map step: extract from the output of task 'south'", reply: 'NOTE-S: -2%, closure' },
              { match: '^Reduce step[\\s\\S]*NOTE-N[\\s\\S]*NOTE-S', reply: 'SYNTHESIS: mixed, net +1%' },
            ],
            reply: 'ECHO {{ prompt }}',
          },
        },
      ],
    });
    expect(result.code, result.stderr).toBe(0);
    expect(eventsNamed(events, 'model_call').map((call) => call.purpose)).toEqual(['map', 'map', 'reduce']);
    expect(eventsNamed(events, 'context_summarize').map((event) => event.stage)).toEqual([
      'map',
      'map',
      'reduce',
    ]);
    const prompt = log('brief');
    expect(prompt).toContain('Synthesis: SYNTHESIS: mixed, net +1%');
    // Placed by the prompt itself, so not prepended a second time, and the raw outputs stay out.
    expect(prompt).not.toContain('[Synthesis of upstream tasks');
    expect(prompt).not.toContain('one store closed');
  });
});

describe('context_mode: layered', () => {
  it('fits the budget: head, key lines and tail of a long output instead of all of it', async () => {
    const { result, events, log, runPath } = await runPlan({
      name: 'context-layered',
      tasks: [
        {
          id: 'build',
          command:
            'for i in $(seq 1 150); do echo "compiled unit $i"; if [ $i = 97 ]; then echo \'error: unit 97 failed to link against libssl\'; fi; done',
        },
        {
          id: 'fix',
          engine: 'mock',
          depends_on: ['build'],
          context_from: ['build'],
          context_mode: 'layered',
          context_budget_tokens: 150,
          prompt: 'Fix the build.',
          mock: { reply: 'ECHO {{ prompt }}' },
        },
      ],
    });
    expect(result.code, result.stderr).toBe(0);
    const prompt = log('fix');
    expect(prompt).toContain('[Context from task build (success), layer L1]');
    expect(prompt).toContain('98: error: unit 97 failed to link against libssl');
    expect(prompt).toContain('compiled unit 1\n');
    expect(prompt).toContain('compiled unit 150');
    expect(prompt).not.toContain('compiled unit 60\n');
    expect(eventsNamed(events, 'context_budget_trim')).toEqual([
      expect.objectContaining({
        task_id: 'fix',
        upstream: 'build',
        mode: 'layered',
        layer: 1,
        budget_tokens: 150,
      }),
    ]);
    expect(Number(readResult(runPath, 'fix').context_final_tokens)).toBeLessThanOrEqual(150);
  });
});

describe('context_compaction', () => {
  it('progressive compaction shrinks a noisy output step by step before the budget trim', async () => {
    const { result, events, log, runPath } = await runPlan({
      name: 'context-compaction',
      tasks: [
        {
          id: 'poll',
          command:
            "echo start; for i in $(seq 1 200); do echo 'waiting for the database lock...'; done; echo '=========='; echo 'lock acquired after 200 tries'",
        },
        {
          id: 'next',
          engine: 'mock',
          depends_on: ['poll'],
          context_from: ['poll'],
          context_compaction: 'progressive',
          context_budget_tokens: 60,
          prompt: 'Continue.',
          mock: { reply: 'ECHO {{ prompt }}' },
        },
      ],
    });
    expect(result.code, result.stderr).toBe(0);
    const compaction = eventsNamed(events, 'context_compaction');
    expect(compaction[0]).toMatchObject({
      task_id: 'next',
      upstream: 'poll',
      level: 'progressive',
      step: 1,
      method: 'collapse_repeats',
    });
    expect(Number(compaction[0]!.tokens_after)).toBeLessThan(Number(compaction[0]!.tokens_before) / 10);
    const prompt = log('next');
    expect(prompt).toContain('waiting for the database lock...\n[previous line repeated 199 more times]');
    expect(prompt).toContain('lock acquired after 200 tries');
    expect(Number(readResult(runPath, 'next').context_final_tokens)).toBeLessThanOrEqual(60);
  });
});

describe('context_compact and compress_before', () => {
  const noisyTasks = (extra: Record<string, unknown>) => [
    { id: 'poll', command: "for i in $(seq 1 100); do echo 'still waiting'; done; echo 'ready'" },
    {
      id: 'next',
      engine: 'mock',
      depends_on: ['poll'],
      context_from: ['poll'],
      context_budget_tokens: 50,
      prompt: 'Go on.',
      mock: { reply: 'ECHO {{ prompt }}' },
      ...extra,
    },
  ];

  it('context_compact: true is the standard compaction', async () => {
    const { result, events, log } = await runPlan({
      name: 'compact-flag',
      tasks: noisyTasks({ context_compact: true }),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(eventsNamed(events, 'context_compaction')).toEqual([
      expect.objectContaining({ upstream: 'poll', level: 'standard', step: 1 }),
    ]);
    expect(log('next')).toContain('still waiting\n[previous line repeated 99 more times]\nready');
  });

  it('compress_before (compressing between retries) is refused by name', async () => {
    const { result, runPath } = await runPlan({
      name: 'compress-before',
      tasks: noisyTasks({ compress_before: true }),
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /\[E109\].*task 'next' key 'compress_before' \(context passing: compressing the context between retries\)/,
    );
    expect(runPath).toBe('');
  });
});

describe('modes that need later work', () => {
  for (const mode of ['recursive', 'structural', 'knowledge_graph', 'codebase_map', 'scip']) {
    it(`context_mode ${mode} is refused by name before a run directory exists`, async () => {
      const { result, runPath } = await runPlan({
        name: `refuse-${mode}`,
        workspace_root: '.',
        tasks: [
          { id: 'a', command: 'echo a' },
          {
            id: 'b',
            engine: 'mock',
            prompt: 'x',
            depends_on: ['a'],
            context_from: ['a'],
            context_mode: mode,
          },
        ],
      });
      expect(result.code).not.toBe(0);
      expect(result.stderr).toContain('[E109]');
      expect(result.stderr).toContain(`context_mode '${mode}' is not supported yet`);
      expect(runPath).toBe('');
    });
  }
});
