// output_schema through `maestro run` with the mock engine: the output is validated with Ajv, a failure
// is retried with the validation errors in the prompt, and the parsed value feeds `{{ id.output.FIELD }}`
// in dependants' commands and prompts, is kept as `structured_output` in result.json, and still feeds
// them after --resume.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { makeTempDir, runMaestro } from '../support/cli.ts';
import { readEvents, readResult, runDirectories } from '../support/run-dir.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function workspace(plan: Record<string, unknown>) {
  const dir = makeTempDir('maestro-schema-');
  cleanups.push(dir.remove);
  const file = join(dir.path, 'plan.yaml');
  writeFileSync(file, stringify({ version: 1, ...plan }));
  const runsDir = join(dir.path, 'runs');
  const run = async (extra: string[] = []) => {
    const result = await runMaestro(['run', file, '-q', '--run-dir', runsDir, ...extra], { cwd: dir.path });
    const runPath = runDirectories(runsDir).at(-1) ?? '';
    return {
      result,
      runPath,
      events: runPath ? readEvents(runPath) : [],
      log: (taskId: string) => readFileSync(join(runPath, `${taskId}.log`), 'utf8'),
    };
  };
  return { dir: dir.path, run };
}

const releaseSchema = {
  type: 'object',
  required: ['version', 'count', 'files'],
  properties: {
    version: { type: 'string' },
    count: { type: 'integer' },
    files: {
      type: 'array',
      items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    },
  },
};

const fixedAnswer =
  'Corrected:\n```json\n{"version": "1.2.0", "count": 2, "files": [{"name": "a.txt"}, {"name": "b.txt"}]}\n```';

function releasePlan(extraTasks: Record<string, unknown>[] = [], maxRetries = 1) {
  return {
    name: 'structured',
    tasks: [
      {
        id: 'release',
        engine: 'mock',
        prompt: 'Describe the release as JSON.',
        max_retries: maxRetries,
        output_schema: releaseSchema,
        mock: {
          // Only a prompt that carries the validator's complaint gets the corrected answer.
          replies: [{ match: '/count must be integer', reply: fixedAnswer }],
          reply: '{"version": "1.2.0", "count": "two", "files": []}',
        },
      },
      ...extraTasks,
    ],
  };
}

const consumer = {
  id: 'publish',
  depends_on: ['release'],
  command:
    'echo "version={{ release.output.version }} second={{ release.output.files.1.name }} count={{ release.output.count }}"',
};

describe('output_schema', () => {
  it('a first answer that breaks the schema is retried with the errors injected, and the retry passes', async () => {
    const { run } = workspace(releasePlan([consumer]));
    const { result, runPath, events, log } = await run();
    expect(result.code, result.stderr).toBe(0);
    const checks = events.filter((event) => event.event === 'output_schema_check');
    expect(checks.map((check) => [check.attempt, check.valid])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(checks[0]!.errors).toEqual(['/count must be integer']);
    expect(checks[1]).toMatchObject({ json_source: 'fenced' });
    const retry = events.find((event) => event.event === 'task_retry');
    expect(retry?.reason).toBe('output does not match output_schema (1 error): /count must be integer');
    const record = readResult(runPath, 'release');
    expect(record).toMatchObject({ status: 'success', attempts: 2 });
    expect(record.failure_history).toEqual([
      expect.objectContaining({ attempt: 1, category: 'output_format_error' }),
    ]);
    expect(record.structured_output).toEqual({
      version: '1.2.0',
      count: 2,
      files: [{ name: 'a.txt' }, { name: 'b.txt' }],
    });
    expect(log('release')).toContain('[output_schema] invalid:\n- /count must be integer');
    // The dependant's shell command got the fields of the validated value.
    expect(log('publish')).toContain('version=1.2.0 second=b.txt count=2');
  });

  it('without a retry the task fails as an output_format_error, and its dependant does not run', async () => {
    const { run } = workspace(releasePlan([consumer], 0));
    const { result, runPath } = await run();
    expect(result.code).toBe(1);
    expect(readResult(runPath, 'release')).toMatchObject({
      status: 'failed',
      message: 'output does not match output_schema (1 error): /count must be integer',
    });
    expect(readResult(runPath, 'release').failure_history).toEqual([
      expect.objectContaining({ attempt: 1, category: 'output_format_error' }),
    ]);
    expect(readResult(runPath, 'release').structured_output).toBeUndefined();
    expect(readResult(runPath, 'publish').status).toBe('skipped');
  });

  it('an answer with no JSON in it is reported as such, and the schema is shown in the retry prompt', async () => {
    const { run } = workspace({
      name: 'no-json',
      tasks: [
        {
          id: 'ask',
          engine: 'mock',
          prompt: 'Answer as JSON.',
          max_retries: 1,
          output_schema: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } },
          mock: {
            replies: [{ match: 'is not JSON[\\s\\S]*"required":\\["ok"\\]', reply: '{"ok": true}' }],
            reply: 'Sure! Everything is fine.',
          },
        },
        { id: 'after', depends_on: ['ask'], command: 'echo ok={{ ask.output.ok }}' },
      ],
    });
    const { result, events, log } = await run();
    expect(result.code, result.stderr).toBe(0);
    expect(events.find((event) => event.event === 'output_schema_check')).toMatchObject({
      valid: false,
      json_found: false,
    });
    expect(events.find((event) => event.event === 'task_retry')?.reason).toBe(
      'output is not JSON although the task has an output_schema',
    );
    expect(log('after')).toContain('ok=true');
  });

  it('a resumed run still feeds {{ id.output.FIELD }} from the carried-over task', async () => {
    const gated = { ...consumer, command: `test -f ready.flag && ${consumer.command}` };
    const { dir, run } = workspace(releasePlan([gated]));
    const first = await run();
    expect(first.result.code).toBe(1);
    expect(readResult(first.runPath, 'publish').status).toBe('failed');
    writeFileSync(join(dir, 'ready.flag'), '');
    const resumed = await run(['--resume', first.runPath]);
    expect(resumed.result.code, resumed.result.stderr).toBe(0);
    expect(resumed.runPath).not.toBe(first.runPath);
    expect(readResult(resumed.runPath, 'release').resumed_from).toBe(first.runPath);
    expect(
      resumed.events.filter((event) => event.event === 'task_start').map((event) => event.task_id),
    ).toEqual(['publish']);
    expect(resumed.log('publish')).toContain('version=1.2.0 second=b.txt count=2');
    expect(existsSync(join(resumed.runPath, 'release.result.json'))).toBe(true);
  });
});
