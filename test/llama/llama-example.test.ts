// examples/engines/llama.yaml through the kernel (SDK runPlan, in-process executor) with the generated
// tiny model standing in for the example's model in LLAMA_MODEL_DIR.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDefaultEngines, createEngineRegistry } from '../../src/engines/index.ts';
import { LlamaEngine, unloadLlamaModels } from '../../src/engines/llama/index.ts';
import { LocalExecutor } from '../../src/executors/local/local-executor.ts';
import { runPlan } from '../../src/index.ts';
import { loadPlan } from '../../src/plan/index.ts';
import { projectRoot } from '../support/cli.ts';
import { ensureNodeLlamaCpp } from '../support/gguf/install-node-llama-cpp.ts';
import { writeTinyLlamaGguf } from '../support/gguf/tiny-llama-model.ts';

const install = await ensureNodeLlamaCpp();
const example = join(projectRoot, 'examples', 'engines', 'llama.yaml');
const folder = mkdtempSync(join(tmpdir(), 'maestro-llama-example-'));

afterAll(async () => {
  await unloadLlamaModels();
  rmSync(folder, { recursive: true, force: true });
});

describe('examples/engines/llama.yaml', () => {
  it('is a valid plan in strict mode', async () => {
    const plan = await loadPlan(example, { strict: true });
    expect(plan.tasks.map((task) => task.id)).toEqual(['summarize', 'title']);
  });

  describe('run', () => {
    beforeEach((context) => {
      if (!install.ok) context.skip(install.reason);
    });

    it('runs both tasks on the embedded engine, at no cost, with task options over defaults', async () => {
      const modelDir = join(folder, 'models');
      mkdirSync(modelDir);
      writeTinyLlamaGguf(join(modelDir, 'qwen2.5-0.5b-instruct-q4_k_m.gguf'));
      const plan = await loadPlan(example, { strict: true });
      const llamaDefaults = plan.defaults.llama as { options: Record<string, unknown> };
      // Small and single-threaded for the test machine; everything else as the example says.
      Object.assign(llamaDefaults.options, {
        max_tokens: 40,
        threads: 1,
        module_path: install.ok ? install.modulePath : '',
      });
      const engines = createEngineRegistry([
        ...createDefaultEngines(),
        new LlamaEngine({ env: { LLAMA_MODEL_DIR: modelDir } }),
      ]);
      const outcome = await runPlan(plan, {
        executor: new LocalExecutor({ engines }),
        runsDir: join(folder, 'runs'),
        cwd: folder,
      });
      expect(outcome.success).toBe(true);
      const results = ['summarize', 'title'].map(
        (id) =>
          JSON.parse(readFileSync(join(outcome.runPath, `${id}.result.json`), 'utf8')) as {
            status: string;
            cost_usd: number;
            token_usage: { output_tokens: number };
          },
      );
      for (const result of results) {
        expect(result.status).toBe('success');
        expect(result.cost_usd).toBe(0);
      }
      expect(results[0]!.token_usage.output_tokens).toBeLessThanOrEqual(40);
      expect(results[0]!.token_usage.output_tokens).toBeGreaterThan(0);
      // `engine_options: {max_tokens: 24}` on the title task wins over the defaults.
      expect(results[1]!.token_usage.output_tokens).toBeLessThanOrEqual(24);
    });
  });
});
