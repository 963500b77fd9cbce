// Whether an npm or composer manifest (or its lock file) names a package: package.json's dependency
// sections, package-lock.json's `packages`/`dependencies`; composer.json's require/require-dev,
// composer.lock's packages/packages-dev. Returns the section that names it.

const npmSections = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
const composerSections = ['require', 'require-dev'];

export function packageListedIn(
  manifest: unknown,
  name: string,
  ecosystem: 'npm' | 'composer',
): string | undefined {
  if (typeof manifest !== 'object' || manifest === null) return undefined;
  const document = manifest as Record<string, unknown>;
  const sections = ecosystem === 'npm' ? npmSections : composerSections;
  for (const section of sections) {
    const entries = document[section];
    if (isRecord(entries) && Object.hasOwn(entries, name)) return section;
  }
  if (ecosystem === 'npm') {
    const packages = document.packages;
    if (isRecord(packages) && Object.hasOwn(packages, `node_modules/${name}`)) return 'packages';
    return undefined;
  }
  for (const section of ['packages', 'packages-dev']) {
    const list = document[section];
    if (Array.isArray(list) && list.some((entry) => isRecord(entry) && entry.name === name)) return section;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
