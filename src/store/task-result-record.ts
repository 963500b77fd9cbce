// The `<task>.result.json` document, key for key as maestro-cli writes it (TaskResult.to_dict in
// models.py), followed by Maestro's own keys. Snake case on purpose: these are the file's keys.

// `cancelled` is Maestro's: a task stopped by an interrupt (maestro-cli has no such status).
export type TaskResultStatus = 'success' | 'failed' | 'soft_failed' | 'skipped' | 'cancelled' | 'dry_run';

export interface TokenUsageRecord {
  input_tokens: number;
  cached_tokens: number;
  output_tokens: number;
  cache_creation_tokens: number;
  total_tokens: number;
}

export interface StructuredContextRecord {
  task_id: string;
  status: string;
  exit_code: number | null;
  duration_sec: number;
  files_changed: string[];
  decisions: string[];
  errors: string[];
  warnings: string[];
  cost_usd: number | null;
  result_text: string;
  summary: string;
}

export interface FailureRecord {
  attempt: number;
  category: string;
  exit_code: number | null;
  message: string;
  verify_tail: string;
  duration_sec: number;
}

export interface TaskResultRecord {
  task_id: string;
  status: TaskResultStatus;
  exit_code: number | null;
  started_at: string;
  finished_at: string;
  duration_sec: number;
  command: string;
  log_path: string;
  result_path: string;
  message: string;
  stdout_tail: string;
  cost_usd: number | null;
  token_usage: TokenUsageRecord | null;
  structured_context: StructuredContextRecord | null;
  retry_count: number;
  failure_history: FailureRecord[];
  checkpoint_count: number;
  tool_call_count: number;
  judge_result: Record<string, unknown> | null;
  handoff_report: Record<string, unknown> | null;
  produced_contract: Record<string, unknown> | null;
  context_raw_tokens: number;
  context_final_tokens: number;
  context_compression_ratio: number;
  context_raw_bytes: number;
  context_final_bytes: number;
  compression_ratio: number;
  task_hash: string | null;
  // Maestro's additions, written after maestro-cli's keys and only when set.
  output?: unknown;
  skip_reason?: string;
  engine?: string;
  model?: string;
  attempts?: number;
  definition_hash?: string;
  [key: string]: unknown;
}
