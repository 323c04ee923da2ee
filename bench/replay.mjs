// What session replay costs the page, side by side with mixpanel-browser 2.84's recorder: on a
// page that mutates 1,000 DOM nodes a second (bench/replay-page.js), recording off and on, the
// long tasks (PerformanceObserver 'longtask': count and total ms), the main thread's busy time
// (CDP Performance TaskDuration) and, from it, the time recording adds per DOM mutation. One
// Chromium, pages one at a time, orders rotated per round. Prints numbers; asserts nothing.
//
//   node bench/replay.mjs [--rounds=3] [--seconds=12]

import { chromium } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { startCollector } from '../collector/server.mjs';
import { chromiumPath, CHROMIUM_ARGS } from '../scripts/chromium.mjs';

const arg = (name, dflt) => {
  const n = Number((process.argv.find((a) => a.startsWith(`--${name}=`)) || '=').split('=')[1]);
  return Number.isFinite(n) && n > 0 ? n : dflt;
};
const ROUNDS = arg('rounds', 3);
const SECONDS = arg('seconds', 12); // upstream's recorder sends a batch every 10 s: one falls inside
const UPSTREAM_RECORDER = '/node_modules/mixpanel-browser/dist/mixpanel-recorder.min.js';
const RECORDER_FILES = { tracklet: 'dist/tracklet-recorder.min.js', mixpanel: UPSTREAM_RECORDER.slice(1) };
const TITLE = { tracklet: 'tracklet', mixpanel: 'mixpanel-browser 2.84' };

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};

async function busyMs(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return 1000 * metrics.find((m) => m.name === 'TaskDuration').value;
}

/** One page of `lib`, recording on or off; its workload's numbers, or { error }. */
async function run(browser, base, lib, on, round) {
  const page = await browser.newPage();
  const token = `bench_replay_${lib}_${on ? 'on' : 'off'}_${round}_${Date.now()}`;
  const config = { api_host: base, record_sessions_percent: on ? 100 : 0, ...(lib === 'mixpanel' ? { recorder_src: UPSTREAM_RECORDER } : {}) };
  await page.addInitScript(({ token, config }) => {
    window.__setup = () => window.mixpanel.init(token, config);
  }, { token, config });
  try {
    await page.goto(`${base}/bench/replay-${lib}.html`);
    await page.waitForFunction(() => window.mixpanel && window.mixpanel.__loaded === true, null, { timeout: 30_000 });
    if (on) {
      const started = await page
        .waitForFunction(() => !!(window.mixpanel.get_session_recording_properties() || {}).$mp_replay_id, null, { timeout: 30_000 })
        .then(() => true, () => false);
      if (!started) return { error: 'the recorder did not start (no replay id in 30 s)' };
    }
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const before = await busyMs(cdp);
    const r = await page.evaluate((ms) => window.__replayBench.run(ms), SECONDS * 1000);
    const busy = (await busyMs(cdp)) - before;
    const batches = on ? (await (await fetch(`${base}/_/received?token=${token}&endpoint=record`)).json()).records.length : 0;
    return { ...r, busy, batches };
  } catch (err) {
    return { error: String(err.message || err).split('\n')[0] };
  } finally {
    await page.close();
  }
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'tracklet-bench-replay-'));
const collector = await startCollector({ port: 0, dataDir, quiet: true, staticDirs: ['dist', 'node_modules', 'bench'] });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 30_000 });
const base = collector.url.replace(/\/$/, '');
const libs = ['tracklet', 'mixpanel'];
const results = {};
const errors = new Set();
try {
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...libs].reverse() : libs;
    for (const lib of order) {
      for (const on of round % 2 ? [true, false] : [false, true]) {
        const key = `${lib} ${on ? 'on' : 'off'}`;
        if (on && lib === 'tracklet' && !existsSync(RECORDER_FILES.tracklet)) {
          errors.add(`${RECORDER_FILES.tracklet} is not built: tracklet's recording row is empty`);
          continue;
        }
        const r = await run(browser, base, lib, on, round);
        if (r.error) {
          errors.add(`${key}: ${r.error}`);
          continue;
        }
        (results[key] ||= []).push(r);
      }
    }
  }
} finally {
  await browser.close();
  await collector.close();
  rmSync(dataDir, { recursive: true, force: true });
}

const cell = (key, f) => median((results[key] || []).map(f));
const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
console.log(`session replay on a page mutating 1,000 DOM nodes a second: ${SECONDS} s windows, median of ${ROUNDS} rounds (load average ${loadavg()[0].toFixed(1)})`);
console.log('library / recording            mutations  long tasks  long-task ms  busy ms/s  busy µs/mutation  added µs/mutation  record/ batches');
for (const lib of libs) {
  for (const on of [false, true]) {
    const key = `${lib} ${on ? 'on' : 'off'}`;
    const perMutation = (k) => cell(k, (r) => (1000 * r.busy) / r.mutations);
    // Recording's share: busy time per mutation above the same library's with recording off.
    const added = on ? perMutation(key) - perMutation(`${lib} off`) : NaN;
    console.log(
      [
        `${TITLE[lib]} ${on ? 'on' : 'off'}`.padEnd(30),
        fmt(cell(key, (r) => r.mutations)).padStart(9),
        fmt(cell(key, (r) => r.longTasks)).padStart(11),
        fmt(cell(key, (r) => r.longTaskMs)).padStart(13),
        fmt(cell(key, (r) => r.busy / SECONDS), 1).padStart(10),
        fmt(perMutation(key), 1).padStart(17),
        (on ? fmt(added, 1) : '').padStart(18),
        (on ? fmt(cell(key, (r) => r.batches)) : '').padStart(16),
      ].join(' '),
    );
  }
}
const bytes = (f) => (existsSync(f) ? `${statSync(f).size} B` : 'not built');
console.log(`recorder files: tracklet ${RECORDER_FILES.tracklet} ${bytes(RECORDER_FILES.tracklet)}; upstream ${RECORDER_FILES.mixpanel} ${bytes(RECORDER_FILES.mixpanel)} (raw; npm run size for compressed)`);
console.log('- long tasks: PerformanceObserver longtask entries (tasks over 50 ms) during the window; busy: CDP TaskDuration over the window.');
console.log('- busy µs/mutation: busy time ÷ mutations the workload made (the workload itself included); added: recording on minus off, same library,');
console.log('  so it holds the recorder\'s observing, serializing, batching and sending. The workload\'s timer falls behind on a busy machine: see mutations.');
for (const e of errors) console.log(`Could not measure: ${e}`);
