import { describe, expect, it } from 'vitest';
import { buildChildEnvironment, INHERITED_ENVIRONMENT_VARIABLES } from './child-environment.ts';

describe('buildChildEnvironment', () => {
  const parent = {
    PATH: '/usr/bin:/bin',
    HOME: '/home/ada',
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    OPENAI_API_KEY: 'sk-secret',
    AWS_SECRET_ACCESS_KEY: 'also-secret',
    NODE_OPTIONS: '--inspect',
    UNSET: undefined,
  };

  it('keeps only the allowed parent variables that are set', () => {
    expect(buildChildEnvironment({ parent })).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/ada',
      LANG: 'C.UTF-8',
      TZ: 'UTC',
    });
  });

  it('layers plan env over the parent and extra over both', () => {
    const env = buildChildEnvironment({
      parent,
      planEnv: { PATH: '/opt/tool/bin', FOO: 'plan', BAR: 'plan' },
      extra: { BAR: 'extra', MAESTRO_TASK_ID: 'build' },
    });
    expect(env).toEqual({
      PATH: '/opt/tool/bin',
      HOME: '/home/ada',
      LANG: 'C.UTF-8',
      TZ: 'UTC',
      FOO: 'plan',
      BAR: 'extra',
      MAESTRO_TASK_ID: 'build',
    });
  });

  it('passes a secret only when the plan asks for it explicitly', () => {
    expect(buildChildEnvironment({ parent }).OPENAI_API_KEY).toBeUndefined();
    const env = buildChildEnvironment({ parent, extra: { OPENAI_API_KEY: parent.OPENAI_API_KEY } });
    expect(env.OPENAI_API_KEY).toBe('sk-secret');
  });

  it('defaults to process.env as the parent', () => {
    const env = buildChildEnvironment();
    expect(
      Object.keys(env).every((name) => (INHERITED_ENVIRONMENT_VARIABLES as readonly string[]).includes(name)),
    ).toBe(true);
    expect(env.PATH).toBe(process.env.PATH);
  });

  it('keeps unusual names as ordinary variables', () => {
    const env = buildChildEnvironment({ parent: {}, planEnv: JSON.parse('{"__proto__": "x"}') });
    expect(Object.keys(env)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(env)).toBe(Object.prototype);
  });
});
