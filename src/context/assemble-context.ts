// Builds the context block of a task's prompt from its `context_from` upstreams in the task's
// `context_mode`, within `context_budget_tokens`: compaction first when the outputs exceed the budget,
// then the mode (raw trim, selective chunks, layered levels, summaries, map-reduce synthesis), then the
// data markers when the context is untrusted. The result fits the budget, headings and markers included.
// Every trim, compaction step and summary is reported as an event and a log line. Model calls, events
// and logs are ports, so this file knows nothing of runs.
import { MaestroError } from '../errors/index.ts';
import type { CompactionLevel } from './compact-text.ts';
import { compactUpstreams } from './compact-upstreams.ts';
import {
  DEFAULT_CONTEXT_BUDGET_TOKENS,
  isSupportedContextMode,
  SUPPORTED_CONTEXT_MODES,
} from './context-modes.ts';
import { ContextReport } from './context-report.ts';
import { fitToBudget } from './fit-to-budget.ts';
import { type Block, layeredBlocks, rawBlocks, selectiveBlocks } from './free-modes.ts';
import { type ContextModelCall, type ContextModelReply, mapReduce, summarizedBlocks } from './model-modes.ts';
import { loadTokenCounter, type TokenCounter } from './token-counter.ts';
import { UNTRUSTED_DATA_NOTICE, wrapAsData } from './untrusted-data.ts';
import { type UpstreamOutput, upstreamHeading } from './upstream-output.ts';

export type { ContextModelCall, ContextModelReply } from './model-modes.ts';

export interface ContextPorts {
  callModel(call: ContextModelCall): Promise<ContextModelReply>;
  event(name: string, data: Record<string, unknown>): void;
  log(line: string): void;
  /** @default the o200k_base counter, loaded on first use */
  counter?: TokenCounter;
}

export interface ContextRequest {
  taskId: string;
  mode: string;
  upstreams: readonly UpstreamOutput[];
  /** The task's rendered prompt: the BM25 query and what summaries are for. */
  query: string;
  /** `context_budget_tokens` of the task (or of `defaults`), when set. */
  budgetTokens?: number;
  compaction: CompactionLevel;
  /** Wrap upstream text as data (control_flow_integrity, context_trust: untrusted, observation_block). */
  untrusted: boolean;
  /** The prompt places `{{ upstream_synthesis }}` itself (map_reduce). */
  promptUsesSynthesis: boolean;
}

export interface ContextMetrics {
  rawTokens: number;
  finalTokens: number;
  rawBytes: number;
  finalBytes: number;
}

export interface AssembledContext {
  /** Blocks that go in front of the prompt, in order. */
  sections: string[];
  /** Template variables the mode provides: `upstream_synthesis`. */
  variables: Record<string, string>;
  /** Model summaries by upstream id, for `{{ id.summary }}`. */
  summaries: Map<string, string>;
  /** Sizes before and after, when tokens were counted (any mode but unbudgeted raw). */
  metrics?: ContextMetrics;
}

// A free mode is redone with a smaller share when headings and markers push it over the budget.
const fitRounds = 4;

