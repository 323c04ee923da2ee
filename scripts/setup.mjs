#!/usr/bin/env node
// The two commands of the README, each doing all of its own set-up on a fresh machine:
//   npm start  → install packages, build, run the collector serving the examples
//   npm test   → install packages and Chromium, build, type-check, run every test
// Node built-ins only: this runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function ensureChromium() {
  if (process.env.CHROMIUM_PATH || CHROMIUM.some((p) => existsSync(p))) return;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!apt) {
    console.log('No Debian chromium and no apt-get: Playwright will use its own browser if installed.');
    return;
  }
  const sudo = root ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run(sudo[0] || 'apt-get', [...sudo.slice(1), ...(root ? [] : ['apt-get']), 'update', '-qq'], { env });
  run(sudo[0] || 'apt-get', [...sudo.slice(1), ...(root ? [] : ['apt-get']), 'install', '-y', '-qq', 'chromium'], { env });
}

const build = () => run('npm', ['run', '--silent', 'build']);

if (mode === 'start') {
  ensurePackages();
  build();
  run('node', ['collector/server.mjs'], { env: { ...process.env, TRACKLET_ANNOUNCE: '1' } });
} else if (mode === 'test') {
  ensurePackages();
  ensureChromium();
  build();
  run('npx', ['tsc', '--noEmit', '-p', 'test-e2e/tsconfig.json']);
  run('npx', ['playwright', 'test', ...process.argv.slice(3)]);
} else {
  console.error('usage: node scripts/setup.mjs start|test [playwright args]');
  process.exit(2);
}
