// `maestro council "QUESTION"`: flags (over an optional council file) → one council session on the
// kernel → the session rendered as text, markdown or JSON. Exit 0 on consensus, 1 otherwise, 130 on Ctrl-C.
import { readFileSync } from 'node:fs';
import { resolveCouncilConfig } from '../../council/council-config.ts';
import {
  oneOf,
  parseAnswerKind,
  parseCountFlag,
  parseIntegerFlag,
  parseRankingMethod,
  parseRolesMode,
  parseThreshold,
} from '../../council/council-flag-values.ts';
import { runCouncilSession } from '../../council/council-session-run.ts';
import { parseMemberSpec, parseMemberSpecs } from '../../council/member-spec.ts';
import { RENDER_FORMATS, renderSession } from '../../council/render-session.ts';
import type { CouncilOptions } from '../../council/types.ts';
import { priceUsage } from '../../engines/pricing/index.ts';
import { MaestroError } from '../../errors/index.ts';
import { ProcessHostExecutor } from '../../executors/process-host/process-host-executor.ts';
import { withInterrupts } from '../interrupts.ts';
import { createRunView } from '../render/run-view.ts';
import { reportError } from '../report-error.ts';

export interface CouncilFlags {
  file?: string;
  config?: string;
  member?: string[];
  rounds?: string;
  roles?: string;
  role?: string[];
  seed?: string;
  chair?: string;
  quorum?: string;
  threshold?: string;
  anonymize?: boolean;
  earlyStop?: boolean;
  answer?: string;
  ranking?: string;
  output?: string;
  runDir?: string;
  timeout?: string;
  retries?: string;
  maxCost?: string;
  maskSecrets?: boolean;
}

export async function councilCommand(words: string[], flags: CouncilFlags): Promise<number> {
  try {
    const format = oneOf(flags.output ?? 'text', RENDER_FORMATS, '--output');
    // The attempt host boots while the council file is read; it is stopped on every path below.
    const executor = new ProcessHostExecutor();
    executor.warmUp();
    try {
      return await runCouncilCommand(words, flags, format, executor);
    } finally {
      await executor.close();
    }
  } catch (error) {
    return reportError(error);
  }
}

async function runCouncilCommand(
  words: string[],
  flags: CouncilFlags,
  format: (typeof RENDER_FORMATS)[number],
  executor: ProcessHostExecutor,
): Promise<number> {
  {
    const council = resolveCouncilConfig(await councilOptions(words, flags));
    // Checked before anything starts, so a bad value is a coded flag error and no run is opened.
    const timeoutSec = optionalNumber(flags.timeout, '--timeout');
    const maxRetries = flags.retries === undefined ? undefined : parseCountFlag(flags.retries, '--retries');
    const maxCostUsd = optionalNumber(flags.maxCost, '--max-cost');
    // On a terminal the calls show in the same live view as a plan's tasks while the council works.
    const { members, rounds } = council.config;
    const view =
      process.stdout.isTTY && format === 'text'
        ? await createRunView('text', members.length * (rounds + 1) + 1)
        : undefined;
    return await withInterrupts(
      (text) => process.stderr.write(`${text}\n`),
      'ending the council',
      async (signal) => {
        const result = await runCouncilSession(council, {
          executor,
          projectDir: process.cwd(),
          runsDir: flags.runDir,
          signal,
          timeoutSec,
          maxRetries,
          maxCostUsd,
          maskSecrets: flags.maskSecrets,
          priceUsage,
          listener: view?.listener,
        });
        view?.finish(result.run);
        process.stdout.write(`${renderSession(result.session, format).trimEnd()}\n`);
        for (const warning of [...result.session.warnings, ...result.warnings]) {
          process.stderr.write(`[maestro] warning: ${warning}\n`);
        }
        process.stderr.write(
          `[maestro] run ${result.run.runPath}\n[maestro] history ${result.historyPath}\n`,
        );
        if (result.session.status === 'interrupted') return 130;
        return result.session.status === 'consensus' ? 0 : 1;
      },
    );
  }
}

// A council file gives the base; every flag given on the command line wins over it. The file reader (and
// the YAML library behind it) is loaded only when a file is given.
async function councilOptions(words: string[], flags: CouncilFlags): Promise<CouncilOptions> {
  const file = flags.config
    ? (await import('../../council/council-config-file.ts')).loadCouncilConfigFile(flags.config)
    : {};
  const question = questionText(words, flags) ?? file.question;
  if (question === undefined) {
    throw new MaestroError({
      code: 'E120',
      flag: '<question>',
      message: 'Give the question as an argument, with --file, or as `question:` in the --config file',
    });
  }
  const members = flags.member?.length ? parseMemberSpecs(flags.member) : file.members;
  if (!members) {
    throw new MaestroError({
      code: 'E120',
      flag: '--member',
      message: 'Name the members: --member engine:model (repeat it), or `members:` in a --config file',
    });
  }
  return {
    ...file,
    question,
    members,
    rounds: flags.rounds === undefined ? file.rounds : parseIntegerFlag(flags.rounds, '--rounds'),
    rolesMode: flags.roles === undefined ? file.rolesMode : parseRolesMode(flags.roles),
    roles: flags.role?.length ? flags.role : file.roles,
    seed: flags.seed === undefined ? file.seed : parseIntegerFlag(flags.seed, '--seed'),
    chair: flags.chair === undefined ? file.chair : parseMemberSpec(flags.chair, 'chair', '--chair'),
    quorum: flags.quorum === undefined ? file.quorum : parseIntegerFlag(flags.quorum, '--quorum'),
    threshold: flags.threshold === undefined ? file.threshold : parseThreshold(flags.threshold),
    thresholdText: flags.threshold === undefined ? file.thresholdText : flags.threshold,
    anonymize: flags.anonymize === false ? false : file.anonymize,
    earlyStop: flags.earlyStop ? true : file.earlyStop,
    answerKind: flags.answer === undefined ? file.answerKind : parseAnswerKind(flags.answer),
    rankingMethod: flags.ranking === undefined ? file.rankingMethod : parseRankingMethod(flags.ranking),
  };
}

function questionText(words: string[], flags: CouncilFlags): string | undefined {
  if (flags.file && words.length > 0) {
    throw new MaestroError({
      code: 'E120',
      flag: '--file',
      message: 'Give the question either as text or with --file',
    });
  }
  if (flags.file) {
    try {
      return readFileSync(flags.file, 'utf8');
    } catch (error) {
      throw new MaestroError({
        code: 'E120',
        flag: '--file',
        message: `Cannot read the question file ${flags.file}: ${(error as Error).message}`,
      });
    }
  }
  return words.length > 0 ? words.join(' ') : undefined;
}

function optionalNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new MaestroError({
      code: 'E012',
      flag,
      message: `Expected ${flag} to be a number above 0, got '${text}'`,
    });
  }
  return value;
}
