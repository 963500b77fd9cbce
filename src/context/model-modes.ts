// The context modes that ask the context model: `summarized` (one summary per upstream) and `map_reduce`
// (a map note per upstream, then one reduce call into `{{ upstream_synthesis }}`). A failed call falls
// back to the input cut to its share (head and tail), and says so in its event; an answer longer than
// its share is cut.
import type { ContextReport } from './context-report.ts';
import { keepHeadAndTail } from './fit-to-budget.ts';
import type { Block } from './free-modes.ts';
import { mapPrompt, reducePrompt, summarizePrompt } from './summary-prompts.ts';
import type { TokenCounter } from './token-counter.ts';
import type { UpstreamOutput } from './upstream-output.ts';

export interface ContextModelCall {
  purpose: 'summarize' | 'map' | 'reduce';
  /** The upstream the call is about; null for the reduce call. */
  upstream: string | null;
  prompt: string;
}

export interface ContextModelReply {
  ok: boolean;
  text: string;
  error?: string;
}

export type CallContextModel = (call: ContextModelCall) => Promise<ContextModelReply>;

export interface ModelModeInput {
  upstreams: readonly UpstreamOutput[];
  /** The task's rendered prompt, which the notes and summaries are for. */
  query: string;
  /** Tokens the answers may use together. */
  share: number;
  /** The task's whole context budget, as reported in events. */
  budget: number;
  counter: TokenCounter;
  callModel: CallContextModel;
  report: ContextReport;
}

/** One summary per upstream, each within an equal part of the share; also stored in `summaries`. */
export async function summarizedBlocks(
  input: ModelModeInput,
  summaries: Map<string, string>,
): Promise<Block[]> {
  const { upstreams, query, share } = input;
  const target = Math.max(32, Math.floor(share / Math.max(1, upstreams.length)));
  const blocks: Block[] = [];
  for (const upstream of upstreams) {
    const prompt = summarizePrompt(upstream.id, upstream.text, query, target);
    const summary = await condense(
      { purpose: 'summarize', upstream: upstream.id, prompt },
      upstream.text,
      target,
      {
        ...input,
        mode: 'summarized',
      },
    );
    summaries.set(upstream.id, summary);
    blocks.push({
      id: upstream.id,
      heading: `[Summary of task ${upstream.id} (${upstream.status}), by the context model]`,
      body: summary,
    });
  }
  return blocks;
}

/** Map notes per upstream, then the reduce call's synthesis (within the share). */
export async function mapReduce(input: ModelModeInput): Promise<string> {
  const { upstreams, query, share } = input;
  const target = Math.max(64, Math.floor(share / Math.max(1, upstreams.length)));
  const settings = { ...input, mode: 'map_reduce' };
  const notes: { upstream: string; text: string }[] = [];
  for (const upstream of upstreams) {
    if (!upstream.text.trim()) continue;
    const prompt = mapPrompt(upstream.id, upstream.text, query, target);
    notes.push({
      upstream: upstream.id,
      text: await condense(
        { purpose: 'map', upstream: upstream.id, prompt },
        upstream.text,
        target,
        settings,
      ),
    });
  }
  if (notes.length === 0) return '(the upstream tasks produced no output)';
  const joined = notes.map((note) => `${note.upstream}: ${note.text}`).join('\n\n');
  const reduceTarget = Math.max(64, share);
  return condense(
    { purpose: 'reduce', upstream: null, prompt: reducePrompt(notes, query, reduceTarget) },
    joined,
    reduceTarget,
    settings,
  );
}

interface CondenseSettings extends ModelModeInput {
  mode: string;
}

async function condense(
  call: ContextModelCall,
  input: string,
  target: number,
  settings: CondenseSettings,
): Promise<string> {
  const { mode, budget, counter, report } = settings;
  const what = call.upstream ?? 'the map notes';
  const stage = { upstream: call.upstream, mode, stage: call.purpose };
  if (!input.trim()) {
    report.add(
      'context_summarize',
      { ...stage, ok: true, skipped: 'empty output', tokens_before: 0, tokens_after: 0 },
      `${call.purpose} of ${what}: no output, nothing to ask`,
    );
    return '(no output)';
  }
  const before = counter.count(input);
  const reply = await settings.callModel(call);
  let text = reply.text.trim();
  if (!reply.ok || !text) {
    const error = reply.ok ? 'empty answer' : (reply.error ?? 'failed');
    text = keepHeadAndTail(input, target, counter);
    report.add(
      'context_summarize',
      {
        ...stage,
        ok: false,
        error,
        fallback: 'trimmed_input',
        tokens_before: before,
        tokens_after: counter.count(text),
      },
      `${call.purpose} of ${what} failed (${error}); its input cut to ${target} tokens is used instead`,
    );
    return text;
  }
  const answered = counter.count(text);
  if (answered > target) {
    text = counter.head(text, target);
    report.add(
      'context_budget_trim',
      { ...stage, budget_tokens: budget, tokens_before: answered, tokens_after: counter.count(text) },
      `${call.purpose} of ${what} was longer than its ${target} tokens and was cut (${answered} tokens)`,
    );
  }
  const after = counter.count(text);
  report.add(
    'context_summarize',
    { ...stage, ok: true, tokens_before: before, tokens_after: after },
    `${call.purpose} of ${what}: ${before} -> ${after} tokens`,
  );
  return text;
}
