// Writes the benchmark plan of maestro-cli's report: a layered DAG of N tasks, 50 per layer, each task
// depending on two tasks of the layer before, every task `command: true`.
import { writeFileSync } from 'node:fs';

export function generateLayeredPlan({ tasks, width = 50, maxParallel = 8, command = 'true' }) {
  const lines = [
    'version: 1',
    `name: bench-n${tasks}`,
    `max_parallel: ${maxParallel}`,
    'fail_fast: true',
    'defaults:',
    '  timeout_sec: 60',
    'tasks:',
  ];
  for (let index = 0; index < tasks; index += 1) {
    const layer = Math.floor(index / width);
    const position = index % width;
    lines.push(`  - id: t${layer}_${position}`);
    lines.push(`    command: "${command}"`);
    if (layer > 0) {
      const next = (position + 1) % width;
      lines.push(`    depends_on: [t${layer - 1}_${position}, t${layer - 1}_${next}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function writeLayeredPlan(path, options) {
  writeFileSync(path, generateLayeredPlan(options));
  return path;
}
