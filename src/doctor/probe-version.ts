// Asks an executable for its version (`<path> --version`) in its own process group, with a minimal
// environment and a short deadline, and keeps the first line it prints.
import { buildChildEnvironment, runProcessGroup } from '../process/index.ts';

export type VersionProbe = { ok: true; version: string } | { ok: false; problem: string };

const MAX_VERSION_LENGTH = 120;

export async function probeVersion(input: {
  path: string;
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs: number;
}): Promise<VersionProbe> {
  const result = await runProcessGroup({
    command: [input.path, '--version'],
    env: buildChildEnvironment({ parent: input.env }),
    timeoutMs: input.timeoutMs,
    killGraceMs: 500,
    maxCapturedBytes: 16 * 1024,
  });
  if (result.spawnError) return { ok: false, problem: `could not start: ${result.spawnError.message}` };
  if (result.timedOut)
    return { ok: false, problem: `\`--version\` did not answer within ${input.timeoutMs} ms` };
  const line = firstLine(result.stdout) ?? firstLine(result.stderr);
  if (result.exitCode !== 0) {
    return { ok: false, problem: `\`--version\` exited with ${result.exitCode}${line ? `: ${line}` : ''}` };
  }
  if (!line) return { ok: false, problem: '`--version` printed nothing' };
  return { ok: true, version: line };
}

function firstLine(text: string): string | undefined {
  const line = text
    .split(/\r?\n/)
    .map((part) => part.trim())
    .find((part) => part !== '');
  return line === undefined ? undefined : line.slice(0, MAX_VERSION_LENGTH);
}
