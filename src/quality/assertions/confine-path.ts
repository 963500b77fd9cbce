// Resolves a path an assertion names, relative to the task's working directory, and refuses one that
// leaves the allowed roots (the workdir and the workspace): lexically (`../x`, an absolute path elsewhere)
// or through a symbolic link whose target is outside.
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { AssertionScope } from './workspace-assertion.ts';

export type ConfinedPath = { ok: true; path: string } | { ok: false; reason: string };

export function confinePath(scope: AssertionScope, path: string): ConfinedPath {
  if (path.includes('\0')) return { ok: false, reason: `path ${JSON.stringify(path)} contains a NUL byte` };
  const absolute = resolve(scope.workdir, path);
  const roots = allowedRoots(scope);
  if (!roots.some((root) => isInside(root.lexical, absolute))) {
    return { ok: false, reason: `path '${path}' is outside the task's workdir and the workspace` };
  }
  const real = realpathOfNearest(absolute);
  if (!roots.some((root) => isInside(root.real, real))) {
    return { ok: false, reason: `path '${path}' leads outside the workspace through a symbolic link` };
  }
  return { ok: true, path: absolute };
}

export function isInside(root: string, path: string): boolean {
  const between = relative(root, path);
  return between === '' || (!between.startsWith('..') && !isAbsolute(between));
}

function allowedRoots(scope: AssertionScope): { lexical: string; real: string }[] {
  return [scope.workdir, ...scope.roots].map((root) => {
    const lexical = resolve(root);
    return { lexical, real: realpathOfNearest(lexical) };
  });
}

// The real path of the path itself when it exists, else of its nearest existing ancestor (plus the rest).
function realpathOfNearest(path: string): string {
  let current = path;
  let rest = '';
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) return path;
    rest = rest ? `${current.slice(parent.length + 1)}/${rest}` : current.slice(parent.length + 1);
    current = parent;
  }
  try {
    const real = realpathSync(current);
    return rest ? resolve(real, rest) : real;
  } catch {
    return path;
  }
}
