import { describe, expect, it } from 'vitest';
import { loadTokenCounter, wordCounter } from './token-counter.ts';

describe('loadTokenCounter (o200k_base)', () => {
  it('counts real tokens and treats special-token text as plain text', async () => {
    const counter = await loadTokenCounter();
    expect(counter.count('')).toBe(0);
    expect(counter.count('hello world')).toBe(2);
    expect(counter.count('a <|endoftext|> b')).toBeGreaterThan(3);
    expect(await loadTokenCounter()).toBe(counter);
  });

  it('cuts a head and a tail within a token count', async () => {
    const counter = await loadTokenCounter();
    const text = Array.from({ length: 200 }, (_, index) => `word${index}`).join(' ');
    const head = counter.head(text, 20);
    const tail = counter.tail(text, 20);
    expect(counter.count(head)).toBeLessThanOrEqual(20);
    expect(counter.count(tail)).toBeLessThanOrEqual(21);
    expect(text.startsWith(head)).toBe(true);
    expect(text.endsWith(tail)).toBe(true);
    expect(counter.head('short', 20)).toBe('short');
  });
});

describe('wordCounter', () => {
  it('counts words', () => {
    expect(wordCounter.count(' one two\nthree ')).toBe(3);
    expect(wordCounter.head('a b c d', 2)).toBe('a b');
    expect(wordCounter.tail('a b c d', 2)).toBe('c d');
  });
});
