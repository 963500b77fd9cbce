// maestro-cli's run_summary.md lists test counts it recognises in a task's stdout tail (pytest, jest,
// mocha), e.g. "73 passed, 11 skipped (pytest)". Same patterns, same wording.

const PYTEST =
  /(\d+)\s+passed(?:,\s+(\d+)\s+failed)?(?:,\s+(\d+)\s+skipped)?(?:,\s+(\d+)\s+(?:error|errors))?(?:,\s+(\d+)\s+xfailed)?(?:,\s+(\d+)\s+xpassed)?(?:,\s+(\d+)\s+warnings?)?\s+in\s+[\d.]+/;
const JEST = /Tests?:\s*(?:(\d+)\s+failed,\s*)?(?:(\d+)\s+skipped,\s*)?(\d+)\s+passed,\s*(\d+)\s+total/;
const MOCHA = /(\d+)\s+passing(?:.*?(\d+)\s+failing)?(?:.*?(\d+)\s+pending)?/s;

/** A one-line test count for `stdoutTail`, or undefined when no known runner's summary is in it. */
export function extractTestSummary(stdoutTail: string): string | undefined {
  if (!stdoutTail) return undefined;
  const pytest = PYTEST.exec(stdoutTail);
  if (pytest) {
    const labels = ['failed', 'skipped', 'errors', 'xfailed', 'xpassed', 'warnings'];
    const parts = [
      `${pytest[1]} passed`,
      ...labels.flatMap((label, index) => counted(pytest[index + 2], label)),
    ];
    return `${parts.join(', ')} (pytest)`;
  }
  const jest = JEST.exec(stdoutTail);
  if (jest) {
    const parts = [...counted(jest[1], 'failed'), `${jest[3]} passed`, ...counted(jest[2], 'skipped')];
    return `${[...parts, `${jest[4]} total`].join(', ')} (jest)`;
  }
  const mocha = MOCHA.exec(stdoutTail);
  if (mocha) {
    const parts = [`${mocha[1]} passing`, ...counted(mocha[2], 'failing'), ...counted(mocha[3], 'pending')];
    return `${parts.join(', ')} (mocha)`;
  }
  return undefined;
}

// A "<n> <label>" part, only for a count that is present and non-zero.
function counted(count: string | undefined, label: string): string[] {
  return count !== undefined && Number(count) > 0 ? [`${count} ${label}`] : [];
}
