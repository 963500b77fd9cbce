import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectories } from '../../test/store/support/temporary-directory.ts';
import {
  formatEngineLabel,
  type RunSummaryInput,
  renderRunSummary,
  type SummaryTask,
  type SummaryTaskResult,
  writeRunSummary,
} from './run-summary.ts';
import { computeWaves } from './summary-waves.ts';
import type { TaskResultRecord } from './task-result-record.ts';

const newDirectory = useTemporaryDirectories();

function microsecondsOf(iso: string): number {
  const [, seconds, fraction] = /^(.{19})(?:\.(\d{6}))?\+00:00$/.exec(iso)!;
  return Date.parse(`${seconds}Z`) * 1000 + Number(fraction ?? 0);
}

// Summary input rebuilt from a sample run's manifest.
function inputFromSample(run: string, engineLabels: Record<string, string>, extra: Partial<RunSummaryInput>) {
  const manifest = JSON.parse(readFileSync(`/work/shared/compat/runs/${run}/run_manifest.json`, 'utf8'));
  const tasks: SummaryTask[] = Object.values(
    manifest.task_graph as Record<string, { id: string; depends_on: string[] }>,
  ).map((node) => ({
    id: node.id,
    dependsOn: node.depends_on,
    engineLabel: engineLabels[node.id] ?? 'shell',
  }));
  const results = new Map(Object.entries(manifest.task_results) as [string, TaskResultRecord][]);
  const input: RunSummaryInput = {
    planName: manifest.plan_name,
    runId: manifest.run_id,
    runPath: manifest.run_path,
    success: manifest.success,
    startedAtMicroseconds: microsecondsOf(manifest.started_at),
    finishedAtMicroseconds: microsecondsOf(manifest.finished_at),
    executionProfile: manifest.execution_profile,
    totalCostUsd: manifest.total_cost_usd,
    totalTokens: manifest.total_tokens,
    budgetExceeded: manifest.budget_exceeded,
    sequentialDurationSec: manifest.sequential_duration_sec,
    parallelismSavingsPct: manifest.parallelism_savings_pct,
    maxParallel: 2,
    tasks,
    results,
    ...extra,
  };
  return input;
}

const fakeEngineLabels = {
  cl: formatEngineLabel({ engine: 'claude', model: 'sonnet', reasoningEffort: 'high' }),
  cx: formatEngineLabel({ engine: 'codex', model: '5.5', reasoningEffort: 'low' }),
  gm: formatEngineLabel({ engine: 'gemini', model: 'pro' }),
  down: formatEngineLabel({ engine: 'claude', model: 'sonnet', reasoningEffort: 'high' }),
};

