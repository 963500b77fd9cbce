// Before any test file starts: install the pinned agent CLIs and node-llama-cpp into their cache folders
// (once per machine; later runs reuse them). Doing it here, one after the other, keeps hundreds of MB of
// package extraction from competing with the tests that run real processes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AgentCliName, installCli, PINNED_CLIS } from './agent-cli/install-clis.ts';
import { ensureNodeLlamaCpp } from './gguf/install-node-llama-cpp.ts';

export default async function setup(): Promise<() => void> {
  // Plans the built CLI remembers (src/plan/plan-cache.ts) go to a folder of this test run, not ~/.cache.
  const planCache = mkdtempSync(join(tmpdir(), 'maestro-plan-cache-'));
  process.env.MAESTRO_PLAN_CACHE_DIR ??= planCache;
  if (!process.env.MAESTRO_SKIP_REAL_CLIS) {
    for (const name of Object.keys(PINNED_CLIS) as AgentCliName[]) {
      // A CLI that cannot be installed is reported by its own tests, which skip with the reason.
      await installCli(name).catch(() => undefined);
    }
  }
  if (!process.env.MAESTRO_SKIP_LLAMA_TESTS) await ensureNodeLlamaCpp();
  return () => rmSync(planCache, { recursive: true, force: true });
}
