// The table `npm test` ends with: where the run's time went.

const s = (ms) => `${(ms / 1000).toFixed(1)} s`.padStart(9);

/**
 * @param {[string, number][]} steps  each step's wall time in ms (0: nothing to do)
 * @param {{name: string, tests: number, wallMs: number, busyMs: number}[]} projects
 *   per Playwright project: from its first test's start to its last one's end, and the sum of
 *   its tests' durations (projects run side by side, so their spans overlap)
 * @param {number} totalMs
 */
export function timeTable(steps, projects, totalMs) {
  const width = Math.max(26, ...steps.map(([name]) => name.length), ...projects.map((p) => p.name.length + 4));
  const lines = ['', 'Where the time went', `${'step'.padEnd(width)}  ${'wall'.padStart(9)}`];
  for (const [name, ms] of steps) {
    lines.push(`${name.padEnd(width)}  ${ms ? s(ms) : '        -'}`);
    if (name.startsWith('playwright')) {
      for (const p of projects) lines.push(`${`  ${p.name}`.padEnd(width)}  ${s(p.wallMs)}  ${String(p.tests).padStart(4)} tests, ${s(p.busyMs).trim()} of test time`);
    }
  }
  lines.push(`${'total'.padEnd(width)}  ${s(totalMs)}`);
  return lines.join('\n');
}
