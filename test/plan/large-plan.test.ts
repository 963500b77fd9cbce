// A 1000-task layered plan (width 50, two dependencies each, like maestro-cli's benchmark) loads
// completely. No timing assertion: speed is measured separately.
import { describe, expect, it } from 'vitest';
import { topologicalOrder } from '../../src/plan/index.ts';
import { planFromText } from './support.ts';

function layeredPlan(layers: number, width: number): string {
  const lines = ['version: 1', 'name: bench', 'max_parallel: 8', 'defaults:', '  timeout_sec: 60', 'tasks:'];
  for (let layer = 0; layer < layers; layer += 1) {
    for (let index = 0; index < width; index += 1) {
      lines.push(`  - id: t${layer}_${index}`, '    command: "true"');
      if (layer > 0)
        lines.push(`    depends_on: [t${layer - 1}_${index}, t${layer - 1}_${(index + 1) % width}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('a 1000-task plan', () => {
  it('loads every task with its dependencies', async () => {
    const plan = await planFromText(layeredPlan(20, 50));
    expect(plan.tasks).toHaveLength(1000);
    expect(plan.warnings).toEqual([]);
    expect(plan.tasks[999]).toMatchObject({ id: 't19_49', depends_on: ['t18_49', 't18_0'], timeout_sec: 60 });
    const { order, dependents } = topologicalOrder(plan.tasks);
    expect(order).toHaveLength(1000);
    expect(dependents.get('t0_0')).toEqual(['t1_0', 't1_49']);
  });

  it('finds a cycle in a 10 000-task chain without overflowing the stack', async () => {
    const lines = ['version: 1', 'tasks:', '  - {id: t0, command: echo, depends_on: [t9999]}'];
    for (let index = 1; index < 10_000; index += 1)
      lines.push(`  - {id: t${index}, command: echo, depends_on: [t${index - 1}]}`);
    const error = await planFromText(`${lines.join('\n')}\n`).catch((caught: unknown) => caught as Error);
    expect(error).toMatchObject({ code: 'E004' });
  });
});
