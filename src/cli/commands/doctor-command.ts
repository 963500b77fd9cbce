// `maestro doctor [--json]`: prints which engines can run here. Exits 0 whatever it finds: a missing
// optional engine is a finding, not a failure.
import { formatDoctorReport, runDoctor } from '../../doctor/index.ts';
import { reportError } from '../report-error.ts';

export async function doctorCommand(flags: { json?: boolean }): Promise<number> {
  try {
    const report = await runDoctor();
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
    return 0;
  } catch (error) {
    return reportError(error);
  }
}
