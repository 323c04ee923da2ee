#!/usr/bin/env node
// npm run bench:backlog (issue 20): how soon a later visit sends what an earlier one stored. A tab tracks
// 4,000 events offline and closes; a new tab of the site opens online. Printed per library,
// side by side with mixpanel-browser on the same page and collector: init → first event at the
// collector, init → all 4,000 delivered. A report, never a pass/fail test (exit 1 only when it
// could not measure).
//
//   node bench/backlog.mjs [--reps=3] [--events=4000]

import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { startCollector } from '../collector/server.mjs';
import { readRecord } from '../src/delivery/record.mjs';
import { chromiumPath, CHROMIUM_ARGS } from '../scripts/chromium.mjs';

const arg = (name, dflt) => {
  const n = Number((process.argv.find((a) => a.startsWith(`--${name}=`)) || '').split('=')[1]);
  return Number.isInteger(n) && n > 0 ? n : dflt;
};
const REPS = arg('reps', 3);
const EVENTS = arg('events', 4000);
const DEADLINE_MS = 150_000; // per visit: mixpanel-browser needs about a minute for 4,000

/** How each library keeps its queue in localStorage, as the number of events stored. */
const STORED = {
  tracklet: (entries, token) => entries.filter(([k]) => k.startsWith(`__tkq_${token}_mixpanel_track:`)).reduce((n, [, v]) => n + readRecord(v).q.length, 0),
  mixpanel: (entries, token) => entries.filter(([k]) => k == `__mpq_${token}_ev`).reduce((n, [, v]) => n + JSON.parse(v).length, 0),
};

const until = async (what, fn, ms) => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

async function visit(browser, collector, lib) {
  const token = `bench_backlog_${randomBytes(4).toString('hex')}`;
  const context = await browser.newContext();
  await context.addInitScript(({ token, api }) => (window.__benchConfig = { token, api_host: api }), { token, api: collector.url.replace(/\/$/, '') });
  const pageUrl = `${collector.url}bench/${lib}.html`;
  const open = async () => {
    const page = await context.newPage();
    await page.goto(pageUrl);
    await page.waitForFunction(() => window.__bench && window.__bench.ready != null);
    return page;
  };
  try {
    const first = await open();
    // Storage as the browser has it, seen from another page of the site: a tab's own view runs ahead.
    const probe = await context.newPage();
    await probe.goto(`${collector.url}test-e2e/pages/blank.html`);
    await context.setOffline(true);
    await first.evaluate((n) => {
      for (let i = 0; i < n; i++) mixpanel.track('Item viewed', { product: 'Widget ' + (i % 7), price: 19.99, quantity: i, in_stock: i % 2 == 0, category: 'tools' });
    }, EVENTS);
    const stored = await until('the stored queue', async () => STORED[lib](await probe.evaluate(() => Object.entries(localStorage)), token) >= EVENTS && EVENTS, 30_000).catch(async () => STORED[lib](await probe.evaluate(() => Object.entries(localStorage)), token));
    await probe.close();
    await first.close();
    await context.setOffline(false);
    const later = await open();
    const initAt = await later.evaluate(() => performance.timeOrigin + window.__bench.ready);
    const distinct = () => new Set(collector.store.query({ token }).filter((r) => r.endpoint == 'track' && r.payload.event == 'Item viewed').map((r) => r.payload.properties.$insert_id)).size;
    // Done when all that was stored arrived (mixpanel-browser stores fewer than it was given).
    let firstAt = 0;
    const allAt = await until('delivery', () => (distinct() && !firstAt && (firstAt = Date.now()), distinct() >= stored && Date.now()), DEADLINE_MS).catch(() => 0);
    return { stored, first: firstAt ? firstAt - initAt : NaN, all: allAt ? allAt - initAt : NaN, delivered: distinct() };
  } finally {
    await context.close();
  }
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'tracklet-bench-backlog-'));
let collector;
let browser;
try {
  collector = await startCollector({ port: 0, dataDir, quiet: true, staticDirs: ['dist', 'node_modules', 'bench', 'test-e2e'] });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 30_000 });
  console.log(`backlog of ${EVENTS} events stored offline, tab closed, a later visit opens online; load average ${loadavg()[0].toFixed(1)}\n`);
  console.log(['library', 'visit', 'stored', 'init → first (ms)', 'init → all (ms)', 'delivered'].map((h, i) => (i ? h.padStart(18) : h.padEnd(18))).join(''));
  for (let rep = 1; rep <= REPS; rep++) {
    for (const lib of ['tracklet', 'mixpanel']) {
      const r = await visit(browser, collector, lib);
      const cells = [lib == 'mixpanel' ? 'mixpanel-browser' : lib, rep, r.stored, Math.round(r.first), Math.round(r.all), r.delivered];
      console.log(cells.map((c, i) => (i ? String(Number.isNaN(c) ? 'never' : c).padStart(18) : String(c).padEnd(18))).join(''));
    }
  }
  console.log(`\n"init" is the page's loaded callback; "first" and "all" are when the collector held the first and the last stored distinct event (never: not within ${DEADLINE_MS / 1000} s).`);
} catch (e) {
  console.error(`bench:backlog could not measure: ${e && e.message}`);
  process.exitCode = 1;
} finally {
  if (browser) await browser.close();
  if (collector) await collector.close();
  rmSync(dataDir, { recursive: true, force: true });
}
