import type { PlanWarning } from '../../plan/types.ts';

export function printWarnings(warnings: PlanWarning[], stream: 'stdout' | 'stderr'): void {
  if (warnings.length === 0) return;
  const out = stream === 'stdout' ? process.stdout : process.stderr;
  out.write(`[maestro] ${warnings.length} warning(s):\n`);
  for (const warning of warnings) {
    const where = warning.location
      ? `${warning.location.file}:${warning.location.line}:${warning.location.column}: `
      : '';
    out.write(`  ${warning.code}: ${where}${warning.message}\n`);
  }
}
