// Which keys each mapping of the plan language knows, as a tree mirroring the schema shapes; the
// unknown-key check walks raw YAML data along it.
import { defaultsShape } from '../schema/defaults-schema.ts';
import { engineDefaultsShape } from '../schema/engine-defaults-schema.ts';
import { judgeShape } from '../schema/judge-schema.ts';
import { mockFailureShape, mockSpecShape } from '../schema/mock-schema.ts';
import {
  circuitBreakerShape,
  importEntryShape,
  mcpServerShape,
  policyShape,
} from '../schema/plan-blocks-schema.ts';
import { planKeys } from '../schema/plan-schema.ts';
import {
  batchShape,
  councilParticipantShape,
  councilShape,
  populationCandidateShape,
  populationShape,
  trajectoryGuardShape,
} from '../schema/task-blocks-schema.ts';
import { taskKeys } from '../schema/task-schema.ts';
import { watchShape } from '../schema/watch-schema.ts';

export interface KeyTree {
  /** Keys a user may write here; suggestions come from this list. */
  keys: readonly string[];
  /** Keys accepted silently though never suggested (written by the loader itself). */
  internal?: readonly string[];
  /** Mappings below a key. */
  children?: Readonly<Record<string, KeyTree>>;
  /** Mappings inside a list below a key. */
  items?: Readonly<Record<string, KeyTree>>;
}

const keysOf = (shape: object): string[] => Object.keys(shape);

const mockTree: KeyTree = {
  keys: keysOf(mockSpecShape),
  children: {
    fail: { keys: keysOf(mockFailureShape) },
    usage: { keys: ['input_tokens', 'output_tokens', 'cached_tokens'] },
  },
  items: { replies: { keys: ['match', 'reply'] }, sequence: { keys: ['reply', 'fail'] } },
};

const engineTree: KeyTree = { keys: keysOf(engineDefaultsShape) };

export const DEFAULTS_TREE: KeyTree = {
  keys: keysOf(defaultsShape),
  children: {
    codex: engineTree,
    claude: engineTree,
    gemini: engineTree,
    copilot: engineTree,
    qwen: engineTree,
    ollama: engineTree,
    llama: engineTree,
    openai: engineTree,
    anthropic: engineTree,
    google: engineTree,
    mock: { ...mockTree, keys: [...keysOf(engineDefaultsShape), ...keysOf(mockSpecShape)] },
  },
};

export const PLAN_TREE: KeyTree = {
  keys: planKeys,
  children: {
    defaults: DEFAULTS_TREE,
    watch: { keys: keysOf(watchShape) },
    circuit_breaker: { keys: keysOf(circuitBreakerShape) },
  },
  items: {
    imports: { keys: keysOf(importEntryShape) },
    policies: { keys: keysOf(policyShape) },
    mcp_servers: { keys: [...keysOf(mcpServerShape), 'isConcurrencySafe'] },
  },
};

export const TASK_TREE: KeyTree = {
  keys: taskKeys,
  internal: ['matrix_values', 'matrix_parent'],
  children: {
    judge: { keys: keysOf(judgeShape), children: { mock: mockTree } },
    batch: { keys: keysOf(batchShape) },
    population: {
      keys: keysOf(populationShape),
      items: { candidates: { keys: keysOf(populationCandidateShape), children: { mock: mockTree } } },
    },
    council: {
      keys: keysOf(councilShape),
      items: { participants: { keys: keysOf(councilParticipantShape), children: { mock: mockTree } } },
    },
    trajectory_guard: { keys: keysOf(trajectoryGuardShape) },
    mock: mockTree,
  },
  items: { reminders: { keys: ['trigger', 'message'] } },
};
