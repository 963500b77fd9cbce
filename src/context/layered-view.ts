// `context_mode: layered`: each upstream at one of three levels of detail — L0 a single line (id, status,
// exit code, duration, size and the first meaningful line), L1 the head, the key lines (errors,
// warnings, decisions) and the tail, L2 the full output. Every upstream gets L0; the budget is then
// filled upward, L1 for each upstream in turn while it fits, then L2. Free: no model call.
import { gist, isKeyLine } from './key-lines.ts';
import type { TokenCounter } from './token-counter.ts';
import { type UpstreamOutput, upstreamHeading } from './upstream-output.ts';

export type Layer = 0 | 1 | 2;

const headLines = 5;
const tailLines = 5;
const maxKeyLines = 15;

export function layerZero(upstream: UpstreamOutput): string {
  const lines = upstream.text ? upstream.text.split('\n').length : 0;
  const exit = upstream.exitCode === null ? '' : `, exit ${upstream.exitCode}`;
  const first = gist(upstream.text, 120);
  return `${upstream.id}: ${upstream.status}${exit}, ${upstream.durationSec.toFixed(1)}s, ${lines} line${lines === 1 ? '' : 's'}${first ? ` — ${first}` : ''}`;
}

/** Head, key lines and tail; the full text when it is short enough that nothing would be left out. */
export function layerOne(upstream: UpstreamOutput): string {
  const lines = upstream.text.split('\n');
  if (lines.length <= headLines + tailLines + maxKeyLines) return upstream.text;
  const head = lines.slice(0, headLines);
  const tail = lines.slice(-tailLines);
  const middle = lines.slice(headLines, lines.length - tailLines);
  const key: string[] = [];
  const seen = new Set<string>();
  middle.forEach((line, offset) => {
    const trimmed = line.trim();
    if (key.length >= maxKeyLines || !trimmed || seen.has(trimmed) || !isKeyLine(trimmed)) return;
    seen.add(trimmed);
    key.push(`${headLines + offset + 1}: ${trimmed}`);
  });
  const omitted = `[… ${middle.length} lines in between; key lines by line number …]`;
  return [...head, omitted, ...key, ...(key.length > 0 ? ['[…]'] : []), ...tail].join('\n');
}

export function layerText(upstream: UpstreamOutput, layer: Layer): string {
  if (layer === 0) return layerZero(upstream);
  if (layer === 1) return layerOne(upstream);
  return upstream.text;
}

export function layeredSection(upstream: UpstreamOutput, layer: Layer): string {
  return `${upstreamHeading(upstream, `layer L${layer}`)}\n${layerText(upstream, layer)}`;
}

/** The deepest layers that fit `budgetTokens` together (each upstream at least L0). */
export function chooseLayers(
  upstreams: readonly UpstreamOutput[],
  budgetTokens: number,
  counter: TokenCounter,
): Map<string, Layer> {
  const cost = (upstream: UpstreamOutput, layer: Layer) => counter.count(layeredSection(upstream, layer)) + 2;
  const layers = new Map<string, Layer>();
  const costs = new Map<string, number>();
  for (const upstream of upstreams) {
    // A short output shown whole costs no more than its one-line summary.
    const [zero, full] = [cost(upstream, 0), cost(upstream, 2)];
    layers.set(upstream.id, full <= zero ? 2 : 0);
    costs.set(upstream.id, Math.min(zero, full));
  }
  let used = [...costs.values()].reduce((sum, value) => sum + value, 0);
  for (const target of [1, 2] as const) {
    for (const upstream of upstreams) {
      if ((layers.get(upstream.id) ?? 0) >= target) continue;
      const current = costs.get(upstream.id) ?? 0;
      const next = cost(upstream, target);
      if (used - current + next > budgetTokens) continue;
      used += next - current;
      costs.set(upstream.id, next);
      layers.set(upstream.id, target);
    }
  }
  return layers;
}
