/**
 * @module plan/runtime
 * What the kernel needs of the plan language while a run is under way — templates, `when` conditions
 * and the markdown section of a prompt file read when its task starts — without the loader and its schema (zod alone takes ~100 ms to load here), so front doors
 * that never load a YAML plan (the council) start fast.
 */
export { markdownSection } from './expand/markdown-section.ts';
export { renderTemplate, splitTaskReference, type TemplateLookup, templateReferences } from './template.ts';
export { evaluateWhen } from './when/when-evaluate.ts';
export { parseWhen } from './when/when-parser.ts';
