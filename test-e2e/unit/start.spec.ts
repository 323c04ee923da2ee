// `npm start` as a newcomer runs it: no rebuild when nothing changed, the URLs once ready, and a
// signal to any of its processes (npm; setup.mjs, which npm's shell execs and which runs the
// collector) stops them all and frees the port. Real npm, real processes, a real port.
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// @ts-ignore: plain ESM module without types
import { buildDue } from '../../scripts/buildStamp.mjs';
import { freePort, portFree } from '../support/freePort';


/** pid → { ppid, cmd } of every live (not zombie) process, from /proc. */
function processes() {
  const out = new Map<number, { ppid: number; cmd: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      out.set(Number(name), { ppid: Number(ppid), cmd: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim() });
    } catch {
      // it ended while we looked
    }
  }
  return out;
}

/** `pid` and every live process below it. */
function tree(pid: number) {
  const all = processes();
  const found = all.has(pid) ? [pid] : [];
  for (let i = 0; i < found.length; i++) for (const [p, info] of all) if (info.ppid === found[i]) found.push(p);
  return found.map((p) => ({ pid: p, cmd: all.get(p)!.cmd }));
}

test.describe.configure({ mode: 'serial' });

const TARGETS = [
  ['npm', 'SIGTERM'],
  ['npm', 'SIGINT'],
  ['setup.mjs (and its collector)', 'SIGINT'],
  ['setup.mjs (and its collector)', 'SIGTERM'],
  ['npm', 'SIGKILL'], // npm cannot pass this one on: setup.mjs sees it was left behind
] as const;

for (const [target, signal] of TARGETS) {
  test(`npm start: ${signal} to ${target} stops every process it started and frees the port`, async () => {
    test.setTimeout(60_000);
    test.skip(!!buildDue(), `dist/ is not the build of the current sources (${buildDue()}): npm start would build; run npm run build first`);
    const PORT = await freePort(18160);
    const data = mkdtempSync(path.join(tmpdir(), 'tracklet-start-'));
    const npm = spawn('npm', ['start'], { env: { ...process.env, PORT: String(PORT), TRACKLET_DATA: data }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    npm.stdout.on('data', (c) => (out += c));
    npm.stderr.on('data', (c) => (out += c));
    try {
      await expect.poll(() => out, { timeout: 30_000, message: 'npm start says it is ready' }).toMatch(/Ready in /);
      expect(out).toContain('build: up to date');
      expect(out).toContain(`Open http://127.0.0.1:${PORT}/examples/`);
      expect(await (await fetch(`http://127.0.0.1:${PORT}/_/health`)).json()).toEqual({ ok: true });

      const started = tree(npm.pid!);
      const victim = started.find((p) => (target === 'npm' ? p.pid === npm.pid : /setup\.mjs start/.test(p.cmd)));
      expect(victim, `${target} among ${JSON.stringify(started)}`).toBeTruthy();
      process.kill(victim!.pid, signal);

      const alive = () => started.filter((p) => existsSync(`/proc/${p.pid}`) && processes().has(p.pid)).map((p) => p.cmd);
      await expect.poll(alive, { timeout: 15_000, message: 'processes left running' }).toEqual([]);
      expect(await portFree(PORT)).toBe(true);
    } finally {
      // Only if the test failed: nothing of this run may outlive it.
      for (const p of tree(npm.pid!)) process.kill(p.pid, 'SIGKILL');
    }
  });
}

test('the build stamp: a changed, added or removed source, or a missing output, makes a build due', async () => {
  // @ts-ignore
  const { writeStamp } = await import('../../scripts/buildStamp.mjs');
  const { mkdirSync, writeFileSync, rmSync, utimesSync } = await import('node:fs');
  const root = mkdtempSync(path.join(tmpdir(), 'tracklet-stamp-'));
  for (const dir of ['src/instance', 'dist', 'node_modules']) mkdirSync(path.join(root, dir), { recursive: true });
  for (const f of ['src/index.ts', 'src/instance/Core.ts', 'rollup.config.mjs', 'tsconfig.json', 'package.json']) writeFileSync(path.join(root, f), f);
  for (const f of ['snippet.min.js', 'tracklet.min.js', 'tracklet.mjs', 'tracklet.cjs', 'tracklet.d.ts', 'tracklet-lite.mjs', 'integrity.json']) writeFileSync(path.join(root, 'dist', f), f);
  const env = {};
  expect(buildDue(root, env)).toBe('no record of the last build');
  writeStamp(root, env);
  expect(buildDue(root, env)).toBe('');
  utimesSync(path.join(root, 'src/instance/Core.ts'), new Date(), new Date(Date.now() + 5000));
  expect(buildDue(root, env)).toBe('sources changed since the last build');
  writeStamp(root, env);
  writeFileSync(path.join(root, 'src/new.ts'), 'x');
  expect(buildDue(root, env)).toBe('sources changed since the last build');
  writeStamp(root, env);
  rmSync(path.join(root, 'src/new.ts'));
  expect(buildDue(root, env)).toBe('sources changed since the last build');
  writeStamp(root, env);
  expect(buildDue(root, { TRACKLET_BUNDLE_URL: 'https://cdn.example.com/t.js' })).toBe('sources changed since the last build');
  rmSync(path.join(root, 'dist/tracklet.min.js'));
  expect(buildDue(root, env)).toBe('dist/tracklet.min.js is missing');
});

test('the packages stamp: by the lock\'s content, not its time; a linked node_modules is never reinstalled over', async () => {
  // @ts-ignore
  const { packagesDue, recordPackages, linkedPackages } = await import('../../scripts/packagesStamp.mjs');
  const { mkdirSync, writeFileSync, utimesSync, symlinkSync } = await import('node:fs');
  const root = mkdtempSync(path.join(tmpdir(), 'tracklet-packages-'));
  writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}');
  expect(packagesDue(root)).toBe('no node_modules');
  mkdirSync(path.join(root, 'node_modules'));
  expect(packagesDue(root)).toBe('no record of an install of this package-lock.json');
  recordPackages(root);
  expect(packagesDue(root)).toBe('');
  // A checkout rewrites the lock's time, not its content: nothing to install.
  utimesSync(path.join(root, 'package-lock.json'), new Date(), new Date(Date.now() + 60_000));
  expect(packagesDue(root)).toBe('');
  writeFileSync(path.join(root, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}');
  expect(packagesDue(root)).toBe('package-lock.json changed since the last install');
  expect(linkedPackages(root)).toBe('');
  // A second checkout whose node_modules links to the first's.
  const other = mkdtempSync(path.join(tmpdir(), 'tracklet-packages-'));
  symlinkSync(path.join(root, 'node_modules'), path.join(other, 'node_modules'));
  expect(linkedPackages(other)).toBe(realpathSync(path.join(root, 'node_modules')));
});
