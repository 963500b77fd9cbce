// What a provider's reply reader hands back after the stream is complete. Text goes out through the
// ReplySink as it arrives; the reader throws a ModelCallFailure for an error event, bad JSON or a cut.
import type { TokenUsage } from '../engine.ts';
import type { ModelHttpResponse } from './model-http-response.ts';

export interface ReplySink {
  /** A piece of the answer text, in order. */
  onText(text: string): void;
  /** Bytes arrived (restarts the stall clock). */
  onActivity(): void;
}

export interface ModelReply {
  usage?: TokenUsage;
  /** The provider's own finish reason (`stop`, `end_turn`, `STOP`, ...), for notes. */
  finishReason?: string;
  /** Things worth a line on stderr, e.g. "the answer hit max_tokens". */
  notes?: string[];
}

export type ReplyReader = (response: ModelHttpResponse, sink: ReplySink) => Promise<ModelReply>;
