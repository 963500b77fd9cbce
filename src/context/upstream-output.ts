// What context passing knows of one upstream task: the facts a layer-0 line shows and its output.

export interface UpstreamOutput {
  id: string;
  status: string;
  exitCode: number | null;
  durationSec: number;
  /** The task's full output (stdout of a shell task, the final text of a model). */
  text: string;
}

/** The header line in front of an upstream's context block. */
export function upstreamHeading(upstream: UpstreamOutput, note?: string): string {
  return `[Context from task ${upstream.id} (${upstream.status})${note ? `, ${note}` : ''}]`;
}
