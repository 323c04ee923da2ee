#!/usr/bin/env node
// The two commands of the README, each doing all of its own set-up on a fresh machine:
//   npm start  → install packages, build, run the collector serving the examples
//   npm test   → install packages and the three browsers (Chromium, Firefox, WebKitGTK), build,
//                type-check, run every test
// Node built-ins only: this runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath } from './chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const mode = process.argv[2];

function run(cmd, args, opts = {}) {
  console.log(`\n> ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

function ensurePackages() {
  const marker = 'node_modules/.package-lock.json';
  const stale = !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs;
  if (stale) run('npm', ['ci', '--no-audit', '--no-fund']);
}

// The three engines the tests run in, as Debian packages: Chromium for Playwright, Firefox ESR
// for puppeteer-core (WebDriver BiDi), WebKitGTK's WebDriver and a virtual display for WebKit.
const ENGINES = [
  { engine: 'chromium', packages: ['chromium'], present: () => !!process.env.CHROMIUM_PATH || !!chromiumPath() },
  { engine: 'firefox', packages: ['firefox-esr'], present: () => !!process.env.FIREFOX_PATH || ['/usr/bin/firefox-esr', '/usr/bin/firefox'].some((p) => existsSync(p)) },
  { engine: 'webkit', packages: ['webkit2gtk-driver', 'xvfb'], present: () => existsSync('/usr/bin/WebKitWebDriver') && (!!process.env.DISPLAY || existsSync('/usr/bin/Xvfb')) },
];

function ensureBrowsers() {
  const missing = ENGINES.filter((e) => !e.present());
  if (!missing.length) return;
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  const names = missing.map((e) => e.engine).join(', ');
  if (!apt) {
    console.log(`No apt-get to install ${names}: those engines' tests will be skipped (Chromium falls back to Playwright's own browser if installed).`);
    return;
  }
  const [cmd, ...pre] = asRoot ? ['apt-get'] : ['sudo', 'apt-get'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt_ = (args) => spawnSync(cmd, [...pre, ...args], { stdio: 'inherit', env }).status === 0;
  console.log(`\n> apt-get install ${missing.flatMap((e) => e.packages).join(' ')}  (browsers for: ${names})`);
  apt_(['update', '-qq']);
  if (apt_(['install', '-y', '-qq', ...missing.flatMap((e) => e.packages)])) return;
  // One engine's package failing must not cost the others: try each on its own.
  for (const e of missing) if (!apt_(['install', '-y', '-qq', ...e.packages])) console.log(`Could not install ${e.packages.join(' ')}: the ${e.engine} tests will be skipped.`);
}

const build = () => run('npm', ['run', '--silent', 'build']);

if (mode === 'start') {
  ensurePackages();
  build();
  run('node', ['collector/server.mjs']);
} else if (mode === 'test') {
  ensurePackages();
  ensureBrowsers();
  build();
  run('npx', ['tsc', '--noEmit', '-p', 'test-e2e/tsconfig.json']);
  run('npx', ['playwright', 'test', ...process.argv.slice(3)]);
} else {
  console.error('usage: node scripts/setup.mjs start|test [playwright args]');
  process.exit(2);
}
