// `maestro explain PLAN [TASK]`: says hit for a cached task, names the key component that changed for a
// changed one, waits for an upstream that would run, and gives coded errors for bad input.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir, runMaestro } from '../support/cli.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

interface Explained {
  task_id: string;
  verdict: string;
  would_run: boolean;
  key: string | null;
  reason: string;
  changed?: { component: string; fields: string[] }[];
  waits_for?: string[];
  components?: Record<string, string>;
}

function writePlan(dir: string, greeting: string): string {
  const plan = join(dir, 'plan.yaml');
  writeFileSync(
    plan,
    [
      'version: 1',
      'name: explained',
      'tasks:',
      '  - id: stable',
      '    command: "echo stable"',
      '  - id: greet',
      `    command: "echo ${greeting}"`,
      '  - id: after',
      '    depends_on: [greet]',
      '    command: "echo after {{ greet.output }}"',
      '',
    ].join('\n'),
  );
  return plan;
}

async function explainJson(plan: string, cwd: string, task?: string): Promise<Explained[]> {
  const result = await runMaestro(['explain', plan, ...(task ? [task] : []), '--json'], { cwd });
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { tasks: Explained[] }).tasks;
}

describe('maestro explain', () => {
  it('says miss before the first run, hit after it, and names the component that changed', async () => {
    const dir = makeTempDir('maestro-explain-');
    cleanups.push(dir.remove);
    const plan = writePlan(dir.path, 'hello');

    const before = await explainJson(plan, dir.path);
    expect(before.find((task) => task.task_id === 'stable')).toMatchObject({
      verdict: 'miss',
      would_run: true,
    });
    expect(before.find((task) => task.task_id === 'stable')?.reason).toMatch(/no entry/);
    expect(before.find((task) => task.task_id === 'after')).toMatchObject({
      verdict: 'waits',
      waits_for: ['greet'],
    });

    const run = await runMaestro(['run', plan], { cwd: dir.path });
    expect(run.code).toBe(0);
    const cached = await explainJson(plan, dir.path);
    expect(cached.map((task) => [task.task_id, task.verdict])).toEqual([
      ['stable', 'hit'],
      ['greet', 'hit'],
      ['after', 'hit'],
    ]);
    expect(cached.every((task) => task.would_run === false && /^[0-9a-f]{64}$/.test(task.key ?? ''))).toBe(
      true,
    );

    writePlan(dir.path, 'goodbye');
    const changed = await explainJson(plan, dir.path);
    const greet = changed.find((task) => task.task_id === 'greet')!;
    expect(greet.verdict).toBe('miss');
    expect(greet.changed).toEqual([{ component: 'command', fields: ['command'] }]);
    expect(greet.reason).toContain('command');
    expect(changed.find((task) => task.task_id === 'stable')?.verdict).toBe('hit');
    const after = changed.find((task) => task.task_id === 'after')!;
    expect(after).toMatchObject({ verdict: 'waits', waits_for: ['greet'] });
    expect(after.reason).toContain('depends on upstream greet');

    const text = await runMaestro(['explain', plan, 'greet'], { cwd: dir.path });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/greet\s+miss\s+[0-9a-f]{16}\s+command \(command\) changed/);
    expect(text.stdout).toContain('the key covers:');
    expect(text.stdout).toMatch(/upstream\s+[0-9a-f]{16}\s+per dependency/);
  });

  it('explain agrees with the run: what it calls a hit is a cache_hit, what it calls a miss runs', async () => {
    const dir = makeTempDir('maestro-explain-');
    cleanups.push(dir.remove);
    const plan = writePlan(dir.path, 'hello');
    await runMaestro(['run', plan], { cwd: dir.path });
    writePlan(dir.path, 'changed');
    const explained = await explainJson(plan, dir.path);
    const run = await runMaestro(['run', plan, '--output', 'jsonl'], { cwd: dir.path });
    const events = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { event: string; task_id?: string; key?: string });
    const hits = events.filter((event) => event.event === 'cache_hit');
    expect(hits.map((event) => event.task_id)).toEqual(
      explained.filter((task) => task.verdict === 'hit').map((task) => task.task_id),
    );
    const stable = explained.find((task) => task.task_id === 'stable')!;
    expect(hits.find((event) => event.task_id === 'stable')?.key).toBe(stable.key);
    const started = events.filter((event) => event.event === 'task_start').map((event) => event.task_id);
    expect(started).toEqual(explained.filter((task) => task.would_run).map((task) => task.task_id));
  });

  it('a bad plan or an unknown task gives a coded error', async () => {
    const dir = makeTempDir('maestro-explain-');
    cleanups.push(dir.remove);
    const bad = join(dir.path, 'bad.yaml');
    writeFileSync(
      bad,
      'version: 1\nname: bad\ntasks:\n  - id: a\n    depends_on: [missing]\n    command: "true"\n',
    );
    const badResult = await runMaestro(['explain', bad], { cwd: dir.path });
    expect(badResult.code).toBe(1);
    expect(badResult.stderr).toMatch(/\[E005\] .*bad\.yaml:\d+:\d+/);
    expect(badResult.stderr).not.toMatch(/\n\s+at /);

    const plan = writePlan(dir.path, 'hello');
    const unknown = await runMaestro(['explain', plan, 'nope'], { cwd: dir.path });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("[E005] [task]: unknown task 'nope'");
  });
});
