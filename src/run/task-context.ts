// Assembles an engine task's prompt: the plan goal, the context of its `context_from` upstreams in the
// task's `context_mode` (src/context does the work; loaded only for tasks that receive context), the
// rendered prompt, and the output_schema note for engines that cannot be held to a schema. Context model
// calls go through callModel (charged to the task), trims and summaries become events and log lines, and
// the context sizes go to result.json.

import { contextIsUntrusted, UNTRUSTED_DATA_NOTICE, wrapAsData } from '../context/untrusted-data.ts';
import type { UpstreamOutput } from '../context/upstream-output.ts';
import { renderTemplate, splitTaskReference, templateReferences } from '../plan/runtime.ts';
import type { Task } from '../plan/types.ts';
import { callModel, type TaskSpend } from './model-call.ts';
import type { RunContext } from './run-context.ts';
import type { TaskLog } from './task-log.ts';
import { composeEnginePrompt, contextSources } from './task-prompt.ts';
import type { TemplateLookup } from './template-scope.ts';

export interface PromptAssembly {
  context: RunContext;
  task: Task;
  lookup: TemplateLookup;
  log: TaskLog;
  /** Summaries and other context model calls are charged here. */
  spend: TaskSpend;
}

// Fields whose value is upstream text: wrapped as data when the context is untrusted.
const textFields = new Set([
  'output',
  'result_text',
  'stdout_tail',
  'summary',
  'errors',
  'warnings',
  'decisions',
]);

export async function assembleEnginePrompt(input: PromptAssembly): Promise<string> {
  const { context, task, log, spend } = input;
  // A front door that writes the whole prompt itself (the council quotes members' answers, which may
  // contain `{{ ... }}`) marks it literal: sent exactly as written, nothing rendered or prepended.
  if (task.literal_prompt === true) return task.prompt ?? '';
  const { plan } = context;
  const template = task.prompt ?? '';
  const untrusted = contextIsUntrusted(plan, task);
  const lookup = untrusted ? wrapUpstreamText(input.lookup, context) : input.lookup;
  const outputSchema = schemaNoteFor(context, task);
  const upstreams = upstreamOutputs(context, task);
  const mode = task.context_mode ?? 'raw';
  if (upstreams.length === 0 && mode !== 'map_reduce') {
    const prompt = renderTemplate(template, lookup);
    return composeEnginePrompt({
      goal: plan.goal,
      context: dataNotice(untrusted, [], prompt),
      prompt,
      outputSchema,
    });
  }

  const { assembleContext } = await import('../context/assemble-context.ts');
  const assembled = await assembleContext(
    {
      taskId: task.id,
      mode,
      upstreams,
      query: renderTemplate(template, input.lookup),
      budgetTokens: task.context_budget_tokens,
      compaction: compactionOf(task),
      untrusted,
      promptUsesSynthesis: templateReferences(template).some(
        (parts) => parts.length === 1 && parts[0] === 'upstream_synthesis',
      ),
    },
    {
      callModel: async (call) => {
        const reply = await callModel(
          { context, task, spend, log },
          {
            purpose: call.purpose,
            engine: task.engine ?? 'mock',
            model: task.context_model ?? task.model,
            prompt: call.prompt,
            mock: task.mock,
          },
        );
        return { ok: reply.ok, text: reply.text, error: reply.error };
      },
      event: (name, data) => context.events.append(name, data),
      log: (line) => log.line(line),
    },
  );
  if (assembled.metrics) {
    const { rawTokens, finalTokens, rawBytes, finalBytes } = assembled.metrics;
    addResultFacts(spend, {
      context_raw_tokens: rawTokens,
      context_final_tokens: finalTokens,
      context_compression_ratio: ratio(finalTokens, rawTokens),
      context_raw_bytes: rawBytes,
      context_final_bytes: finalBytes,
      compression_ratio: ratio(finalBytes, rawBytes),
    });
  }
  const contextLookup: TemplateLookup = (parts) => {
    const [head] = parts;
    if (parts.length === 1 && head !== undefined && Object.hasOwn(assembled.variables, head)) {
      return assembled.variables[head];
    }
    if (parts.length >= 2 && parts[parts.length - 1] === 'summary') {
      const summary = assembled.summaries.get(parts.slice(0, -1).join('.'));
      if (summary !== undefined) return untrusted ? wrapAsData(parts.join('.'), summary) : summary;
    }
    return lookup(parts);
  };
  const prompt = renderTemplate(template, contextLookup);
  return composeEnginePrompt({
    goal: plan.goal,
    context: dataNotice(untrusted, assembled.sections, prompt),
    prompt,
    outputSchema,
  });
}

// The notice that explains the data markers, once, when the prompt carries marked data.
function dataNotice(untrusted: boolean, sections: readonly string[], prompt: string): readonly string[] {
  if (!untrusted || sections.includes(UNTRUSTED_DATA_NOTICE) || !prompt.includes('<<<DATA ')) return sections;
  return [UNTRUSTED_DATA_NOTICE, ...sections];
}

function upstreamOutputs(context: RunContext, task: Task): UpstreamOutput[] {
  const outputs: UpstreamOutput[] = [];
  for (const id of contextSources(task)) {
    const record = context.records.get(id);
    if (!record) continue;
    outputs.push({
      id,
      status: record.status,
      exitCode: record.exitCode,
      durationSec: record.durationSec,
      text: record.output || record.stdoutTail,
    });
  }
  return outputs;
}

function compactionOf(task: Task): 'none' | 'standard' | 'progressive' {
  const level = task.context_compaction ?? (task.context_compact === true ? 'standard' : 'none');
  return level === 'standard' || level === 'progressive' ? level : 'none';
}

// Engines that enforce a schema themselves (HTTP APIs, codex, llama, mock) get it in the call; the others
// are told in the prompt. The output_schema gate checks the answer either way.
function schemaNoteFor(context: RunContext, task: Task): Record<string, unknown> | undefined {
  const schema = task.output_schema;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema) || !task.engine)
    return undefined;
  if (context.executor.engineCapabilities?.(task.engine)?.structuredOutput === true) return undefined;
  return schema as Record<string, unknown>;
}

/** Upstream text a prompt template pulls in (`{{ a.output }}`, ...) is marked as data too. */
function wrapUpstreamText(lookup: TemplateLookup, context: RunContext): TemplateLookup {
  const isTaskId = (id: string) => context.records.has(id);
  return (parts) => {
    const value = lookup(parts);
    if (value === undefined || parts.length < 2) return value;
    const { taskId, field } = splitTaskReference(parts, isTaskId);
    if (!isTaskId(taskId) || !textFields.has(field[0] ?? '')) return value;
    return wrapAsData(parts.join('.'), value);
  };
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0;
}

// Facts a task's context assembly and gates learn that belong in its result.json (context sizes,
// structured_output), kept per task run (its TaskSpend) until the runner writes the record.
const resultFacts = new WeakMap<TaskSpend, Record<string, unknown>>();

export function addResultFacts(spend: TaskSpend, facts: Record<string, unknown>): void {
  resultFacts.set(spend, { ...resultFacts.get(spend), ...facts });
}

/** The facts gathered for a task run, for `TaskRecord.resultExtra`. */
export function resultFactsOf(spend: TaskSpend): Record<string, unknown> | undefined {
  return resultFacts.get(spend);
}
