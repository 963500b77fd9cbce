import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectories } from '../../test/store/support/temporary-directory.ts';
import { type TaskGraphNode, writeRunManifest } from './run-manifest.ts';
import { computeRunTotals } from './run-totals.ts';
import { buildTaskResult } from './task-result.ts';
import { serializeTaskResult } from './task-result-file.ts';
import type { TaskResultRecord } from './task-result-record.ts';

const newDirectory = useTemporaryDirectories();

interface SampleGraphNode {
  id: string;
  description: string;
  depends_on: string[];
  agent: string | null;
  engine: string | null;
  model: string | null;
  allow_failure: boolean;
  worktree: boolean;
}

function microsecondsOf(iso: string): number {
  const [, seconds, fraction] = /^(.{19})(?:\.(\d{6}))?\+00:00$/.exec(iso)!;
  return Date.parse(`${seconds}Z`) * 1000 + Number(fraction ?? 0);
}

describe('writeRunManifest', () => {
  it.each(['demo_run', 'fake_engines_run'])(
    "reproduces maestro-cli's %s/run_manifest.json byte for byte",
    (run) => {
      const samplePath = `/work/shared/compat/runs/${run}/run_manifest.json`;
      const sample = JSON.parse(readFileSync(samplePath, 'utf8'));
      const results = Object.values(sample.task_results) as TaskResultRecord[];
      const startedAtMicroseconds = microsecondsOf(sample.started_at);
      const finishedAtMicroseconds = microsecondsOf(sample.finished_at);
      const totals = computeRunTotals(results, (finishedAtMicroseconds - startedAtMicroseconds) / 1e6);
      const graph = Object.values(sample.task_graph as Record<string, SampleGraphNode>).map(
        (node): TaskGraphNode => ({ ...node, dependsOn: node.depends_on, allowFailure: node.allow_failure }),
      );
      const input = {
        planName: sample.plan_name,
        runId: sample.run_id,
        runPath: sample.run_path,
        startedAtMicroseconds,
        finishedAtMicroseconds,
        success: sample.success,
        executionProfile: sample.execution_profile,
        taskResults: results,
        ...totals,
        budgetExceeded: false,
        planHash: sample.plan_hash,
        qualityScore: sample.quality_score,
        taskGraph: graph,
      };
      const outputPath = join(newDirectory(), 'run_manifest.json');
      writeRunManifest(outputPath, input);
      expect(totals.sequentialDurationSec).toBe(sample.sequential_duration_sec);
      expect(totals.parallelismSavingsPct).toBe(sample.parallelism_savings_pct);
      expect(totals.totalCostUsd).toBe(sample.total_cost_usd);
      expect(readFileSync(outputPath, 'utf8')).toBe(readFileSync(samplePath, 'utf8'));
      // result.json texts embedded as they are give the same bytes. (Not the sample's own result.json
      // files: maestro-cli sets task_hash after writing them, so its manifest differs from them.)
      const reusedPath = join(newDirectory(), 'run_manifest.json');
      const resultTexts = new Map(results.map((result) => [result.task_id, serializeTaskResult(result)]));
      writeRunManifest(reusedPath, {
        ...input,
        // Statuses only: the text stands for the rest.
        taskResults: results.map((result) => ({ ...result, output: 'not this' })),
        resultTexts,
      });
      expect(readFileSync(reusedPath, 'utf8')).toBe(readFileSync(samplePath, 'utf8'));
    },
  );

  it('writes empty task results as {}, leaves out an empty graph and adds Maestro extras last', () => {
    const outputPath = join(newDirectory(), 'run_manifest.json');
    writeRunManifest(outputPath, {
      planName: 'p',
      runId: 'r',
      runPath: '/r',
      startedAtMicroseconds: 0,
      finishedAtMicroseconds: 2_000_000,
      success: false,
      taskResults: [],
      sequentialDurationSec: 0,
      parallelismSavingsPct: 0,
      totalCostUsd: null,
      totalTokens: null,
      budgetExceeded: false,
      taskGraph: [],
      interrupted: true,
      resumedFrom: '/runs/old',
    });
    expect(readFileSync(outputPath, 'utf8')).toBe(
      [
        '{',
        '  "plan_name": "p",',
        '  "run_id": "r",',
        '  "run_path": "/r",',
        '  "started_at": "1970-01-01T00:00:00+00:00",',
        '  "finished_at": "1970-01-01T00:00:02+00:00",',
        '  "success": false,',
        '  "execution_profile": "plan",',
        '  "task_results": {},',
        '  "sequential_duration_sec": 0,',
        '  "parallelism_savings_pct": 0.0,',
        '  "total_cost_usd": null,',
        '  "total_tokens": null,',
        '  "budget_exceeded": false,',
        '  "interrupted": true,',
        '  "resumed_from": "/runs/old"',
        '}',
      ].join('\n'),
    );
  });

  it('streams 10 000 task results from a generator into valid JSON', () => {
    const outputPath = join(newDirectory(), 'run_manifest.json');
    function* results(): Generator<TaskResultRecord> {
      for (let index = 0; index < 10_000; index += 1) {
        yield buildTaskResult({
          taskId: `t${index}`,
          status: index % 10 ? 'success' : 'skipped',
          exitCode: 0,
          startedAtMicroseconds: index,
          finishedAtMicroseconds: index + 1500,
          logPath: `/run/t${index}.log`,
          resultPath: `/run/t${index}.result.json`,
        });
      }
    }
    function* graph(): Generator<TaskGraphNode> {
      for (let index = 0; index < 10_000; index += 1) {
        yield { id: `t${index}`, dependsOn: index ? [`t${index - 1}`] : [] };
      }
    }
    writeRunManifest(outputPath, {
      planName: 'big',
      runId: 'r',
      runPath: '/run',
      startedAtMicroseconds: 0,
      finishedAtMicroseconds: 1,
      success: true,
      taskResults: results(),
      sequentialDurationSec: 15,
      parallelismSavingsPct: 12.5,
      totalCostUsd: 0,
      totalTokens: 0,
      budgetExceeded: false,
      taskGraph: graph(),
    });
    const manifest = JSON.parse(readFileSync(outputPath, 'utf8'));
    expect(Object.keys(manifest.task_results)).toHaveLength(10_000);
    expect(manifest.task_results.t9999.duration_sec).toBe(0.0015);
    expect(manifest.task_graph.t9999.depends_on).toEqual(['t9998']);
    expect(manifest.total_cost_usd).toBe(0);
  });

  it('leaves no partial file behind when an input fails midway', () => {
    const directory = newDirectory();
    const outputPath = join(directory, 'run_manifest.json');
    function* failing(): Generator<TaskResultRecord> {
      yield* [];
      throw new Error('source failed');
    }
    expect(() =>
      writeRunManifest(outputPath, {
        planName: 'p',
        runId: 'r',
        runPath: '/r',
        startedAtMicroseconds: 0,
        finishedAtMicroseconds: 0,
        success: true,
        taskResults: failing(),
        sequentialDurationSec: 0,
        parallelismSavingsPct: 0,
        totalCostUsd: null,
        totalTokens: null,
        budgetExceeded: false,
        taskGraph: [],
      }),
    ).toThrow('source failed');
    expect(() => readFileSync(outputPath)).toThrow();
    expect(() => readFileSync(`${outputPath}.tmp`)).toThrow();
  });
});
