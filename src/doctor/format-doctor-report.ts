// The doctor report as a terminal table: one row per engine, then the problems and what to do.
import type { DoctorEngineReport, DoctorReport } from './run-doctor.ts';

export function formatDoctorReport(report: DoctorReport): string {
  const rows = report.engines.map((engine) => [
    engine.name,
    engine.kind,
    statusOf(engine),
    detailOf(engine),
    keysOf(engine),
  ]);
  const header = ['ENGINE', 'KIND', 'STATUS', 'VERSION / WHERE', 'KEYS'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  const notes = report.engines
    .filter((engine) => engine.problem || engine.hint)
    .map(
      (engine) =>
        `- ${engine.name}: ${[engine.problem, engine.hint && `fix: ${engine.hint}`].filter(Boolean).join('; ')}`,
    );
  return [
    line(header),
    ...rows.map(line),
    '',
    `${report.ready} of ${report.total} engines ready (node ${report.node}, ${report.platform})`,
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
  ].join('\n');
}

function statusOf(engine: DoctorEngineReport): string {
  if (engine.ready) return 'ok';
  if (engine.kind === 'http') return 'unreachable';
  return 'missing';
}

function detailOf(engine: DoctorEngineReport): string {
  const parts: string[] = [];
  if (engine.version) parts.push(engine.version);
  if (engine.endpoint)
    parts.push(
      engine.endpoint.status === undefined
        ? engine.endpoint.url
        : `${engine.endpoint.url} (${engine.endpoint.status})`,
    );
  else if (engine.path) parts.push(engine.path);
  return parts.join('  ') || '-';
}

function keysOf(engine: DoctorEngineReport): string {
  if (engine.keys.length === 0) return '-';
  return engine.keys.map((key) => `${key.name} ${key.set ? 'set' : 'unset'}`).join(', ');
}
