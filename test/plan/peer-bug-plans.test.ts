// The peer-bug plans that concern the plan layer load the way Maestro promises (see
// compat/plans/peer-bugs/README.md).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MaestroError } from '../../src/errors/index.ts';
import { loadPlan } from '../../src/plan/index.ts';

const PEER_BUGS = '/work/shared/compat/plans/peer-bugs';
const plan = (name: string) => loadPlan(join(PEER_BUGS, name));

describe('matrix children keep every field (matrix_drop.yaml)', () => {
  it('copies security, judge and other fields to each child', async () => {
    const { tasks } = await plan('matrix_drop.yaml');
    expect(tasks.map((task) => task.id)).toEqual(['m.x-a', 'm.x-b']);
    for (const task of tasks) {
      expect(task.allowed_tools).toEqual(['read-only']);
      expect(task.on_grant_violation).toBe('fail');
      expect(task.worktree).toBe(true);
      expect(task.output_scope).toEqual(['src/*']);
      expect(task.frozen).toBe(true);
      expect(task.honeypot).toBe(true);
      expect(task.signals).toBe(true);
      expect(task.mcp_tools).toEqual([]);
      expect(task.reminders).toEqual([{ trigger: 'timeout', message: 'hurry' }]);
      expect(task.judge).toMatchObject({
        timeout_sec: 300,
        debate_rounds: 3,
        quorum: 2,
        quorum_diversity: true,
      });
      expect(task.timeout_sec).toBe(60);
      expect(task.matrix_parent).toBe('m');
      expect(task).not.toHaveProperty('matrix');
    }
    expect(tasks[0]?.matrix_values).toEqual({ x: 'a' });
    expect(tasks[1]?.prompt).toBe('do b');
  });

  it('gives children their own deep copies', async () => {
    const { tasks } = await plan('matrix_drop.yaml');
    expect(tasks[0]?.judge).not.toBe(tasks[1]?.judge);
    expect(tasks[0]?.allowed_tools).not.toBe(tasks[1]?.allowed_tools);
  });
});

describe('matrix templates and fan-in (matrix_cmd.yaml)', () => {
  it('renders {{ matrix.x }} into the command and fans dependants in', async () => {
    const { tasks } = await plan('matrix_cmd.yaml');
    expect(tasks.map((task) => [task.id, task.command])).toEqual([
      ['m.x-a', 'echo value=a task={{ task_id }}'],
      ['m.x-b', 'echo value=b task={{ task_id }}'],
      ['after', 'echo after'],
    ]);
    expect(tasks[2]?.depends_on).toEqual(['m.x-a', 'm.x-b']);
  });
});

describe('imports (main.yaml + frag.yaml)', () => {
  it('prefixes imported ids and their dependencies, imported tasks first', async () => {
    const { tasks } = await plan('main.yaml');
    expect(tasks.map((task) => task.id)).toEqual(['qa/lint', 'qa/test', 'after']);
    expect(tasks[1]?.depends_on).toEqual(['qa/lint']);
    expect(tasks[2]?.depends_on).toEqual(['qa/test']);
  });

  it('applies overrides (env merged) and plan defaults to imported tasks', async () => {
    const { tasks } = await plan('main.yaml');
    expect(tasks[0]?.env).toEqual({ X: '1' });
    expect(tasks[0]?.timeout_sec).toBe(10);
    expect(tasks[2]?.env).toEqual({});
  });

  it('remembers which file an imported task came from', async () => {
    const { tasks } = await plan('main.yaml');
    expect(tasks[0]?.source?.file).toBe(join(PEER_BUGS, 'frag.yaml'));
    expect(tasks[0]?.source?.location).toMatchObject({ line: 2, column: 5 });
    expect(tasks[2]?.source?.file).toBe(join(PEER_BUGS, 'main.yaml'));
  });
});

describe('task ids cannot leave the run directory (trav.yaml)', () => {
  it('rejects a `..` path segment with E017 at the id', async () => {
    const error = await plan('trav.yaml').catch((caught: unknown) => caught);
    expect(MaestroError.isInstance(error)).toBe(true);
    const maestroError = error as MaestroError;
    expect(maestroError.code).toBe('E017');
    expect(maestroError.message).toContain('a/../../../ESCAPED');
    expect(maestroError.location).toMatchObject({ file: join(PEER_BUGS, 'trav.yaml'), line: 5, column: 9 });
  });
});

describe('when conditions (whenskip.yaml, transitive.yaml)', () => {
  it('loads a plan whose condition does not parse, with warning W101', async () => {
    const loaded = await plan('whenskip.yaml');
    expect(loaded.tasks).toHaveLength(4);
    const warning = loaded.warnings.find((entry) => entry.code === 'W101');
    expect(warning?.message).toContain("Task 'bad'");
    expect(warning?.location).toMatchObject({ line: 16 });
  });

  it('accepts status and exit-code conditions', async () => {
    const loaded = await plan('transitive.yaml');
    expect(loaded.warnings).toEqual([]);
    expect(loaded.tasks.find((task) => task.id === 'e')?.when).toBe('{{ a.exit_code }} != 0');
  });
});

describe('every other peer-bug plan loads', () => {
  for (const name of [
    'all_engines.yaml',
    'approval.yaml',
    'engines_flags.yaml',
    'fake_engines.yaml',
    'negcache.yaml',
    'negcache2.yaml',
    'timeout.yaml',
    'verify.yaml',
  ]) {
    it(name, async () => {
      const loaded = await plan(name);
      expect(loaded.tasks.length).toBeGreaterThan(0);
    });
  }

  it('applies engine defaults in engines_flags.yaml', async () => {
    const { tasks } = await plan('engines_flags.yaml');
    const [claude, codex, gemini] = tasks;
    expect(claude).toMatchObject({
      model: 'sonnet',
      reasoning_effort: 'high',
      append_system_prompt: 'Be terse.',
      edit_policy: 'strict',
    });
    expect(codex).toMatchObject({ model: '5.5', reasoning_effort: 'high', args: ['--yolo'] });
    expect(gemini).toMatchObject({ model: 'pro', args: ['--yolo'] });
  });
});
