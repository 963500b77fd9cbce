// Names of plans and tasks. maestro-cli's pattern allows `/` and `.`, so an id such as
// `a/../../../ESCAPED` would name a file outside the run folder once it becomes `<id>.log`; Maestro also
// rejects empty, `.` and `..` path segments so an id always stays inside the run directory.

const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_\-./]*$/;

export const NAME_RULE =
  'allowed: alphanumeric, hyphen, underscore, dot, slash; must start with alphanumeric';

export function isValidPlanName(name: string): boolean {
  return NAME_PATTERN.test(name);
}

/** Why `id` cannot be a task id, or undefined when it can. */
export function taskIdProblem(id: string): string | undefined {
  if (!NAME_PATTERN.test(id)) return `contains invalid characters (${NAME_RULE})`;
  for (const segment of id.split('/')) {
    if (segment === '') return "contains an empty path segment ('//' or a trailing '/')";
    if (segment === '.' || segment === '..')
      return `contains a '${segment}' path segment, which could name a file outside the run directory`;
  }
  return undefined;
}
