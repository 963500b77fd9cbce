// A YamlSource over the fast reader's result: positions come from the offsets it recorded.
import type { SourceLocation } from '../../errors/index.ts';
import type { FastYamlResult } from './fast-yaml.ts';
import type { YamlPath, YamlSource } from './yaml-source.ts';

export function fastYamlSource(result: FastYamlResult, file: string): YamlSource {
  const toLocation = (offset: number): SourceLocation => {
    const starts = result.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { file, line: low + 1, column: offset - (starts[low] as number) + 1 };
  };

  // Follow `path` as far as it exists; report the last value reached and, for a final mapping key,
  // where that key starts.
  const walk = (path: YamlPath): { offset: number; keyOffset?: number } => {
    let value = result.value;
    let offset = result.rootOffset;
    let keyOffset: number | undefined;
    for (const segment of path) {
      keyOffset = undefined;
      if (Array.isArray(value) && typeof segment === 'number') {
        const offsets = result.sequenceOffsets.get(value);
        if (!offsets || segment >= offsets.length) break;
        offset = offsets[segment] as number;
        value = value[segment];
      } else if (typeof value === 'object' && value !== null) {
        const entry = result.mappingOffsets.get(value)?.get(String(segment));
        if (!entry) break;
        [keyOffset, offset] = entry;
        value = (value as Record<string, unknown>)[String(segment)];
      } else {
        break;
      }
    }
    return { offset, keyOffset };
  };

  return {
    file,
    value: result.value,
    duplicateKeys: result.duplicateKeys
      .map((duplicate) => ({
        key: duplicate.key,
        location: toLocation(duplicate.offset),
        previous: toLocation(duplicate.previousOffset),
      }))
      .sort(
        (left, right) =>
          left.location.line - right.location.line || left.location.column - right.location.column,
      ),
    locate: (path) => toLocation(walk(path).offset),
    locateKey: (path) => {
      const found = walk(path);
      return toLocation(found.keyOffset ?? found.offset);
    },
  };
}
