// POSIX shell quoting, for running an argument list through `sh -c` and for showing a command line in
// logs. Safe words stay bare; anything else is single-quoted, with embedded quotes as '\''.
const safeWord = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteShellArgument(argument: string): string {
  if (safeWord.test(argument)) return argument;
  return `'${argument.replaceAll("'", `'\\''`)}'`;
}

// The human-readable command line: a string as written, a list joined with shell quoting.
export function formatCommandLine(command: string | readonly string[]): string {
  return typeof command === 'string' ? command : command.map(quoteShellArgument).join(' ');
}
