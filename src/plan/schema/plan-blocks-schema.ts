// Plan-level sub-objects: imports, policies, mcp_servers, circuit_breaker and secrets.
import * as z from 'zod';
import { CIRCUIT_BREAKER_ACTIONS, MCP_TRANSPORTS, POLICY_ACTIONS } from '../plan-vocabulary.ts';
import { codedMessage, describeValue } from './issue-code.ts';
import { policyRuleProblem } from './policy-rule.ts';
import {
  boolean,
  commandLine,
  integer,
  listOf,
  mapping,
  oneOf,
  stringMap,
  text,
  textList,
} from './scalars.ts';

export const importEntryShape = {
  path: text('E026').optional().describe('Plan fragment to import, relative to this file.'),
  prefix: text('E026').optional().describe('Namespace of the imported ids: prefix/id.'),
  overrides: mapping({}, 'E026').optional().describe('Keys set on every imported task (env is merged).'),
};

const importEntry = mapping(importEntryShape, 'E026').superRefine((entry, context) => {
  for (const key of ['path', 'prefix'] as const) {
    if (entry[key] === undefined) {
      context.addIssue({ code: 'custom', path: [key], message: codedMessage('E026', 'is required') });
    }
  }
});

export const importsSchema = listOf(importEntry, 'E026');
export type PlanImportEntry = z.output<typeof importEntry>;

export const policyShape = {
  name: text('E052').optional(),
  rule: text('E052').optional().describe('Condition every task must satisfy.'),
  action: oneOf(POLICY_ACTIONS, 'E052').optional(),
  message: text().optional(),
};

const policy = mapping(policyShape, 'E052').superRefine((entry, context) => {
  if (!entry.name) {
    context.addIssue({ code: 'custom', path: ['name'], message: codedMessage('E052', 'is required') });
  } else if (!entry.rule?.trim()) {
    context.addIssue({
      code: 'custom',
      path: ['rule'],
      message: codedMessage('E052', `is required (policy '${entry.name}')`),
    });
  } else {
    const problem = policyRuleProblem(entry.rule);
    if (problem) {
      context.addIssue({
        code: 'custom',
        path: ['rule'],
        message: codedMessage(
          'E052',
          `is not a valid Python expression (policy '${entry.name}'): ${problem}`,
        ),
      });
    }
  }
});

export const policiesSchema = listOf(policy, 'E052').superRefine((policies, context) => {
  const seen = new Set<string>();
  policies.forEach((entry, index) => {
    if (entry.name && seen.has(entry.name)) {
      context.addIssue({
        code: 'custom',
        path: [index, 'name'],
        message: codedMessage('E052', `duplicates policy name '${entry.name}'`),
      });
    }
    if (entry.name) seen.add(entry.name);
  });
});

export const mcpServerShape = {
  name: text('E069').optional(),
  command: commandLine().optional(),
  url: text('E069').optional(),
  transport: oneOf(MCP_TRANSPORTS, 'E069').optional(),
  env: stringMap().optional(),
  description: text().optional(),
  allowed_task_roles: textList().optional(),
  is_concurrency_safe: boolean().optional(),
  timeout_sec: integer({ min: 1 }).optional(),
};

const mcpServer = mapping(mcpServerShape, 'E069').superRefine((server, context) => {
  if (!server.name?.trim()) {
    context.addIssue({ code: 'custom', path: ['name'], message: codedMessage('E069', 'is required') });
    return;
  }
  const transport = server.transport ?? 'stdio';
  if (transport === 'stdio' && (server.command === undefined || server.command.length === 0)) {
    context.addIssue({
      code: 'custom',
      path: [],
      message: codedMessage('E069', "stdio transport requires 'command'"),
    });
  }
  if (transport !== 'stdio' && !server.url) {
    context.addIssue({
      code: 'custom',
      path: [],
      message: codedMessage('E069', `${transport} transport requires 'url'`),
    });
  }
});

export const mcpServersSchema = listOf(mcpServer, 'E069').superRefine((servers, context) => {
  const seen = new Set<string>();
  servers.forEach((server, index) => {
    if (server.name && seen.has(server.name)) {
      context.addIssue({
        code: 'custom',
        path: [index, 'name'],
        message: codedMessage('E069', `duplicates server name '${server.name}'; names must be unique`),
      });
    }
    if (server.name) seen.add(server.name);
  });
});

export const circuitBreakerShape = {
  // maestro-cli checks `isinstance(value, int)` here instead of calling int(): '5' is an error.
  max_total_failures: integer({
    min: 1,
    code: 'E050',
    typeCode: 'E050',
    rangeText: 'must be a positive integer',
    strict: true,
  })
    .optional()
    .describe('Failed tasks before the breaker trips (default 5).'),
  action: oneOf(CIRCUIT_BREAKER_ACTIONS, 'E050').optional().describe('fail (stop dispatching) or pause.'),
};

export const circuitBreakerSchema = mapping(circuitBreakerShape, 'E050');

export const secretsSchema = z.union([z.literal('auto'), textList('E024')], {
  error: (issue) =>
    codedMessage('E024', `must be a list of variable names or 'auto', got ${describeValue(issue.input)}`),
});
