import { describe, expect, it } from 'vitest';
import { splitIntoChunks } from './split-into-chunks.ts';

describe('splitIntoChunks', () => {
  it('splits into at most the given number of chunks without breaking characters', () => {
    expect(splitIntoChunks('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
    expect(splitIntoChunks('😀😀😀', 2)).toEqual(['😀😀', '😀']);
    expect(splitIntoChunks('ab', 3)).toEqual(['a', 'b']);
    expect(splitIntoChunks('', 3)).toEqual([]);
  });
});
