import { describe, expect, it } from 'vitest';
import { validatePlanText } from '../plan/index.ts';
import type { RunListener } from './run-options.ts';
import { createSecretMasker, maskRunListener } from './secret-masker.ts';
import type { TaskRecord } from './task-record.ts';

const planWith = (lines: string[]) =>
  validatePlanText(['version: 1', 'name: masked', ...lines].join('\n'), '/tmp/masked.yaml');

describe('createSecretMasker', () => {
  it('secrets: auto masks plan env values named like credentials, in every task, and leaves the rest', async () => {
    const plan = await planWith([
      'secrets: auto',
      'tasks:',
      '  - {id: a, command: "true", env: {API_KEY: "test-key", REGION: "eu-west-1"}}',
      '  - {id: b, command: "true", env: {API_KEY: "other-key-value"}}',
    ]);
    // The parent's API_KEY is a secret too: a task's env wins in its child, the parent's elsewhere.
    const mask = createSecretMasker(plan, { API_KEY: 'parent-key', HOME: '/home/me' }, false);
    expect(mask('test-key other-key-value parent-key eu-west-1 /home/me')).toBe(
      '*** *** *** eu-west-1 /home/me',
    );
  });

  it('a list names the variables; nothing else is masked without auto or --mask-secrets', async () => {
    const plan = await planWith([
      'secrets: [DEPLOY]',
      'tasks:',
      '  - {id: a, command: "true", env: {DEPLOY: "deploy-secret", API_TOKEN: "token-value"}}',
    ]);
    expect(createSecretMasker(plan, {}, false)('deploy-secret token-value')).toBe('*** token-value');
    expect(createSecretMasker(plan, {}, true)('deploy-secret token-value')).toBe('*** ***');
  });

  it('replaces a secret containing another one whole, and ignores values too short to mask', async () => {
    const plan = await planWith([
      'secrets: [A, B, C]',
      'tasks:',
      '  - {id: a, command: "true", env: {A: "abcd", B: "abcdefgh", C: "xyz"}}',
    ]);
    expect(createSecretMasker(plan, {}, false)('abcdefgh abcd xyz')).toBe('*** *** xyz');
  });
});

describe('maskRunListener', () => {
  it('hands the view masked records and run paths, and leaves event records alone (masked already)', () => {
    const mask = (text: string) => text.replaceAll('s3cret', '***');
    const seen: { record?: TaskRecord; runPath?: string; event?: Record<string, unknown> } = {};
    const listener: RunListener = {
      onRunStart: (info) => {
        seen.runPath = info.runPath;
      },
      onTaskEnd: (record) => {
        seen.record = record;
      },
      onEvent: (record) => {
        seen.event = record;
      },
    };
    const masked = maskRunListener(listener, mask);
    masked.onRunStart?.({ runId: 'r', runPath: '/runs/s3cret', planName: 'p', taskCount: 1 });
    const record = {
      taskId: 't',
      message: 'failed with s3cret',
      command: 'deploy --token s3cret',
      stdoutTail: 's3cret\n',
      output: 'out s3cret',
      failureHistory: [
        {
          attempt: 1,
          category: 'x',
          exit_code: 1,
          message: 's3cret',
          verify_tail: 's3cret',
          duration_sec: 0,
        },
      ],
    } as unknown as TaskRecord;
    masked.onTaskEnd?.(record);
    masked.onEvent?.({ event: 'x', text: 's3cret' });
    expect(seen.runPath).toBe('/runs/***');
    expect(seen.record).toMatchObject({
      message: 'failed with ***',
      command: 'deploy --token ***',
      stdoutTail: '***\n',
      output: 'out ***',
      failureHistory: [{ message: '***', verify_tail: '***' }],
    });
    // The run's own record is untouched.
    expect(record.message).toBe('failed with s3cret');
    expect(seen.event).toEqual({ event: 'x', text: 's3cret' });
  });
});
