// Can the embedded engine run here? node-llama-cpp must import (from MAESTRO_LLAMA_MODULE or next to
// Maestro) and find a prebuilt llama.cpp binary for this machine; nothing is built or downloaded.
import { llamaInstallCommand, loadNodeLlamaCpp } from '../engines/llama/index.ts';

export type LlamaProbe =
  | { ok: true; entry: string; version?: string; backend: string }
  | { ok: false; entry?: string; version?: string; problem: string };

export async function probeLlama(env: Readonly<Record<string, string | undefined>>): Promise<LlamaProbe> {
  const load = await loadNodeLlamaCpp(env.MAESTRO_LLAMA_MODULE || undefined);
  if (!load.ok) return { ok: false, problem: load.message };
  try {
    // A dry run loads the binary's description without starting llama.cpp, then disposes itself.
    const llama = (await load.module.getLlama({
      gpu: false,
      build: 'never',
      skipDownload: true,
      progressLogs: false,
      dryRun: true,
    })) as unknown as { buildType?: string };
    return {
      ok: true,
      entry: load.entry,
      version: load.version,
      backend: `cpu (${llama.buildType ?? 'prebuilt'})`,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      entry: load.entry,
      version: load.version,
      problem: `node-llama-cpp found no prebuilt llama.cpp binary (${reason}); install it with \`${llamaInstallCommand()}\``,
    };
  }
}
