import { describe, expect, it } from 'vitest';
import { MessageBatch } from './message-batch.ts';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const fail = (message: unknown, error: unknown) => {
  throw new Error(`unexpected unsent message ${String(message)}: ${String(error)}`);
};

describe('MessageBatch', () => {
  it('sends the messages of one turn together, in order, at the end of the turn', async () => {
    const sent: number[][] = [];
    const batch = new MessageBatch<number>((messages) => sent.push(messages), fail);
    batch.push(1);
    batch.push(2);
    batch.push(3);
    expect(sent).toEqual([]);
    await nextTurn();
    expect(sent).toEqual([[1, 2, 3]]);
    batch.push(4);
    await nextTurn();
    expect(sent).toEqual([[1, 2, 3], [4]]);
  });

  it('merge folds a message into the one queued just before it, never across another', async () => {
    const sent: string[][] = [];
    const batch = new MessageBatch<string>(
      (messages) => sent.push(messages),
      fail,
      (last, next) => (last[0] === next[0] ? `${last}${next.slice(1)}` : undefined),
    );
    for (const message of ['a1', 'a2', 'b1', 'a3', 'a4']) batch.push(message);
    await nextTurn();
    expect(sent).toEqual([['a12', 'b1', 'a34']]);
    batch.push('a5');
    await nextTurn();
    expect(sent.at(-1)).toEqual(['a5']);
  });

  it('flush sends at once, and a turn with nothing queued sends nothing', async () => {
    const sent: string[][] = [];
    const batch = new MessageBatch<string>((messages) => sent.push(messages), fail);
    batch.push('a');
    batch.flush();
    expect(sent).toEqual([['a']]);
    batch.flush();
    await nextTurn();
    expect(sent).toEqual([['a']]);
  });

  it('a message that cannot be sent goes to onUnsent; the rest of its batch is still sent', async () => {
    const sent: object[][] = [];
    const unsent: unknown[] = [];
    const batch = new MessageBatch<object>(
      (messages) => {
        // As process.send does: the whole batch is serialised before anything is written.
        JSON.stringify(messages);
        sent.push(messages);
      },
      (message, error) => unsent.push([message, error instanceof Error ? error.name : error]),
    );
    const cyclic: Record<string, unknown> = { id: 2 };
    cyclic.self = cyclic;
    batch.push({ id: 1 });
    batch.push(cyclic);
    batch.push({ id: 3 });
    await nextTurn();
    expect(sent).toEqual([[{ id: 1 }], [{ id: 3 }]]);
    expect(unsent).toEqual([[cyclic, 'TypeError']]);
  });
});
