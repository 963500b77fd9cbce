// `maestro council history [ID] [--stats] [--verify]` and `maestro council replay ID`: read the project's
// council history (history_log.jsonl, indexed in the state database) and render it.
import { existsSync } from 'node:fs';
import {
  councilHistoryPath,
  findSession,
  memberStatistics,
  oneOf,
  openIndexedHistory,
  parseCountFlag,
  RENDER_FORMATS,
  readHistory,
  renderSession,
  renderStatistics,
  sessionsFromHistory,
  stableStringify,
  verifyHistory,
} from '../../council/index.ts';
import { MaestroError } from '../../errors/index.ts';
import { reportError } from '../report-error.ts';

export interface CouncilHistoryFlags {
  output?: string;
  stats?: boolean;
  verify?: boolean;
  limit?: string;
}

export async function councilHistoryCommand(
  id: string | undefined,
  flags: CouncilHistoryFlags,
): Promise<number> {
  try {
    const format = oneOf(flags.output ?? 'text', RENDER_FORMATS, '--output');
    const projectDir = process.cwd();
    const path = councilHistoryPath(projectDir);
    if (flags.verify) {
      const verdict = verifyHistory(path);
      const text =
        format === 'json'
          ? stableStringify(verdict)
          : verdict.ok
            ? `OK ${path}: ${verdict.records} records, chain valid${verdict.tornTail ? ' (a torn last line will be cut at the next append)' : ''}`
            : `FAILED ${path}\n${verdict.problems.map((problem) => `  - ${problem}`).join('\n')}`;
      process.stdout.write(`${text.trimEnd()}\n`);
      return verdict.ok ? 0 : 1;
    }
    if (id !== undefined) return replaySession(id, format);
    if (flags.stats) {
      const sessions = existsSync(path) ? sessionsFromHistory(readHistory(path), warn) : [];
      process.stdout.write(renderStatistics(memberStatistics(sessions), format));
      return 0;
    }
    // `--limit 0` lists nothing (an empty JSON list), without claiming that there are no sessions.
    const limit = flags.limit === undefined ? 20 : parseCountFlag(flags.limit, '--limit');
    const db = openIndexedHistory(projectDir, warn);
    try {
      const rows = db.councilSessions.list({ limit });
      if (format === 'json') {
        process.stdout.write(`${stableStringify(rows)}\n`);
      } else if (rows.length === 0 && limit > 0) {
        process.stdout.write(`no council sessions yet in ${path}\n`);
      } else {
        for (const row of rows) {
          const answer = row.answer ? oneLine(row.answer, 60) : '-';
          const cost = row.costUsd ? ` $${row.costUsd.toFixed(4)}` : '';
          process.stdout.write(
            `${row.sessionId}  ${row.status.padEnd(12)} ${oneLine(row.question, 50).padEnd(50)}  → ${answer}  [${row.members.join(', ')}]${cost}\n`,
          );
        }
      }
    } finally {
      db.close();
    }
    return 0;
  } catch (error) {
    return reportError(error);
  }
}

export async function councilReplayCommand(id: string, flags: CouncilHistoryFlags): Promise<number> {
  try {
    return replaySession(id, oneOf(flags.output ?? 'text', RENDER_FORMATS, '--output'));
  } catch (error) {
    return reportError(error);
  }
}

// A replay is rebuilt from the log itself (the source of truth), not from the index.
function replaySession(id: string, format: (typeof RENDER_FORMATS)[number]): number {
  const path = councilHistoryPath(process.cwd());
  const sessions = existsSync(path) ? sessionsFromHistory(readHistory(path), warn) : [];
  const session = findSession(sessions, id);
  if (!session) {
    throw new MaestroError({
      code: 'E131',
      flag: '<id>',
      message: `No single council session matches '${id}' in ${path}`,
    });
  }
  process.stdout.write(`${renderSession(session, format).trimEnd()}\n`);
  return 0;
}

// A damaged line of the log costs its session, not every history command.
function warn(message: string): void {
  process.stderr.write(`[maestro] warning: ${message}\n`);
}

function oneLine(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}
