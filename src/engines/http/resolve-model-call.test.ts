import { describe, expect, it } from 'vitest';
import type { EngineCall } from '../engine.ts';
import { OPENAI_PROFILE } from './openai/openai-engine.ts';
import { resolveModelCall } from './resolve-model-call.ts';

function callWith(options: Record<string, unknown>): EngineCall {
  return { taskId: 't', engine: 'openai', attempt: 1, cwd: '.', env: {}, prompt: 'Hi', options };
}

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a failure');
}

describe('resolveModelCall', () => {
  it('quotes a rejected base_url without its credentials or query string', () => {
    const message = messageOf(() =>
      resolveModelCall(
        callWith({ base_url: 'htps://user:sk-live-SECRET@proxy.example/v1?api_key=sk-QUERY' }),
        OPENAI_PROFILE,
        {},
      ),
    );
    expect(message).toBe(
      'Expected `base_url` of the openai engine to be an http(s) URL, got `htps://proxy.example/v1`',
    );
  });

  it('quotes a base URL that does not parse without its credentials', () => {
    const message = messageOf(() =>
      resolveModelCall(callWith({}), OPENAI_PROFILE, {
        OPENAI_BASE_URL: 'http://user:sk-SECRET@bad host/v1',
      }),
    );
    expect(message).toContain('OPENAI_BASE_URL');
    expect(message).toContain('`http://bad host/v1`');
    expect(message).not.toContain('SECRET');
  });
});
