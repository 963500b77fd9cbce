/**
 * @module plan
 * The plan language (maestro-cli YAML plan format v1): loading with positions, validation with
 * maestro-cli's error codes, imports, matrix expansion, group sub-plans, `when` conditions, templates
 * and DAG helpers.
 */
export { cycleMessage, type DagNode, type DagOrder, findCycle, topologicalOrder } from './dag.ts';
export { type LoadPlanOptions, loadPlan, validatePlanText } from './load-plan.ts';
export { localPlanFiles, memoryPlanFiles, type PlanFiles } from './plan-files.ts';
export { CONTEXT_MODES, ENGINE_NAMES, type EngineName } from './plan-vocabulary.ts';
export { planJsonSchema } from './schema/json-schema.ts';
export { isValidPlanName, taskIdProblem } from './task-id.ts';
export {
  renderTemplate,
  splitTaskReference,
  type TemplateLookup,
  templateReferences,
} from './template.ts';
export type * from './types.ts';
export type { ComparisonOperator, WhenExpression, WhenOperand } from './when/when-ast.ts';
export { evaluateWhen } from './when/when-evaluate.ts';
export { parseWhen, whenReferences } from './when/when-parser.ts';
export { WhenSyntaxError } from './when/when-syntax-error.ts';
