/**
 * @module
 * `maestro doctor`: which engines can run here (executables and versions, endpoints, credentials by
 * name, the embedded engine's package). Callable from the SDK; the CLI only prints the report.
 */
export {
  DOCTOR_ENGINES,
  type DoctorEndpointSpec,
  type DoctorEngineKind,
  type DoctorEngineSpec,
  normalizeOllamaHost,
} from './doctor-engines.ts';
export { findExecutable } from './find-executable.ts';
export { formatDoctorReport } from './format-doctor-report.ts';
export type { EndpointProbe } from './probe-endpoint.ts';
export { type DoctorEngineReport, type DoctorOptions, type DoctorReport, runDoctor } from './run-doctor.ts';
