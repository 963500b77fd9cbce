export {
  formatLocation,
  MaestroError,
  type MaestroErrorOptions,
  type SourceLocation,
} from './maestro-error.ts';
