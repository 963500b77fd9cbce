import { readFileSync, readdirSync } from 'node:fs';
import { loadPlan } from './src/plan/index.ts';
const base = '/work/shared/compat/plans';
for (const dir of ['examples', 'fixtures', 'invalid', 'peer-bugs']) {
  for (const f of readdirSync(`${base}/${dir}`).filter((f) => f.endsWith('.yaml')).sort()) {
    try {
      const plan = await loadPlan(`${base}/${dir}/${f}`);
      console.log(`${dir}/${f}: valid (${plan.tasks.length} tasks, ${plan.warnings.length} warnings) ${plan.warnings.map(w=>w.code+':'+w.message).join(' | ').slice(0,300)}`);
    } catch (e: any) {
      console.log(`${dir}/${f}: ${e.code} ${e.location ? `${e.location.line}:${e.location.column}` : ''} ${e.message.slice(0, 200)}`);
    }
  }
}
