// JSON.parse for provider payloads: a payload that is not JSON is a bad_output failure naming the engine.
import { badOutput } from './model-call-failure.ts';

const MAX_SHOWN_CHARS = 120;

export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const shown = text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS)}…` : text;
    throw badOutput(`${what} is not valid JSON: ${shown}`);
  }
}

export function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function asNumber(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}
