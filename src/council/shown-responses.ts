// How members' answers are shown to a reader (a debating peer, a ranker, the chair): under their
// session label, in an order shuffled for that reader from the session seed, and with the engine:model
// only when anonymization is off.
import { type CouncilContext, memberOf } from './council-context.ts';
import { presentationOrder } from './labels.ts';
import { memberKey } from './member-spec.ts';
import type { ShownResponse } from './prompts.ts';
import type { CallRecord } from './types.ts';

/** The latest answers of `memberIds`, labelled and in this reader's seeded order. */
export function shownResponses(
  context: CouncilContext,
  memberIds: readonly string[],
  latest: ReadonlyMap<string, CallRecord>,
  reader: string,
): ShownResponse[] {
  const byLabel = new Map(memberIds.map((memberId) => [context.labelOf.get(memberId) as string, memberId]));
  return presentationOrder([...byLabel.keys()], context.config.seed, reader).map((label) => {
    const memberId = byLabel.get(label) as string;
    const text = latest.get(memberId)?.text ?? '';
    return context.config.anonymize
      ? { label, text }
      : { label, text, name: memberKey(memberOf(context, memberId)) };
  });
}
