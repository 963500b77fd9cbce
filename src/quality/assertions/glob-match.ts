// A small glob matcher for `glob_exists` (Node 20 has no fs.glob): `*` and `?` within one path segment,
// `**` across segments, `[abc]`/`[!abc]` classes and `{a,b}` alternatives. The walk starts at the
// pattern's static prefix, never follows symbolic links to directories, skips nothing else, and stops at
// the first match.
import { type Dirent, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const walkLimit = 200_000;

/** The regular expression for a glob over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  let index = 0;
  let braceDepth = 0;
  while (index < glob.length) {
    const char = glob[index]!;
    if (char === '*') {
      if (glob[index + 1] === '*') {
        const atSegmentStart = index === 0 || glob[index - 1] === '/';
        const atSegmentEnd = index + 2 === glob.length || glob[index + 2] === '/';
        if (atSegmentStart && atSegmentEnd) {
          // `**/` matches zero or more whole segments; a trailing `**` matches everything below.
          if (glob[index + 2] === '/') {
            source += '(?:[^/]+/)*';
            index += 3;
          } else {
            source += '.*';
            index += 2;
          }
          continue;
        }
        source += '[^/]*';
        index += 2;
        continue;
      }
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const close = glob.indexOf(']', index + 2);
      if (close === -1) {
        source += '\\[';
      } else {
        let body = glob.slice(index + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        source += `[${body.replace(/\\/g, '\\\\')}]`;
        index = close;
      }
    } else if (char === '{') {
      braceDepth += 1;
      source += '(?:';
    } else if (char === '}' && braceDepth > 0) {
      braceDepth -= 1;
      source += ')';
    } else if (char === ',' && braceDepth > 0) {
      source += '|';
    } else {
      source += char.replace(/[.+^$()|\\]/g, '\\$&');
    }
    index += 1;
  }
  return new RegExp(`^${source}$`);
}

/** The leading segments of a glob that hold no wildcard: where the walk starts. */
export function staticPrefix(glob: string): string {
  const segments = glob.split('/');
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (/[*?[{]/.test(segment)) break;
    fixed.push(segment);
  }
  return fixed.join('/');
}

/**
 * The first path below `base` (relative, `/`-separated) that matches `glob`, or undefined.
 * @example firstGlobMatch('/repo', 'src/**\/*.test.ts')
 */
export function firstGlobMatch(base: string, glob: string): string | undefined {
  const pattern = globToRegExp(glob);
  const prefix = staticPrefix(glob);
  const start = prefix ? join(base, prefix) : base;
  const pending = [start];
  let seen = 0;
  while (pending.length > 0) {
    const directory = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(directory, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      seen += 1;
      if (seen > walkLimit) return undefined;
      const path = join(directory, entry.name);
      const name = relative(base, path).split(sep).join('/');
      if (pattern.test(name)) return name;
      if (entry.isDirectory()) pending.push(path);
    }
  }
  return undefined;
}
