// Turns a task command into the program and arguments to spawn.
// - a string runs as `/bin/sh -c <string>`, unless `shell` is false: then the string is one program
//   name, run with no arguments (never split on spaces, which would break quoting silently);
// - a list is executed directly as argv, unless `shell` is true: then it is quoted and run through sh.
import { quoteShellArgument } from './quote-shell-argument.ts';

/** The shell used for string commands; an absolute path, so it does not depend on the child's PATH. */
export const SHELL_PATH = '/bin/sh';

export interface SpawnCommand {
  file: string;
  args: string[];
}

export function resolveSpawnCommand(command: string | readonly string[], shell?: boolean): SpawnCommand {
  if (typeof command === 'string') {
    return shell === false ? { file: command, args: [] } : { file: SHELL_PATH, args: ['-c', command] };
  }
  if (shell === true) {
    return { file: SHELL_PATH, args: ['-c', command.map(quoteShellArgument).join(' ')] };
  }
  const [file, ...args] = command;
  return { file: file ?? '', args };
}
