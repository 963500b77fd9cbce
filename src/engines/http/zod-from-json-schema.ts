// zod's JSON-schema reader on its own, for a dynamic import: importing 'zod' itself dynamically would keep
// the whole package in the CLI bundle (nothing in a namespace loaded at run time can be tree-shaken).
export { fromJSONSchema } from 'zod';
