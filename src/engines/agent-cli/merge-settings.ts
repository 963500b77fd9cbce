// Settings files the engines write into an isolated state folder (gemini and qwen settings.json): the
// engine's values deep-merged over a file that is already there (a kept `state_dir`) and under the
// plan's own `settings` option.
import { existsSync, readFileSync } from 'node:fs';
import { isRecord } from './agent-cli-settings.ts';

export function mergeSettings(...layers: unknown[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) if (isRecord(layer)) deepMergeInto(merged, layer);
  return merged;
}

export function readJsonFile(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function deepMergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    const current = target[key];
    if (isRecord(value) && isRecord(current)) deepMergeInto(current, value);
    else if (isRecord(value)) {
      const copy: Record<string, unknown> = {};
      deepMergeInto(copy, value);
      target[key] = copy;
    } else target[key] = value;
  }
}
