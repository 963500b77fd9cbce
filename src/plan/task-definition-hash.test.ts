// A task's definition hash decides whether --resume carries a result over, including results written by
// earlier versions of Maestro: the text it hashes must never change.
import { describe, expect, it } from 'vitest';
import { taskDefinitionHash } from './task-definition-hash.ts';
import type { Task } from './types.ts';

const task = {
  id: 'build',
  command: ['make', 'all'],
  depends_on: ['a', 'b'],
  env: { Z: '1', A: 'é' },
  tags: [],
  timeout_sec: 30,
  cache: true,
  prompt: undefined,
  mock: { reply: 'x', usage: { input_tokens: 3 } },
  source: { file: '/p.yaml', path: ['tasks', 0], location: { file: '/p.yaml', line: 3, column: 5 } },
  group_plan: { name: 'sub' },
} as unknown as Task;

describe('taskDefinitionHash', () => {
  it('is the hash earlier versions wrote for the same task', () => {
    expect(taskDefinitionHash(task)).toBe('587a9eadbfff11ee');
  });

  it('ignores where the task was written and key order, but not its fields', () => {
    const moved = { ...task, source: { file: '/q.yaml', path: ['tasks', 9] } } as unknown as Task;
    expect(taskDefinitionHash(moved)).toBe('587a9eadbfff11ee');
    const reordered = Object.fromEntries(Object.entries(task).reverse()) as unknown as Task;
    expect(taskDefinitionHash(reordered)).toBe('587a9eadbfff11ee');
    expect(taskDefinitionHash({ ...task, timeout_sec: 31 })).not.toBe('587a9eadbfff11ee');
  });
});
