#!/usr/bin/env node
// The two commands of the README, each doing all of its own set-up on a fresh machine:
//   npm start  → install packages, build (only when the sources changed), run the collector
//                serving the examples until Ctrl-C
//   npm test   → install packages and the three browsers (Chromium, Firefox, WebKitGTK), build,
//                type-check, run every test; then a table of where the time went
// Node built-ins and the repo's own modules only: this runs before node_modules exists.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDue } from './buildStamp.mjs';
import { packagesDue, recordPackages, linkedPackages } from './packagesStamp.mjs';
import { chromiumPath } from './chromium.mjs';
import { timeTable } from './timeTable.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const mode = process.argv[2];
const started = Date.now();
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------
// Stopping: a signal to npm, to this process or to a child stops everything this started.

let child = null;
let collector = null;
let stopping = false;

async function stop(code) {
  if (stopping) return;
  stopping = true;
  if (child && child.exitCode === null) child.kill('SIGTERM');
  if (collector) await collector.close();
  process.exit(code);
}
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) process.on(signal, () => void stop(code));
// npm passes SIGINT/SIGTERM on to the shell it runs us in, and the shell may die without
// passing it on; when our parent is gone we have been left behind: stop too.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && void stop(143), 250).unref();

/** Runs a step's command with its output shown; a line every 10 s says it is still going. */
function step(title, cmd, args, opts = {}) {
  console.log(`\n> ${title}: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  return new Promise((resolve) => {
    child = spawn(cmd, args, { stdio: 'inherit', ...opts });
    const ticker = setInterval(() => console.log(`  … ${title}, ${seconds(Date.now() - t0)}`), 10_000);
    child.on('exit', (status, signal) => {
      clearInterval(ticker);
      child = null;
      if (stopping) return;
      if (status !== 0) {
        console.error(`\n${title} failed (${cmd} ${args.join(' ')}: exit ${status ?? signal})`);
        return void stop(status || 1);
      }
      console.log(`  ${title}: done in ${seconds(Date.now() - t0)}`);
      resolve(Date.now() - t0);
    });
  });
}

// ---------------------------------------------------------------------------------------
// Steps

async function ensurePackages() {
  const why = packagesDue(root);
  if (!why) {
    console.log('packages: up to date');
    recordPackages(root);
    return 0;
  }
  const linked = linkedPackages(root);
  if (linked) {
    // npm ci would empty the folder the link points to, under every checkout that uses it.
    console.log(`packages: ${why}, but node_modules links to ${linked}: not reinstalling there (run npm ci in its checkout)`);
    return 0;
  }
  const t = await step(`installing packages (${why})`, 'npm', ['ci', '--no-audit', '--no-fund']);
  recordPackages(root);
  return t;
}

async function ensureBuilt() {
  const why = buildDue(root);
  if (!why) {
    console.log('build: up to date (no source changed since the last build)');
    return 0;
  }
  return step(`building (${why})`, 'npm', ['run', '--silent', 'build']);
}

// The three engines the tests run in, as Debian packages: Chromium for Playwright, Firefox ESR
// for puppeteer-core (WebDriver BiDi), WebKitGTK's WebDriver and a virtual display for WebKit.
const ENGINES = [
  { engine: 'chromium', packages: ['chromium'], present: () => !!process.env.CHROMIUM_PATH || !!chromiumPath() },
  { engine: 'firefox', packages: ['firefox-esr'], present: () => !!process.env.FIREFOX_PATH || ['/usr/bin/firefox-esr', '/usr/bin/firefox'].some((p) => existsSync(p)) },
  { engine: 'webkit', packages: ['webkit2gtk-driver', 'xvfb'], present: () => existsSync('/usr/bin/WebKitWebDriver') && (!!process.env.DISPLAY || existsSync('/usr/bin/Xvfb')) },
];

function ensureBrowsers() {
  const t0 = Date.now();
  const missing = ENGINES.filter((e) => !e.present());
  if (!missing.length) return 0;
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  const names = missing.map((e) => e.engine).join(', ');
  if (!apt) {
    console.log(`No apt-get to install ${names}: those engines' tests will be skipped (Chromium falls back to Playwright's own browser if installed).`);
    return 0;
  }
  const [cmd, ...pre] = asRoot ? ['apt-get'] : ['sudo', 'apt-get'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt_ = (args) => spawnSync(cmd, [...pre, ...args], { stdio: 'inherit', env }).status === 0;
  console.log(`\n> apt-get install ${missing.flatMap((e) => e.packages).join(' ')}  (browsers for: ${names})`);
  apt_(['update', '-qq']);
  if (!apt_(['install', '-y', '-qq', ...missing.flatMap((e) => e.packages)])) {
    // One engine's package failing must not cost the others: try each on its own.
    for (const e of missing) if (!apt_(['install', '-y', '-qq', ...e.packages])) console.log(`Could not install ${e.packages.join(' ')}: the ${e.engine} tests will be skipped.`);
  }
  return Date.now() - t0;
}

// ---------------------------------------------------------------------------------------
// The two commands

async function start() {
  await ensurePackages();
  await ensureBuilt();
  const { startFromArgs } = await import('../bin/collectorCommand.mjs');
  console.log('');
  try {
    collector = await startFromArgs([]);
  } catch (err) {
    console.error(`tracklet: ${err.message}`);
    return void stop(1);
  }
  console.log(`\nReady in ${seconds(Date.now() - started)}. Open ${collector.url}examples/ and watch the events arrive on ${collector.url}`);
  console.log('Ctrl-C stops it.');
}

async function test() {
  const times = [['install packages', await ensurePackages()], ['install browsers', ensureBrowsers()], ['build', await ensureBuilt()]];
  // The sources and tests; then the drop-in proof: test-e2e/dropin/usage.ts against
  // mixpanel-browser's types and against tracklet's, and a CommonJS consumer of the .d.cts files.
  const tsconfigs = ['test-e2e/tsconfig.json', ...['upstream', 'tracklet', 'cjs'].map((n) => `test-e2e/dropin/tsconfig.${n}.json`)];
  let typeCheck = 0;
  for (const p of tsconfigs) typeCheck += await step('type-checking', process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', p]);
  times.push(['type-check', typeCheck]);
  // The summary reporter writes each Playwright project's share of the run here.
  const dir = mkdtempSync(path.join(tmpdir(), 'tracklet-times-'));
  const file = path.join(dir, 'projects.json');
  const t0 = Date.now();
  const code = await new Promise((resolve) => {
    console.log(`\n> running the tests: playwright test ${process.argv.slice(3).join(' ')}`);
    child = spawn(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', ...process.argv.slice(3)], { stdio: 'inherit', env: { ...process.env, TRACKLET_TIMES: file } });
    child.on('exit', (status) => resolve(status ?? 1));
  });
  child = null;
  times.push(['playwright (all projects)', Date.now() - t0]);
  let projects = [];
  try {
    projects = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // no tests ran: nothing to add
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(timeTable(times, projects, Date.now() - started));
  process.exit(code);
}

if (mode === 'start') start();
else if (mode === 'test') test();
else {
  console.error('usage: node scripts/setup.mjs start|test [playwright args]');
  process.exit(2);
}
