// `maestro verify RUN_DIR [--json]`: recompute the event hash chain and the artifact hashes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MaestroError } from '../../errors/index.ts';
import { verifyRunDirectory } from '../../store/index.ts';
import { reportError } from '../report-error.ts';

export async function verifyCommand(runDir: string, flags: { json?: boolean }): Promise<number> {
  try {
    if (!existsSync(join(runDir, 'events.jsonl'))) {
      throw new MaestroError({ code: 'E112', flag: 'RUN_DIR', message: `no events.jsonl in ${runDir}` });
    }
    const report = verifyRunDirectory(runDir);
    const valid = report.chainValid && report.artifactsValid;
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ valid, ...report })}\n`);
    } else {
      const word = (ok: boolean) => (ok ? 'valid' : 'INVALID');
      process.stdout.write(
        `[maestro] verify: chain=${word(report.chainValid)}, artefacts=${word(report.artifactsValid)} (${report.events} events)\n`,
      );
      for (const problem of report.problems) process.stdout.write(`  - ${problem}\n`);
    }
    return valid ? 0 : 1;
  } catch (error) {
    return reportError(error);
  }
}
