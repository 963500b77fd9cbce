// One session as text (terminal), markdown (reports) or JSON (machines, stable key order). Used both for
// the live CLI output and for `council replay`, which renders a session rebuilt from history, so the
// two always look the same. The minority report is always shown: dissent is the point of a council.
import { memberKey } from './member-spec.ts';
import { roundCall } from './session-record.ts';
import type { CallRecord, CouncilSession } from './types.ts';

export type RenderFormat = 'text' | 'json' | 'markdown';
export const RENDER_FORMATS: readonly RenderFormat[] = ['text', 'json', 'markdown'];

export function renderSession(session: CouncilSession, format: RenderFormat): string {
  if (format === 'json') return `${stableStringify(session)}\n`;
  return format === 'markdown' ? renderMarkdown(session) : renderText(session);
}

/** JSON with object keys sorted at every depth, two-space indented. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}

function renderText(session: CouncilSession): string {
  const lines = [
    `Council session ${session.id}`,
    `Question: ${session.question}`,
    `Status: ${statusLine(session)}`,
    `Members: ${memberList(session)}`,
    '',
    `Final answer (${session.final.source}${session.final.chairFailed ? ', chair failed' : ''}):`,
    indent(session.final.text ?? '(none)'),
    ...divergenceLines(session),
    '',
    `Minority report (${session.minorityReport.source}):`,
    indent(session.minorityReport.text || '(none)'),
    '',
    'Rounds:',
  ];
  for (const round of session.rounds) {
    lines.push(`  Round ${round.round} (${round.stage})`);
    for (const memberId of round.calledMemberIds) {
      const call = roundCall(session.calls, round.round, memberId);
      const role = round.roles[memberId] ? ` [${round.roles[memberId]}]` : '';
      lines.push(`    ${memberId}${role}: ${callSummary(session, call)}`);
    }
  }
  lines.push(...rankingLines(session).map((line) => `  ${line}`));
  lines.push('', ...footerLines(session));
  return `${lines.join('\n')}\n`;
}

function renderMarkdown(session: CouncilSession): string {
  const lines = [
    `# Council session ${session.id}`,
    '',
    `**Question:** ${session.question}`,
    '',
    `**Status:** ${statusLine(session)}`,
    '',
    `## Final answer (${session.final.source}${session.final.chairFailed ? ', chair failed' : ''})`,
    '',
    session.final.text ?? '_none_',
    ...divergenceLines(session).map((line) => `\n**${line}**`),
    '',
    `## Minority report (${session.minorityReport.source})`,
    '',
    session.minorityReport.text || '_none_',
    '',
    '## Members',
    '',
    '| id | label | engine:model |',
    '| --- | --- | --- |',
    ...session.config.members.map(
      (member) => `| ${member.id} | ${labelOf(session, member.id) ?? ''} | ${memberKey(member)} |`,
    ),
    '',
    '## Rounds',
    '',
    '| round | member | role | position | outcome |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const round of session.rounds) {
    for (const memberId of round.calledMemberIds) {
      const call = roundCall(session.calls, round.round, memberId);
      const outcome = call?.ok
        ? changed(session, round.round, memberId)
          ? 'changed'
          : 'ok'
        : `failed: ${call?.error ?? '?'}`;
      const position = call?.position ? escapeCell(call.position.value) : '';
      lines.push(
        `| ${round.round} | ${memberId} | ${round.roles[memberId] ?? ''} | ${position} | ${escapeCell(outcome)} |`,
      );
    }
  }
  const ranking = rankingLines(session);
  if (ranking.length > 0)
    lines.push('', '## Ranking', '', ...ranking.slice(1).map((line) => `- ${line.trim()}`));
  lines.push('', '## Totals', '', ...footerLines(session).map((line) => `- ${line}`));
  return `${lines.join('\n')}\n`;
}

function statusLine(session: CouncilSession): string {
  const consensus = session.consensus;
  const status = session.status.toUpperCase().replace('_', ' ');
  return consensus ? `${status} (${consensus.basis}): ${consensus.reason}` : status;
}

// Right under the final answer: a chair that contradicted the consensus is not a detail of the footer.
function divergenceLines(session: CouncilSession): string[] {
  if (!session.final.divergesFromConsensus) return [];
  // Sessions recorded before the consensus was kept over the chair still show the chair's answer.
  if (session.final.source === 'chair') return ["The chair's answer differs from the council's consensus"];
  const answer = session.chair?.answer ? oneLine(session.chair.answer, 80) : '?';
  return [`The chair answered "${answer}", against the council's consensus; the consensus answer is kept.`];
}

function oneLine(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

function memberList(session: CouncilSession): string {
  const members = session.config.members.map((member) => {
    const label = labelOf(session, member.id);
    return `${member.id} ${memberKey(member)}${label ? ` (Response ${label})` : ''}`;
  });
  return `${members.join(', ')}; chair ${session.config.chair.id} ${memberKey(session.config.chair)}`;
}

function callSummary(session: CouncilSession, call: CallRecord | undefined): string {
  if (!call) return '(no call recorded)';
  if (!call.ok) return `failed: ${call.error ?? 'unknown error'}`;
  const position = call.position ? call.position.value : '(no position)';
  const flags = dissentFlags(session, call.round, call.memberId);
  return `${position}${flags.length > 0 ? ` (${flags.join(', ')})` : ''}`;
}

function dissentFlags(session: CouncilSession, round: number, memberId: string): string[] {
  const record = session.dissent.find(
    (candidate) => candidate.round === round && candidate.memberId === memberId,
  );
  if (!record) return [];
  return [
    record.changed ? 'changed' : '',
    record.agreesWithFinal === false ? 'disagrees with final' : '',
    record.outlier ? 'outlier' : '',
    record.loneDissenter ? 'lone dissenter' : '',
  ].filter(Boolean);
}

function changed(session: CouncilSession, round: number, memberId: string): boolean {
  return session.dissent.some(
    (record) => record.round === round && record.memberId === memberId && record.changed,
  );
}

function rankingLines(session: CouncilSession): string[] {
  const aggregate = session.ranking?.aggregate;
  if (!aggregate || aggregate.validBallots === 0) return [];
  return [
    `Ranking (${aggregate.method}, ${aggregate.validBallots} ballots):`,
    ...aggregate.entries.map(
      (entry, index) =>
        `  ${index + 1}. Response ${entry.label} (${entry.memberId}): Borda ${round2(entry.bordaPoints)}, ` +
        `mean rank ${round2(entry.meanRank)}, first place ${entry.firstPlaceVotes}`,
    ),
  ];
}

function footerLines(session: CouncilSession): string[] {
  const { totals } = session;
  const cost = totals.costUsd === null ? 'cost unknown' : `cost $${totals.costUsd.toFixed(4)}`;
  const tokens = totals.tokens === null ? 'tokens unknown' : `${totals.tokens} tokens`;
  const lines = [`${totals.calls} calls (${totals.failedCalls} failed), ${tokens}, ${cost}`];
  if (session.earlyStop) {
    lines.push(`Stopped early after round ${session.earlyStop.afterRound} (${session.earlyStop.reason})`);
  }
  lines.push(`Started ${session.startedAt}, finished ${session.finishedAt ?? '(not finished)'}`);
  for (const warning of session.warnings) lines.push(`Warning: ${warning}`);
  return lines;
}

function labelOf(session: CouncilSession, memberId: string): string | undefined {
  return Object.entries(session.labels).find(([, id]) => id === memberId)?.[0];
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
