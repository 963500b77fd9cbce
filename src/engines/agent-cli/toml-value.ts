// A JSON-like value written as TOML, for codex's `-c key=value` overrides (the value is parsed as TOML).
// JSON string escapes are valid TOML basic-string escapes, so strings are JSON-quoted.
import { isRecord } from './agent-cli-settings.ts';

export function tomlValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(',')}]`;
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined && item !== null);
    return `{${entries.map(([key, item]) => `${tomlKey(key)}=${tomlValue(item)}`).join(',')}}`;
  }
  throw new TypeError(
    `Expected a string, number, boolean, list or table for TOML, got ${JSON.stringify(value)}`,
  );
}

export function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key);
}
