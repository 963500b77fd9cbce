// `maestro doctor` as a function: which engines can run on this machine. Every engine is checked at
// once (executables on PATH and their versions, endpoints, credentials by name, node-llama-cpp), and
// nothing here fails because an optional engine is missing: that is what the report says.

import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { DOCTOR_ENGINES, type DoctorEngineKind, type DoctorEngineSpec } from './doctor-engines.ts';
import { findExecutable } from './find-executable.ts';
import { type EndpointProbe, probeEndpoint } from './probe-endpoint.ts';
import { probeLlama } from './probe-llama.ts';
import { probeVersion } from './probe-version.ts';

export interface DoctorOptions {
  /** Where PATH, endpoint and key variables are read. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** Only these engines (default: every engine of the design table). */
  engines?: readonly string[];
  /** @default 5000 */
  versionTimeoutMs?: number;
  /** @default 2000 */
  endpointTimeoutMs?: number;
}

export interface DoctorEngineReport {
  name: string;
  kind: DoctorEngineKind;
  /** Usable as far as can be told without running a task. */
  ready: boolean;
  /** The executable is on PATH, the endpoint answered, or the package imports. */
  found: boolean;
  /** The executable, interpreter or module entry that was found. */
  path?: string;
  version?: string;
  endpoint?: EndpointProbe;
  /** Credential variables by name; values are never read into the report. */
  keys: { name: string; set: boolean }[];
  /** Why the engine is not ready, or a check that went wrong. */
  problem?: string;
  /** What to do about it. */
  hint?: string;
}

export interface DoctorReport {
  engines: DoctorEngineReport[];
  /** How many engines are ready. */
  ready: number;
  total: number;
  node: string;
  platform: string;
}

/**
 * Checks every engine in parallel. Never rejects for a missing engine.
 * @example
 * const report = await runDoctor();
 * for (const engine of report.engines) console.log(engine.name, engine.ready);
 */
export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const env = options.env ?? process.env;
  const selected = options.engines
    ? DOCTOR_ENGINES.filter((spec) => options.engines!.includes(spec.name))
    : DOCTOR_ENGINES;
  const engines = await Promise.all(
    selected.map((spec) =>
      checkEngine(spec, {
        env,
        versionTimeoutMs: options.versionTimeoutMs ?? 5000,
        endpointTimeoutMs: options.endpointTimeoutMs ?? 2000,
      }),
    ),
  );
  return {
    engines,
    ready: engines.filter((engine) => engine.ready).length,
    total: engines.length,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

interface CheckContext {
  env: Readonly<Record<string, string | undefined>>;
  versionTimeoutMs: number;
  endpointTimeoutMs: number;
}

async function checkEngine(spec: DoctorEngineSpec, context: CheckContext): Promise<DoctorEngineReport> {
  const keys = spec.keyVariables.map((name) => ({ name, set: Boolean(context.env[name]?.trim()) }));
  const report: DoctorEngineReport = { name: spec.name, kind: spec.kind, ready: false, found: false, keys };
  switch (spec.kind) {
    case 'built-in':
      return { ...report, ready: true, found: true };
    case 'process':
      return checkInterpreter(spec, report);
    case 'agent-cli':
      return checkAgentCli(spec, report, context);
    case 'http':
      return checkEndpoint(spec, report, context);
    case 'embedded':
      return checkLlama(report, context);
  }
}

async function checkInterpreter(
  spec: DoctorEngineSpec,
  report: DoctorEngineReport,
): Promise<DoctorEngineReport> {
  const path = spec.interpreter ?? '/bin/sh';
  try {
    await access(path, constants.X_OK);
    return { ...report, ready: true, found: true, path };
  } catch {
    return { ...report, problem: `${path} is missing or not executable` };
  }
}

async function checkAgentCli(
  spec: DoctorEngineSpec,
  report: DoctorEngineReport,
  context: CheckContext,
): Promise<DoctorEngineReport> {
  const binary = spec.binary ?? spec.name;
  const path = await findExecutable(binary, context.env);
  if (!path) {
    return { ...report, problem: `\`${binary}\` is not on PATH`, hint: spec.installHint };
  }
  const probe = await probeVersion({ path, env: context.env, timeoutMs: context.versionTimeoutMs });
  if (!probe.ok) return { ...report, found: true, path, problem: probe.problem };
  return { ...report, found: true, ready: true, path, version: probe.version };
}

async function checkEndpoint(
  spec: DoctorEngineSpec,
  report: DoctorEngineReport,
  context: CheckContext,
): Promise<DoctorEngineReport> {
  const endpoint = spec.endpoint!;
  const configured = context.env[endpoint.variable]?.trim();
  let baseUrl = endpoint.defaultUrl;
  if (configured) {
    try {
      baseUrl = endpoint.normalize ? endpoint.normalize(configured) : configured;
    } catch {
      return { ...report, problem: `${endpoint.variable} is not a usable URL`, hint: spec.installHint };
    }
  }
  const probe = await probeEndpoint({ baseUrl, path: endpoint.path, timeoutMs: context.endpointTimeoutMs });
  const result: DoctorEngineReport = {
    ...report,
    found: probe.reachable,
    ready: probe.reachable,
    endpoint: probe,
  };
  if (probe.version) result.version = probe.version;
  if (!probe.reachable) {
    result.problem = `${probe.url} is not reachable (${probe.error})`;
    result.hint = spec.installHint;
  }
  return result;
}

async function checkLlama(report: DoctorEngineReport, context: CheckContext): Promise<DoctorEngineReport> {
  const probe = await probeLlama(context.env);
  const result: DoctorEngineReport = { ...report, found: probe.ok };
  if (probe.entry) result.path = probe.entry;
  if (probe.version) result.version = probe.version;
  if (probe.ok) return { ...result, ready: true };
  return { ...result, problem: probe.problem };
}
