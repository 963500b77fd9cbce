import { describe, expect, it } from 'vitest';
import { findCycle, topologicalOrder } from './dag.ts';

const node = (id: string, ...depends_on: string[]) => ({ id, depends_on });

describe('topologicalOrder', () => {
  it('orders dependencies first and keeps plan order between independent tasks', () => {
    const { order, dependents } = topologicalOrder([
      node('d', 'b', 'c'),
      node('b', 'a'),
      node('c', 'a'),
      node('a'),
    ]);
    expect(order.map((task) => task.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(dependents.get('a')).toEqual(['b', 'c']);
    expect(dependents.get('d')).toEqual([]);
  });

  it('counts a repeated dependency once', () => {
    expect(topologicalOrder([node('a'), node('b', 'a', 'a')]).order.map((task) => task.id)).toEqual([
      'a',
      'b',
    ]);
  });

  it('throws E004 with the cycle path and E005 for unknown dependencies', () => {
    expect(() => topologicalOrder([node('a', 'c'), node('b', 'a'), node('c', 'b')])).toThrow(
      'Dependency cycle detected: a -> c -> b -> a',
    );
    expect(() => topologicalOrder([node('a', 'zz')])).toThrow(expect.objectContaining({ code: 'E005' }));
  });

  it('handles a 10 000 task chain without recursion', () => {
    const chain = Array.from({ length: 10_000 }, (_, index) =>
      index === 0 ? node('t0') : node(`t${index}`, `t${index - 1}`),
    );
    expect(topologicalOrder(chain.slice().reverse()).order[9_999]?.id).toBe('t9999');
    expect(findCycle(chain)).toBeUndefined();
    const looped = [...chain.slice(1), node('t0', 't9999')];
    expect(findCycle(looped)).toHaveLength(10_001);
  });
});

describe('findCycle', () => {
  it('returns a closed path', () => {
    expect(findCycle([node('a', 'b'), node('b', 'c'), node('c', 'a')])).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle([node('a', 'a')])).toEqual(['a', 'a']);
    expect(findCycle([node('a'), node('b', 'a')])).toBeUndefined();
  });
});
