// Runs python3 for cross-checks against the real `json` module. Tests using it are skipped when python3
// is not installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const hasPython = spawnSync('python3', ['--version']).status === 0;

/** Runs a Python program with `input` on stdin and returns its stdout. */
export function runPython(program: string, input = '', args: string[] = []): string {
  return execFileSync('python3', ['-c', program, ...args], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
}

/** Path of the independent verifier, a transcription of maestro-cli's eventsource.py checks. */
export const pythonVerifierPath = fileURLToPath(new URL('./python-verify-run.py', import.meta.url));
