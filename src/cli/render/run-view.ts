// What `maestro run` shows while it works. On a terminal (text output): a live block with the running
// tasks, done/total, elapsed time and cost, redrawn ~10 times a second, with finished tasks printed above
// it. Elsewhere: one plain line per finished task. `jsonl`: only event records on stdout. `quiet`: only
// the final line. The run masks secrets in everything it hands the view (records, event records, the
// run path), so nothing shown here needs masking again; the tasks a budget or circuit breaker left
// unstarted are named above the final line.

import type { Task } from '../../plan/types.ts';
import type { RunListener, RunOutcome, TaskRecord } from '../../run/index.ts';
import { clock, finalLine, formatCost, formatSeconds, notStartedLines, taskLine } from './plain-lines.ts';

export type ViewMode = 'text' | 'live' | 'jsonl' | 'quiet';

export interface RunView {
  listener: RunListener;
  finish(outcome: RunOutcome): void;
  note(text: string): void;
}

export async function createRunView(mode: ViewMode, total: number): Promise<RunView> {
  const write = (text: string) => process.stdout.write(`${text}\n`);
  if (mode === 'jsonl') {
    return {
      listener: { onEvent: (record) => write(JSON.stringify(record)) },
      finish: () => {},
      note: (text) => process.stderr.write(`${text}\n`),
    };
  }
  if (mode === 'quiet') {
    return { listener: {}, finish: (outcome) => write(finalLine(outcome, total)), note: () => {} };
  }
  let done = 0;
  const header = (info: { runId: string; runPath: string; planName: string; taskCount: number }) => {
    write(`[maestro ${clock()}] run_id=${info.runId} plan=${info.planName} tasks=${info.taskCount}`);
    write(`run_path=${info.runPath}`);
  };
  if (!process.stdout.isTTY) {
    return {
      listener: {
        onRunStart: header,
        onTaskEnd: (record: TaskRecord) => {
          done += 1;
          write(taskLine(record, done, total));
        },
      },
      finish: (outcome) => {
        for (const line of notStartedLines(outcome)) write(line);
        write(finalLine(outcome, total));
        write(`manifest=${outcome.runPath}/run_manifest.json`);
      },
      note: (text) => write(text),
    };
  }
  return createLiveView(total, header);
}

async function createLiveView(
  total: number,
  header: (info: { runId: string; runPath: string; planName: string; taskCount: number }) => void,
): Promise<RunView> {
  const { createLogUpdate } = await import('log-update');
  const frame = createLogUpdate(process.stdout, { showCursor: true });
  const running = new Map<string, number>();
  const started = Date.now();
  let done = 0;
  let cost: number | null = null;
  // Questions on the terminal (approvals, a paused circuit breaker) waiting for an answer: the block is
  // not redrawn meanwhile, or it would overwrite the question being typed into.
  let questions = 0;
  const draw = () => {
    if (questions > 0) return;
    const now = Date.now();
    const lines = [...running]
      .slice(0, 12)
      .map(([id, since]) => `  ▶ ${id} (${formatSeconds((now - since) / 1000)})`);
    if (running.size > 12) lines.push(`  … and ${running.size - 12} more running`);
    lines.push(
      `${done}/${total} done · ${running.size} running · ${formatSeconds((now - started) / 1000)} elapsed${formatCost(cost)}`,
    );
    frame(lines.join('\n'));
  };
  const timer = setInterval(draw, 100);
  timer.unref();
  const above = (text: string) => {
    if (questions === 0) frame.clear();
    process.stdout.write(`${text}\n`);
    draw();
  };
  return {
    listener: {
      onRunStart: (info) => {
        header(info);
        draw();
      },
      onTaskStart: (task: Task) => {
        running.set(task.id, Date.now());
      },
      onEvent: (record) => {
        if (record.event === 'approval_required') {
          if (questions === 0) frame.clear();
          questions += 1;
        } else if (record.event === 'approval_response') {
          questions = Math.max(0, questions - 1);
          draw();
        }
      },
      onTaskEnd: (record) => {
        running.delete(record.taskId);
        done += 1;
        if (record.costUsd !== null) cost = (cost ?? 0) + record.costUsd;
        above(taskLine(record, done, total));
      },
    },
    finish: (outcome) => {
      clearInterval(timer);
      frame.clear();
      for (const line of notStartedLines(outcome)) process.stdout.write(`${line}\n`);
      process.stdout.write(`${finalLine(outcome, total)}\nmanifest=${outcome.runPath}/run_manifest.json\n`);
    },
    note: above,
  };
}
