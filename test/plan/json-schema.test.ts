// The editor schema covers every key with descriptions on the main ones.
import { describe, expect, it } from 'vitest';
import { planJsonSchema } from '../../src/plan/index.ts';

interface JsonSchema {
  $schema?: string;
  properties?: Record<string, JsonSchema & { description?: string }>;
  items?: JsonSchema;
  [key: string]: unknown;
}

describe('planJsonSchema', () => {
  const schema = planJsonSchema() as JsonSchema;
  const properties = schema.properties ?? {};
  const task = properties.tasks?.items?.properties ?? {};

  it('is draft-7 with the 23 plan keys', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(Object.keys(properties)).toHaveLength(23);
  });

  it('describes every task key, including mock', () => {
    expect(Object.keys(task).length).toBeGreaterThanOrEqual(78);
    for (const key of [
      'id',
      'command',
      'engine',
      'prompt',
      'depends_on',
      'max_retries',
      'when',
      'mock',
      'judge',
      'matrix',
    ]) {
      expect(task[key], key).toBeDefined();
    }
    expect(task.max_retries).toMatchObject({ type: 'integer', minimum: 0, maximum: 3 });
    expect(task.depends_on?.description).toContain('finish first');
    // maestro-cli accepts a lone string for lists and numbers for ids; so does the editor schema.
    expect(task.depends_on?.anyOf).toEqual([
      { type: 'string' },
      { type: 'array', items: { type: ['string', 'number'] } },
    ]);
    expect(task.id?.type).toEqual(['string', 'number']);
  });

  it('describes the defaults blocks of every engine', () => {
    const defaults = properties.defaults?.properties ?? {};
    for (const engine of [
      'codex',
      'claude',
      'gemini',
      'copilot',
      'qwen',
      'ollama',
      'llama',
      'openai',
      'anthropic',
      'google',
      'mock',
    ]) {
      expect(defaults[engine], engine).toBeDefined();
    }
  });

  it('returns a fresh copy each time', () => {
    const first = planJsonSchema();
    first.mutated = true;
    expect(planJsonSchema()).not.toHaveProperty('mutated');
  });
});
