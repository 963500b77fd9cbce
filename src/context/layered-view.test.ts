import { describe, expect, it } from 'vitest';
import { chooseLayers, layeredSection, layerOne, layerZero } from './layered-view.ts';
import { wordCounter } from './token-counter.ts';

const long = Array.from({ length: 80 }, (_, index) => `compiled module ${index}`);
long[40] = 'error: module 40 failed to link';
long[60] = 'warning: module 60 uses a deprecated API';
const build = { id: 'build', status: 'failed', exitCode: 2, durationSec: 3.25, text: long.join('\n') };
const note = { id: 'note', status: 'success', exitCode: 0, durationSec: 0.5, text: '# Notes\nall good' };

describe('layers', () => {
  it('L0 is one line of facts and the first meaningful line', () => {
    expect(layerZero(build)).toBe('build: failed, exit 2, 3.3s, 80 lines — compiled module 0');
    expect(layerZero(note)).toBe('note: success, exit 0, 0.5s, 2 lines — Notes');
  });

  it('L1 is the head, the key lines with their line numbers, and the tail', () => {
    const layer = layerOne(build);
    expect(layer).toContain('compiled module 0');
    expect(layer).toContain('41: error: module 40 failed to link');
    expect(layer).toContain('61: warning: module 60 uses a deprecated API');
    expect(layer).toContain('compiled module 79');
    expect(layer).not.toContain('compiled module 30');
    expect(layerOne(note)).toBe(note.text);
  });
});

describe('chooseLayers', () => {
  it('gives every upstream L0, then fills the budget upward', () => {
    const cost = (upstream: typeof build, layer: 0 | 1 | 2) =>
      wordCounter.count(layeredSection(upstream, layer)) + 2;
    // The note's full text costs less than its L0 line, so it is shown whole from the start.
    expect(cost(note, 2)).toBeLessThan(cost(note, 0));
    expect(chooseLayers([build, note], cost(build, 0) + cost(note, 0), wordCounter)).toEqual(
      new Map([
        ['build', 0],
        ['note', 2],
      ]),
    );
    expect(chooseLayers([build], cost(build, 1) - 1, wordCounter).get('build')).toBe(0);
    const roomForL1 = cost(build, 1) + cost(note, 2);
    expect(chooseLayers([build, note], roomForL1, wordCounter)).toEqual(
      new Map([
        ['build', 1],
        ['note', 2],
      ]),
    );
    expect(chooseLayers([build, note], 10_000, wordCounter).get('build')).toBe(2);
  });
});
