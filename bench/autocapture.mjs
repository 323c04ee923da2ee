// What autocapture costs the page, side by side with mixpanel-browser 2.84's: µs of main-thread
// time per dispatched click and mouse move, with autocapture on and off, on the same markup
// (test-e2e/pages/autocapture*.html), in one Chromium. Prints numbers; passes or fails nothing.
//
//   node bench/autocapture.mjs [--rounds=5]

import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { startCollector } from '../collector/server.mjs';
import { chromiumPath, CHROMIUM_ARGS } from '../scripts/chromium.mjs';

const ROUNDS = Number((process.argv.find((a) => a.startsWith('--rounds=')) || '=5').split('=')[1]);

// Runs in the page: the mean cost of `n` dispatched events of `type` on the Buy button's label.
async function measure() {
  const target = document.querySelector('#buy b');
  // Each click in a task of its own after a frame, as a visitor's are (the layout is clean).
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const time = async (n, type) => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (type == 'click') await frame();
      const t0 = performance.now();
      target.dispatchEvent(new MouseEvent(type, { bubbles: true, composed: true, clientX: i % 50, clientY: 3 }));
      total += performance.now() - t0;
    }
    return (total * 1000) / n;
  };
  return { move: await time(2000, 'mousemove'), click: await time(60, 'click') };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function run(browser, base, lib, on, round) {
  const page = await browser.newPage();
  const token = `bench_ac_${lib}_${on}_${round}`;
  const file = lib == 'tracklet' ? 'autocapture.html' : 'autocapture-mixpanel.html';
  await page.addInitScript(({ token, api, on, lib }) => {
    window.__setup = () => {
      if (lib == 'mixpanel') return mixpanel.init(token, { api_host: api, autocapture: on });
      mixpanel.init(token, { api_host: api });
      // tracklet: the module started on a host of the public instance, as the loader does.
      if (on) window['tracklet:autocapture'].startAutocapture({ t: { track: (e, p, o) => mixpanel.track(e, p, o), track_pageview: (p) => mixpanel.track_pageview(p) }, c: () => ({}), report: () => {} }, true);
    };
  }, { token, api: base, on, lib });
  await page.goto(`${base}/test-e2e/pages/${file}`);
  await page.waitForFunction(() => window.mixpanel && window.mixpanel.__loaded === true, null, { timeout: 30_000 });
  const r = await page.evaluate(measure);
  await page.close();
  return r;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'tracklet-bench-ac-'));
const collector = await startCollector({ port: 0, dataDir, quiet: true, staticDirs: ['dist', 'node_modules', 'test-e2e'] });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 30_000 });
const base = collector.url.replace(/\/$/, '');
const results = {};
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const lib of ['tracklet', 'mixpanel']) {
      for (const on of [true, false]) {
        const key = `${lib} ${on ? 'on' : 'off'}`;
        const r = await run(browser, base, lib, on, round);
        (results[key] ||= { move: [], click: [] }).move.push(r.move);
        results[key].click.push(r.click);
      }
    }
  }
} finally {
  await browser.close();
  await collector.close();
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(`autocapture cost, median of ${ROUNDS} rounds (load average ${loadavg()[0].toFixed(1)}), µs per dispatched event`);
console.log('library / autocapture        mousemove     click');
for (const [key, r] of Object.entries(results)) console.log(`${key.padEnd(28)} ${median(r.move).toFixed(1).padStart(9)} ${median(r.click).toFixed(1).padStart(9)}`);