describe('renderRunSummary', () => {
  it("reproduces maestro-cli's demo run_summary.md byte for byte", () => {
    const input = inputFromSample('demo_run', {}, { maxParallel: 2 });
    expect(renderRunSummary(input)).toBe(
      readFileSync('/work/shared/compat/runs/demo_run/run_summary.md', 'utf8'),
    );
  });

  it('reproduces the failed run with budget, engines and failed-task details', () => {
    const input = inputFromSample('fake_engines_run', fakeEngineLabels, {
      maxParallel: 3,
      budgetUsd: 1,
      includeSkipReasons: false,
    });
    const expected = readFileSync('/work/shared/compat/runs/fake_engines_run/run_summary.md', 'utf8');
    expect(renderRunSummary(input)).toBe(expected);
  });

  it('adds a Skipped column with the reason when a task was skipped', () => {
    const input = inputFromSample('fake_engines_run', fakeEngineLabels, { maxParallel: 3, budgetUsd: 1 });
    const text = renderRunSummary(input);
    expect(text).toContain(
      '| Task | Status | Duration | Cost | Tokens | Engine | Skipped |\n' +
        '|------|--------|----------|------|--------|--------|---------|\n' +
        '| cl | failed | 0s | $0.01 | 1,550 | claude:sonnet@high |  |\n',
    );
    expect(text).toContain(
      "| down | skipped | 0s | --- | --- | claude:sonnet@high | Skipped because dependency failed: {'cl', 'cx'} |",
    );
  });

  it('prefers skip_reason and escapes table pipes', () => {
    const input = inputFromSample('fake_engines_run', fakeEngineLabels, { maxParallel: 3 });
    const down = input.results.get('down')!;
    (input.results as Map<string, SummaryTaskResult>).set('down', {
      ...down,
      skip_reason: 'when: a | b\nfalse',
    });
    expect(renderRunSummary(input)).toContain('| when: a \\| b false |');
  });

  it('lists test counts, retried tasks and the wide-wave note like maestro-cli', () => {
    const result = (overrides: Partial<SummaryTaskResult>): SummaryTaskResult => ({
      status: 'success',
      duration_sec: 75.2,
      cost_usd: null,
      token_usage: null,
      message: 'ok',
      log_path: '/run/x.log',
      stdout_tail: '',
      failure_history: [],
      ...overrides,
    });
    const input: RunSummaryInput = {
      planName: 'p',
      runId: 'r',
      runPath: '/run',
      success: true,
      startedAtMicroseconds: 0,
      finishedAtMicroseconds: 90_000_000,
      totalCostUsd: 0.125,
      totalTokens: 1234567,
      budgetExceeded: false,
      sequentialDurationSec: 0,
      parallelismSavingsPct: 0,
      maxParallel: 1,
      tasks: [
        { id: 'a', dependsOn: [] },
        { id: 'b', dependsOn: [] },
      ],
      results: new Map([
        ['a', result({ stdout_tail: '==== 73 passed, 11 skipped, 2 warnings in 3.06s ====' })],
        [
          'b',
          result({
            stdout_tail: 'Tests: 1 failed, 80 passed, 81 total',
            failure_history: [
              {
                attempt: 1,
                category: 'test_failure',
                exit_code: 3,
                message: 'x'.repeat(250),
                verify_tail: 'E1\nE2',
                duration_sec: 2,
              },
              {
                attempt: 2,
                category: 'timeout',
                exit_code: null,
                message: 'slow',
                verify_tail: '',
                duration_sec: 0,
              },
            ],
          }),
        ],
      ]),
    };
    const text = renderRunSummary(input);
    expect(text).toContain('| Duration | 1m30s |');
    expect(text).toContain('| Cost | $0.12 |');
    expect(text).toContain('| Tokens | 1,234,567 |');
    expect(text).not.toContain('| Parallelism');
    expect(text).toContain(
      '_Waves are DAG topological levels, not runtime slots. `max_parallel: 1` was respected',
    );
    expect(text).toContain('- **Wave 0**: a (1m15s), b (1m15s) — 1m15s wall / 2m30s CPU');
    expect(text).toContain(
      '## Test Results\n\n- **a**: 73 passed, 11 skipped, 2 warnings (pytest)\n- **b**: 1 failed, 80 passed, 81 total (jest)\n',
    );
    expect(text).toContain('### b — 2 failed attempt(s) before success');
    expect(text).toContain(
      `- **Attempt 1** (exit 3, test_failure, 2s): ${'x'.repeat(200)}\n  \`\`\`\n  E1\n  E2\n  \`\`\``,
    );
    expect(text).toContain('- **Attempt 2** (exit None, timeout): slow');
  });

  it('writes the file', () => {
    const path = join(newDirectory(), 'run_summary.md');
    writeRunSummary(path, inputFromSample('demo_run', {}, {}));
    expect(readFileSync(path, 'utf8')).toBe(
      readFileSync('/work/shared/compat/runs/demo_run/run_summary.md', 'utf8'),
    );
  });
});

describe('formatEngineLabel', () => {
  it('follows maestro-cli: group, engine:model@effort, engine, shell', () => {
    expect(formatEngineLabel({ group: 'sub.yaml', engine: 'claude' })).toBe('group:sub.yaml');
    expect(formatEngineLabel({ engine: 'codex', reasoningEffort: 'low' })).toBe('codex:low');
    expect(formatEngineLabel({ engine: 'gemini' })).toBe('gemini');
    expect(formatEngineLabel({})).toBe('shell');
  });
});

describe('computeWaves', () => {
  const all = () => true;

  it('groups tasks by DAG level in plan order, whatever the declaration order', () => {
    const tasks = [
      { id: 'd', dependsOn: ['b', 'c'] },
      { id: 'b', dependsOn: ['a'] },
      { id: 'a', dependsOn: [] },
      { id: 'c', dependsOn: ['a'] },
    ];
    expect(computeWaves(tasks, all)).toEqual([['a'], ['b', 'c'], ['d']]);
  });

  it('puts tasks blocked by a missing result or a cycle, sorted, in one last wave', () => {
    const tasks = [
      { id: 'z', dependsOn: ['gone'] },
      { id: 'a', dependsOn: [] },
      { id: 'y', dependsOn: ['x'] },
      { id: 'x', dependsOn: ['y'] },
      { id: 'after', dependsOn: ['z'] },
      { id: 'gone', dependsOn: [] },
    ];
    expect(computeWaves(tasks, (id) => id !== 'gone')).toEqual([['a'], ['after', 'x', 'y', 'z']]);
  });

  it('handles a 10 000-task chain without deep recursion', () => {
    const tasks = Array.from({ length: 10_000 }, (_, index) => ({
      id: `t${index}`,
      dependsOn: index ? [`t${index - 1}`] : [],
    }));
    const waves = computeWaves([...tasks].reverse(), all);
    expect(waves).toHaveLength(10_000);
    expect(waves[9_999]).toEqual(['t9999']);
  });
});
