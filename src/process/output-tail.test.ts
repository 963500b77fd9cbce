import { describe, expect, it } from 'vitest';
import { OutputTail } from './output-tail.ts';

describe('OutputTail', () => {
  it('keeps everything under the cap', () => {
    const tail = new OutputTail(100);
    tail.append('hello ');
    tail.append('world');
    expect(tail.text()).toBe('hello world');
    expect(tail.droppedBytes).toBe(0);
  });

  it('keeps the last bytes once the cap is exceeded', () => {
    const tail = new OutputTail(5);
    for (const chunk of ['abc', 'def', 'ghij']) tail.append(chunk);
    expect(tail.text()).toBe('fghij');
    expect(tail.droppedBytes).toBe(5);
  });

  it('never splits a multi-byte character when cutting', () => {
    const exact = new OutputTail(4);
    exact.append('a€b'); // 1 + 3 + 1 bytes
    expect(exact.text()).toBe('€b');
    const inside = new OutputTail(3);
    inside.append('a€b'); // a cut after 2 bytes lands inside '€', which is dropped whole
    expect(inside.text()).toBe('b');
    expect(inside.droppedBytes).toBe(4);
  });

  it('keeps appending after text() was read', () => {
    const tail = new OutputTail(6);
    tail.append('abc');
    expect(tail.text()).toBe('abc');
    tail.append('defgh');
    expect(tail.text()).toBe('cdefgh');
    expect(tail.droppedBytes).toBe(2);
  });

  it('holds nothing with a zero cap', () => {
    const tail = new OutputTail(0);
    tail.append('abc');
    expect(tail.text()).toBe('');
    expect(tail.droppedBytes).toBe(3);
  });
});
