// Prints what any CI reader needs at the end of a run: one row per Playwright project (the unit
// tests, the Chromium-only suite, and the cross-engine table once per engine) with passed,
// failed and skipped counts, the browser that ran, why an engine was skipped, and which of the
// APIs engines differ on it had; then one plain closing line "N passed, N failed, N skipped".
import type { Reporter, TestCase, TestResult, FullConfig, Suite } from '@playwright/test/reporter';
import { writeFileSync } from 'node:fs';

interface Row {
  passed: number;
  failed: number;
  skipped: number;
  browser?: string;
  apis?: string;
  bfcache?: string;
  reasons: Set<string>;
  /** When its first test started and its last one ended, and the sum of its tests' durations (ms). */
  first?: number;
  last?: number;
  busy: number;
}

export default class Summary implements Reporter {
  private rows = new Map<string, Row>();

  onBegin(config: FullConfig, suite: Suite) {
    // Every project that has tests gets a row, even one whose tests all end up skipped.
    for (const project of suite.suites) if (project.allTests().length) this.row(project.title);
    // A Playwright-driven project names its browser in its config; the engine table's fixture
    // reports the exact version instead.
    for (const p of config.projects) if (p.use.browserName) this.row(p.name).browser = `${p.use.browserName} (Playwright)`;
  }

  private row(name: string): Row {
    let r = this.rows.get(name);
    if (!r) this.rows.set(name, (r = { passed: 0, failed: 0, skipped: 0, reasons: new Set(), busy: 0 }));
    return r;
  }

  onTestEnd(test: TestCase, result: TestResult) {
    const r = this.row(test.parent.project()?.name ?? '');
    const notes = [...test.annotations, ...((result as { annotations?: TestCase['annotations'] }).annotations ?? [])];
    for (const a of notes) {
      if (a.type === 'browser' && a.description) r.browser = a.description;
      if (a.type === 'apis' && a.description) r.apis = a.description;
      if (a.type === 'bfcache' && a.description) r.bfcache = a.description;
    }
    const begun = result.startTime.getTime();
    r.first = Math.min(r.first ?? begun, begun);
    r.last = Math.max(r.last ?? 0, begun + result.duration);
    r.busy += result.duration;
    if (result.status === 'skipped') {
      r.skipped++;
      for (const a of notes) if (a.type === 'skip' && a.description) r.reasons.add(a.description);
    } else if (test.outcome() === 'expected' || test.outcome() === 'flaky') r.passed++;
    else if (result.retry === test.retries) r.failed++;
  }

  onEnd() {
    const rows = [...this.rows].filter(([, r]) => r.passed + r.failed + r.skipped > 0);
    const width = Math.max(...rows.map(([name]) => name.length), 7);
    const lines = ['', `${'project'.padEnd(width)}  passed  failed  skipped  browser / why skipped`];
    for (const [name, r] of rows) {
      const about = r.skipped && !r.passed && !r.failed ? [...r.reasons].join('; ') : r.browser ?? (name === 'unit' ? 'Node' : '');
      lines.push(`${name.padEnd(width)}  ${String(r.passed).padStart(6)}  ${String(r.failed).padStart(6)}  ${String(r.skipped).padStart(7)}  ${about}`);
      if (r.apis) lines.push(`${''.padEnd(width)}  ${''.padStart(30)}APIs: ${r.apis}`);
      if (r.bfcache) lines.push(`${''.padEnd(width)}  ${''.padStart(30)}back button: ${r.bfcache}`);
    }
    const engines = rows.filter(([name]) => name.startsWith('engines:'));
    if (engines.length) {
      const ran = engines.filter(([, r]) => r.passed + r.failed > 0).map(([n]) => n.slice(8));
      const not = engines.filter(([, r]) => r.passed + r.failed === 0).map(([n]) => n.slice(8));
      lines.push('', `Engines run: ${ran.join(', ') || 'none'}${not.length ? `; not run: ${not.join(', ')}` : ''}`);
    }
    const total = rows.reduce((t, [, r]) => ({ passed: t.passed + r.passed, failed: t.failed + r.failed, skipped: t.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
    lines.push('', `${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
    console.log(lines.join('\n'));
    // `npm test` (scripts/setup.mjs) adds each project's time to its table of where the time went.
    if (process.env.TRACKLET_TIMES) {
      const times = rows.map(([name, r]) => ({ name, tests: r.passed + r.failed + r.skipped, wallMs: (r.last ?? 0) - (r.first ?? 0), busyMs: r.busy }));
      writeFileSync(process.env.TRACKLET_TIMES, JSON.stringify(times));
    }
  }

  printsToStdio() {
    return true;
  }
}
