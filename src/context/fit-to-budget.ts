// Fits several texts into one token budget: texts under their fair share keep everything and leave the
// rest to the others (water-filling); a text over its share keeps its head and its tail, with a marker
// saying how much was cut from the middle.
import { isKeyLine } from './key-lines.ts';
import type { TokenCounter } from './token-counter.ts';

export interface BudgetFit {
  texts: Map<string, string>;
  trimmed: { upstream: string; tokensBefore: number; tokensAfter: number }[];
}

const markerTokens = 16;

export function fitToBudget(
  items: readonly { id: string; text: string }[],
  budgetTokens: number,
  counter: TokenCounter,
): BudgetFit {
  const sized = items.map((item) => ({ ...item, tokens: counter.count(item.text) }));
  const allocation = new Map<string, number>();
  let remaining = Math.max(0, budgetTokens);
  const bySize = [...sized].sort((left, right) => left.tokens - right.tokens);
  bySize.forEach((item, position) => {
    const share = Math.floor(remaining / (bySize.length - position));
    const granted = Math.min(item.tokens, share);
    allocation.set(item.id, granted);
    remaining -= granted;
  });
  const texts = new Map<string, string>();
  const trimmed: BudgetFit['trimmed'] = [];
  for (const item of sized) {
    const granted = allocation.get(item.id) ?? 0;
    if (item.tokens <= granted) {
      texts.set(item.id, item.text);
      continue;
    }
    const text = keepHeadAndTail(item.text, granted, counter);
    texts.set(item.id, text);
    trimmed.push({ upstream: item.id, tokensBefore: item.tokens, tokensAfter: counter.count(text) });
  }
  return { texts, trimmed };
}

/**
 * The head (about 60 %) and the tail of `text` within `tokens`, cut at line ends where possible, with the
 * key lines (errors, warnings, decisions) of the part in between when there is room for them, and a
 * marker saying how much was cut.
 */
export function keepHeadAndTail(text: string, tokens: number, counter: TokenCounter): string {
  const total = counter.count(text);
  if (total <= tokens) return text;
  const room = tokens - markerTokens;
  if (room < 16) return counter.head(text, Math.max(0, tokens));
  const first = splitHeadTail(text, room, counter);
  const keyRoom = Math.floor(room / 3);
  const key: string[] = [];
  let keyTokens = 0;
  for (const line of first.middle.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || !isKeyLine(trimmed) || key.includes(trimmed)) continue;
    const cost = counter.count(trimmed) + 1;
    if (keyTokens + cost > keyRoom) break;
    key.push(trimmed);
    keyTokens += cost;
  }
  const { head, tail } = key.length > 0 ? splitHeadTail(text, room - keyTokens, counter) : first;
  const kept = [head, ...key, tail].reduce((sum, part) => sum + counter.count(part), 0);
  const cut = Math.max(0, total - kept);
  const marker = `[… ${cut} tokens cut to fit context_budget_tokens${key.length > 0 ? '; key lines kept' : ''} …]`;
  return [head, marker, ...key, ...(key.length > 0 ? ['[…]'] : []), tail]
    .filter((part) => part !== '')
    .join('\n');
}

function splitHeadTail(
  text: string,
  room: number,
  counter: TokenCounter,
): { head: string; middle: string; tail: string } {
  const headTokens = Math.floor(room * 0.6);
  const head = atLineEnd(counter.head(text, headTokens));
  const tail = atLineStart(counter.tail(text, room - headTokens));
  const middle = text.slice(head.length, Math.max(head.length, text.length - tail.length));
  return { head, middle, tail };
}

// Back to the last line end, unless that loses more than half of the piece.
function atLineEnd(piece: string): string {
  const end = piece.lastIndexOf('\n');
  return end >= piece.length / 2 ? piece.slice(0, end) : piece;
}

function atLineStart(piece: string): string {
  const start = piece.indexOf('\n');
  return start !== -1 && start <= piece.length / 2 ? piece.slice(start + 1) : piece;
}
