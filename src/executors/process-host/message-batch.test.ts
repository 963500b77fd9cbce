import { describe, expect, it } from 'vitest';
import { MessageBatch } from './message-batch.ts';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('MessageBatch', () => {
  it('sends the messages of one turn together, in order, at the end of the turn', async () => {
    const sent: number[][] = [];
    const batch = new MessageBatch<number>((messages) => sent.push(messages));
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

  it('flush sends at once, and a turn with nothing queued sends nothing', async () => {
    const sent: string[][] = [];
    const batch = new MessageBatch<string>((messages) => sent.push(messages));
    batch.push('a');
    batch.flush();
    expect(sent).toEqual([['a']]);
    batch.flush();
    await nextTurn();
    expect(sent).toEqual([['a']]);
  });
});
