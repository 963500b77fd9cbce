// `maestro council`: one session of the protocol, driven through a CouncilPort.
//
// Rounds: `config.rounds` counts every round, round 0 included, as in Du et al.'s code (3 agents ×
// 2 rounds = independent answers, then one debate round). So `--rounds 1` is plain self-consistency
// (answers, vote, ranking, chair), and the maximum 5 allows 4 debate rounds, past which Du et al.
// measured no gain.
//
// Stages: round 0 answers in parallel → deliberation rounds (anonymized peers, roles, stubborn prompt;
// failed members excluded from then on; optional early stop) → anonymized peer ranking (≥ 2 valid
// answers) → consensus (see consensus.ts) → chair (final answer, sources, minority report; on failure
// the leading answer's text, marked; against a consensus, the consensus stands and the divergence is
// recorded) → dissent per member and round, measured against what the council decided.
// Below quorum the session ends as `no_quorum` at once: no ranking, no chair, no final answer, so no
// one can mistake a partial council for a decision. An aborted signal ends it as `interrupted` with
// everything recorded so far. Member failures never throw; only a bad config does.
import { randomBytes } from 'node:crypto';
import { runChairStage } from './chair-stage.ts';
import { decideConsensus } from './consensus.ts';
import { type CouncilContext, createContext, describeMember } from './council-context.ts';
import type { CouncilPort } from './council-port.ts';
import { runRounds } from './deliberation-rounds.ts';
import { computeDissent, finalDissenters } from './dissent.ts';
import { buildMinorityReport, chooseFinalAnswer } from './final-answer.ts';
import { runRankingStage } from './ranking-stage.ts';
import { redactConfig } from './redact-config.ts';
import { type CouncilJournal, SessionEvents } from './session-events.ts';
import { emptySession, roundPositions, totalsOf } from './session-record.ts';
import type { CouncilConfig, CouncilSession } from './types.ts';

export interface RunCouncilOptions {
  /** Aborting ends the session as `interrupted`. */
  signal?: AbortSignal;
  /** Clock for timestamps. @default () => new Date() */
  now?: () => Date;
  /** @default `council-<UTC time>-<random>` */
  sessionId?: string;
  /** Receives every event as it happens, e.g. a CouncilHistoryLog. */
  journal?: CouncilJournal;
  /** Warnings from resolveCouncilConfig, kept in the session record. */
  warnings?: readonly string[];
}

/**
 * Runs one council session and returns its record.
 *
 * @example
 * const { config } = resolveCouncilConfig({ question, members: parseMemberSpecs(['ollama:qwen2.5:7b', 'openai:gpt-4o-mini', 'claude']) });
 * const session = await runCouncil(config, port, { journal: new CouncilHistoryLog(councilHistoryPath(cwd)) });
 * console.log(renderSession(session, 'text'));
 */
export async function runCouncil(
  config: CouncilConfig,
  port: CouncilPort,
  options: RunCouncilOptions = {},
): Promise<CouncilSession> {
  const now = options.now ?? (() => new Date());
  const signal = options.signal ?? new AbortController().signal;
  // The record (history, run events, JSON output) gets the config without credentials; calls use it whole.
  const recorded = redactConfig(config);
  const session = emptySession(recorded, options.sessionId ?? newSessionId(now()), now().toISOString());
  session.warnings.push(...(options.warnings ?? []));
  const events = new SessionEvents(session.id, port.event?.bind(port), options.journal, session.warnings);
  const context = createContext({ config, port, signal, session, events });
  events.emit('session_start', { config: recorded, labels: session.labels, started_at: session.startedAt });

  const rounds = await runRounds(context);
  const valid = rounds.validMemberIds;
  if (rounds.interrupted) return finish(context, 'interrupted', now);
  const quorumMet = valid.length >= config.quorum;
  const ranked = quorumMet ? await runRankingStage(context, valid, rounds.latest) : undefined;
  const ranking = ranked?.ranking ?? null;
  const consensus = decideConsensus({
    finals: config.members.map((member) => ({
      memberId: member.id,
      ok: valid.includes(member.id),
      position: rounds.latest.get(member.id)?.position ?? null,
    })),
    answerKind: config.answerKind,
    quorum: config.quorum,
    threshold: config.threshold,
    thresholdText: config.thresholdText,
    ranking: ranking?.aggregate ?? null,
  });
  session.consensus = consensus;
  events.emit('consensus', { consensus });
  if (ranked?.interrupted) return finish(context, 'interrupted', now);

  const chaired =
    consensus.status === 'no_quorum'
      ? undefined
      : await runChairStage(context, valid, rounds.latest, consensus, ranking);
  const finalTexts = new Map(valid.map((memberId) => [memberId, rounds.latest.get(memberId)?.text ?? '']));
  session.final = chooseFinalAnswer({
    consensus,
    chair: chaired?.chair ?? null,
    chairPosition: chaired?.chairPosition ?? null,
    finalTexts,
    ranking: ranking?.aggregate ?? null,
  });
  const endorsements =
    consensus.basis === 'ranking' && consensus.leadingLabel !== null
      ? new Map(
          (ranking?.ballots ?? [])
            .filter((ballot) => ballot.valid)
            .map((ballot) => [ballot.rankerId, ballot.order[0] === consensus.leadingLabel]),
        )
      : undefined;
  // Dissent is from what the council decided: a consensus's position, whatever the chair wrote.
  const decided =
    consensus.status === 'consensus' && consensus.leadingPosition !== null
      ? consensus.leadingPosition
      : session.final.position;
  session.dissent = computeDissent({
    rounds: roundPositions(session),
    finalPosition: decided,
    endorsements,
    positionlessDisagree: consensus.basis === 'vote',
  });
  session.minorityReport = buildMinorityReport({
    chair: session.chair,
    chairDiverged: session.final.divergesFromConsensus,
    basis: consensus.basis,
    dissent: session.dissent,
    dissenterIds: finalDissenters(session.dissent),
    describeMember: (memberId) => describeMember(context, memberId),
    hasAnswers: consensus.status !== 'no_quorum' && valid.length > 0,
  });
  return finish(context, chaired?.interrupted ? 'interrupted' : consensus.status, now);
}

function finish(context: CouncilContext, status: CouncilSession['status'], now: () => Date): CouncilSession {
  const { session, events } = context;
  session.status = status;
  session.finishedAt = now().toISOString();
  session.totals = totalsOf(session.calls);
  events.emit('session_complete', {
    status,
    final: session.final,
    minority_report: session.minorityReport,
    dissent: session.dissent,
    early_stop: session.earlyStop,
    totals: session.totals,
    warnings: session.warnings,
    finished_at: session.finishedAt,
  });
  if (events.unwritten > 0) {
    session.warnings.push(
      `history log: the last ${events.unwritten} events of this session were not written`,
    );
  }
  return session;
}

/** `council-20261121T122716Z-1a2b3c`: sortable by time, safe in file names. */
export function newSessionId(date: Date): string {
  const stamp = date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `council-${stamp}-${randomBytes(3).toString('hex')}`;
}
