// `mock:` (Maestro extension): the scripted replies of the mock engine, shape of MockSpec in types.ts.
import * as z from 'zod';
import { integer, listOf, mapping, number, text } from './scalars.ts';

export const mockFailureShape = {
  kind: text().optional().describe('Error kind reported by the engine: rate_limited, timeout, auth, ...'),
  exit_code: integer().optional(),
  message: text().optional(),
  attempts: listOf(integer({ min: 1 }))
    .optional()
    .describe('1-based attempts that fail; all when absent.'),
};

const mockFailure = mapping(mockFailureShape);

const mockStep = z.union([z.string(), mapping({ reply: text().optional(), fail: mockFailure.optional() })], {
  error: 'E018|must be a reply string or a mapping with reply/fail',
});

export const mockSpecShape = {
  reply: text()
    .optional()
    .describe('Fixed reply; {{ prompt }} inside it is replaced by the rendered prompt.'),
  replies: listOf(mapping({ match: text(), reply: text() }))
    .optional()
    .describe('First entry whose regex `match` matches the prompt wins.'),
  sequence: listOf(mockStep).optional().describe('One step per attempt (1-based); the last step repeats.'),
  latency_ms: integer({ min: 0 }).optional(),
  fail: mockFailure.optional(),
  usage: mapping({
    input_tokens: integer({ min: 0 }).optional(),
    output_tokens: integer({ min: 0 }).optional(),
    cached_tokens: integer({ min: 0 }).optional(),
  }).optional(),
  cost_usd: number({ min: 0 }).optional(),
};

export const mockSpecSchema = mapping(mockSpecShape).describe('Scripted replies of the mock engine.');
