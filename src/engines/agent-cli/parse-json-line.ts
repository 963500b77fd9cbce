// One JSON object (a line of a JSONL stream, or a whole JSON document) as an object, or undefined for
// anything else (blank lines, banners and warnings some CLIs print on stdout).
import { isRecord } from './agent-cli-settings.ts';

export function parseJsonLine(line: string): Record<string, unknown> | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