export async function assembleContext(
  request: ContextRequest,
  ports: ContextPorts,
): Promise<AssembledContext> {
  const { mode, upstreams, untrusted } = request;
  if (!isSupportedContextMode(mode)) {
    throw new MaestroError({
      code: 'E109',
      message: `task '${request.taskId}': context_mode '${mode}' is not supported by this build of Maestro yet`,
      hint: `the modes so far are ${SUPPORTED_CONTEXT_MODES.join(', ')}`,
    });
  }
  const summaries = new Map<string, string>();
  if (upstreams.length === 0) {
    const variables: Record<string, string> =
      mode === 'map_reduce' ? { upstream_synthesis: '(no upstream context)' } : {};
    return { sections: [], variables, summaries };
  }
  const plainMode = mode === 'raw' || mode === 'council';
  if (plainMode && request.budgetTokens === undefined && request.compaction === 'none') {
    const blocks = upstreams.map((upstream) => ({
      id: upstream.id,
      heading: upstreamHeading(upstream),
      body: upstream.text,
    }));
    return { sections: finish(blocks, untrusted), variables: {}, summaries };
  }

  const counter = ports.counter ?? (await loadTokenCounter());
  const budget = request.budgetTokens ?? DEFAULT_CONTEXT_BUDGET_TOKENS;
  const rawTokens = upstreams.reduce((sum, upstream) => sum + counter.count(upstream.text), 0);
  const rawBytes = upstreams.reduce((sum, upstream) => sum + Buffer.byteLength(upstream.text), 0);
  const report = new ContextReport();
  const firstShare = Math.max(0, budget - sectionOverhead(upstreams, untrusted, counter));

  let sources = [...upstreams];
  if (request.compaction !== 'none' && rawTokens > firstShare) {
    sources = compactUpstreams(sources, request.compaction, firstShare, counter, report);
  }
  report.flush(request.taskId, ports);

  const variables: Record<string, string> = {};
  let sections: string[] = [];
  if (mode === 'summarized' || mode === 'map_reduce') {
    const input = {
      upstreams: sources,
      query: request.query,
      share: firstShare,
      budget,
      counter,
      callModel: ports.callModel,
      report,
    };
    let blocks: Block[] =
      mode === 'summarized'
        ? await summarizedBlocks(input, summaries)
        : [{ id: 'upstream_synthesis', heading: synthesisHeading(sources), body: await mapReduce(input) }];
    report.flush(request.taskId, ports);
    blocks = fitBodies(blocks, budget, mode, untrusted, counter, report);
    report.flush(request.taskId, ports);
    if (mode === 'map_reduce') {
      const synthesis = blocks[0]?.body ?? '';
      variables.upstream_synthesis = untrusted ? wrapAsData('upstream_synthesis', synthesis) : synthesis;
      if (request.promptUsesSynthesis) blocks = [];
    } else {
      for (const block of blocks) summaries.set(block.id, block.body);
    }
    sections = finish(blocks, untrusted);
  } else {
    let share = firstShare;
    let blocks: Block[] = [];
    for (let round = 0; round < fitRounds; round += 1) {
      report.notes.length = 0;
      blocks =
        mode === 'selective'
          ? await selectiveBlocks(sources, request.query, share, budget, counter, report)
          : mode === 'layered'
            ? layeredBlocks(sources, share, budget, counter, report)
            : rawBlocks(sources, share, budget, counter, report);
      const excess = counter.count(finish(blocks, untrusted).join('\n\n')) - budget;
      if (excess <= 0 || share === 0) break;
      share = Math.max(0, share - excess);
    }
    // Still over (layer-0 lines of many upstreams in a tiny budget): the bodies are cut.
    blocks = fitBodies(blocks, budget, mode, untrusted, counter, report);
    report.flush(request.taskId, ports);
    sections = finish(blocks, untrusted);
  }

  const inPrompt = request.promptUsesSynthesis ? [variables.upstream_synthesis ?? ''] : [];
  const finalText = [...sections, ...inPrompt].join('\n\n');
  return {
    sections,
    variables,
    summaries,
    metrics: {
      rawTokens,
      finalTokens: counter.count(finalText),
      rawBytes,
      finalBytes: Buffer.byteLength(finalText),
    },
  };
}

function synthesisHeading(sources: readonly UpstreamOutput[]): string {
  return `[Synthesis of upstream tasks ${sources.map((source) => source.id).join(', ')} (map_reduce)]`;
}

function finish(blocks: readonly Block[], untrusted: boolean): string[] {
  if (blocks.length === 0) return [];
  if (!untrusted) return blocks.map((block) => `${block.heading}\n${block.body}`);
  return [
    UNTRUSTED_DATA_NOTICE,
    ...blocks.map((block) => `${block.heading}\n${wrapAsData(block.id, block.body)}`),
  ];
}

// Headings, separators and data markers take room in the budget too.
function sectionOverhead(
  upstreams: readonly UpstreamOutput[],
  untrusted: boolean,
  counter: TokenCounter,
): number {
  let tokens = 0;
  for (const upstream of upstreams)
    tokens += counter.count(upstreamHeading(upstream, 'most relevant parts')) + 2;
  if (untrusted) {
    tokens += counter.count(UNTRUSTED_DATA_NOTICE) + 2;
    for (const upstream of upstreams) tokens += counter.count(wrapAsData(upstream.id, '')) + 1;
  }
  return tokens;
}

// Bodies are cut (summaries are never re-asked) when the blocks with their headings still exceed the budget.
function fitBodies(
  blocks: Block[],
  budget: number,
  mode: string,
  untrusted: boolean,
  counter: TokenCounter,
  report: ContextReport,
): Block[] {
  const total = counter.count(finish(blocks, untrusted).join('\n\n'));
  if (total <= budget) return blocks;
  const bodies = blocks.reduce((sum, block) => sum + counter.count(block.body), 0);
  const fit = fitToBudget(
    blocks.map((block) => ({ id: block.id, text: block.body })),
    Math.max(0, bodies - (total - budget)),
    counter,
  );
  for (const trim of fit.trimmed) {
    report.add(
      'context_budget_trim',
      {
        upstream: trim.upstream,
        mode,
        budget_tokens: budget,
        tokens_before: trim.tokensBefore,
        tokens_after: trim.tokensAfter,
      },
      `${mode}: ${trim.upstream} cut to fit the budget: ${trim.tokensBefore} -> ${trim.tokensAfter} tokens`,
    );
  }
  return blocks.map((block) => ({ ...block, body: fit.texts.get(block.id) ?? block.body }));
}
