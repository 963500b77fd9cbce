// Runs an agent-CLI engine against the fake CLIs in ./fakebin, which print each real CLI's output format
// and record the argv, environment and stdin they were started with.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentCliEngine, AgentCliOutcome } from '../../../src/engines/agent-cli/index.ts';
import type { EngineCall } from '../../../src/engines/engine.ts';
import { buildChildEnvironment } from '../../../src/process/index.ts';

export const FAKEBIN = join(dirname(fileURLToPath(import.meta.url)), 'fakebin');

export interface FakeCliRecord {
  argv: string[];
  env: Record<string, string>;
  /** Where the fake's stdin pointed (`/dev/null` expected). */
  stdin: string;
  /** What the engine wrote to stdin (a prompt too long for argv). */
  stdinText: string;
  cwd: string;
}

export interface FakeRun {
  outcome: AgentCliOutcome;
  /** What the fake recorded; undefined when it never started. */
  record?: FakeCliRecord;
  stdout: string;
  stderr: string;
  /** Wall time of engine.run(). */
  elapsedMs: number;
}

export interface FakeRunOptions {
  /** FAKE_CLI_SCENARIO: ok, api-error, hang, hang-hard, no-result, exit-N, ... */
  scenario?: string;
  signal?: AbortSignal;
}

/** Runs `engine` with the fake of the same name as its binary (unless the call's options name another). */
export async function runWithFakeCli(
  engine: AgentCliEngine,
  call: Partial<EngineCall> = {},
  options: FakeRunOptions = {},
): Promise<FakeRun> {
  const dir = mkdtempSync(join(tmpdir(), 'maestro-fake-cli-'));
  const recordPath = join(dir, 'record.json');
  const stdout: string[] = [];
  const stderr: string[] = [];
  const fullCall: EngineCall = {
    taskId: 'task',
    engine: engine.name,
    attempt: 1,
    cwd: dir,
    prompt: 'do it',
    timeoutMs: 30_000,
    ...call,
    env: {
      ...buildChildEnvironment(),
      FAKE_CLI_RECORD: recordPath,
      ...(options.scenario ? { FAKE_CLI_SCENARIO: options.scenario } : {}),
      ...call.env,
    },
    options: { binary: join(FAKEBIN, engine.name), ...call.options },
  };
  const started = performance.now();
  try {
    const outcome = await engine.run(fullCall, {
      signal: options.signal ?? new AbortController().signal,
      onStdout: (chunk) => stdout.push(chunk),
      onStderr: (chunk) => stderr.push(chunk),
    });
    let record: FakeCliRecord | undefined;
    try {
      record = JSON.parse(readFileSync(recordPath, 'utf8')) as FakeCliRecord;
    } catch {
      record = undefined;
    }
    return {
      outcome,
      record,
      stdout: stdout.join(''),
      stderr: stderr.join(''),
      elapsedMs: performance.now() - started,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
