// CommonJS, as mixpanel-browser's: `require('tracklet')` is the default (uninitialized) instance
// itself, with `createInstance` on it; `require('tracklet/lite')` likewise. Under Node (server-side
// rendering) `createInstance` gives an inert instance whose every method can be called, and
// nothing is sent, no global is made and no timer is left behind.
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
// @ts-ignore: plain ESM module without types
import { startCollector } from '../../collector/server.mjs';

const ROOT = path.resolve('.');
const requireFrom = createRequire(path.join(ROOT, 'package.json'));

/** Member names of an interface of mixpanel-browser's own index.d.ts. */
function upstreamMembers(name: string): string[] {
  const file = requireFrom.resolve('mixpanel-browser').replace(/dist\/.*$/, 'src/index.d.ts');
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const decl = sf.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!decl) throw new Error(`mixpanel-browser's types have no ${name}`);
  return [...new Set(decl.members.map((m) => (m.name && ts.isIdentifier(m.name) ? m.name.text : '')).filter(Boolean))];
}

test('require() returns the default instance with createInstance on it, as require("mixpanel-browser") does', () => {
  const upstream = requireFrom('mixpanel-browser');
  const mixpanel = requireFrom('./dist/tracklet.cjs');
  expect(typeof upstream.init).toBe('function');
  expect(typeof mixpanel.init).toBe('function');
  expect(typeof mixpanel.createInstance).toBe('function');
  expect(String(mixpanel)).toBe('mixpanel');
  expect(mixpanel.default).toBeUndefined(); // the instance itself, not a module object
  // Every member of upstream's typed instance is there, with the kind upstream's types give it.
  const kinds = { people: 'object', flags: 'object' } as Record<string, string>;
  for (const m of upstreamMembers('Mixpanel')) expect(typeof mixpanel[m], m).toBe(kinds[m] ?? 'function');
  for (const m of upstreamMembers('People')) expect(typeof mixpanel.people[m], `people.${m}`).toBe('function');
  for (const m of upstreamMembers('FlagsManager')) expect(typeof mixpanel.flags[m], `flags.${m}`).toBe('function');
  for (const m of upstreamMembers('Group')) expect(typeof mixpanel.get_group('company', 'acme')[m], `group.${m}`).toBe('function');

  const lite = requireFrom('./dist/tracklet-lite.cjs');
  for (const m of ['init', 'track', 'identify', 'register', 'reset', 'createInstance']) expect(typeof lite[m], `lite ${m}`).toBe('function');
  expect(lite.default).toBeUndefined();
});

test('under Node: requiring does no work, and createInstance gives an inert instance that sends nothing', async () => {
  test.setTimeout(60_000);
  const collector = await startCollector({ port: 0, dataDir: mkdtempSync(path.join(tmpdir(), 'tracklet-cjs-')), quiet: true });
  try {
    const api = collector.url.replace(/\/$/, '');
    // A fresh Node process: it must exit on its own (no timer or socket left) and report what it saw.
    const script = `
      const keys = () => Object.getOwnPropertyNames(globalThis).sort().join();
      const before = keys();
      const handles = () => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap').join();
      const idle = handles();
      const out = { threw: [] };
      for (const [label, file] of [['full', 'tracklet.cjs'], ['lite', 'tracklet-lite.cjs']]) {
        const lib = require(${JSON.stringify(path.join(ROOT, 'dist'))} + '/' + file);
        out[label + 'Required'] = handles() === idle && keys() === before;
        const inst = lib.createInstance('cjs-token', { api_host: ${JSON.stringify(api)}, batch_flush_interval_ms: 10 });
        out[label + 'Kind'] = inst === undefined ? 'undefined' : typeof inst;
        for (const target of [inst, lib]) {
          // Every method, own or inherited, with arguments of the usual shapes.
          const names = new Set();
          for (let o = target; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) for (const n of Object.getOwnPropertyNames(o)) names.add(n);
          for (const n of names) {
            if (n === 'constructor' || n.startsWith('_') || typeof target[n] !== 'function') continue;
            try { target[n]('x', { a: 1 }, () => {}); } catch (e) { out.threw.push(label + '.' + n + ': ' + e.message); }
          }
          for (const sub of ['people', 'flags']) if (target[sub]) for (const n of ['set', 'increment', 'get_variant_value_sync', 'is_enabled']) {
            try { if (typeof target[sub][n] === 'function') target[sub][n]('x', 1); } catch (e) { out.threw.push(label + '.' + sub + '.' + n + ': ' + e.message); }
          }
        }
      }
      out.globals = keys() === before;
      Promise.resolve().then(() => setImmediate(() => { out.handles = handles() === idle ? '' : handles(); console.log(JSON.stringify(out)); }));
    `;
    const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // Exits by itself, soon: nothing keeps the event loop alive.
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => (child.kill(), resolve(null)), 30_000);
      child.on('exit', (c) => (clearTimeout(timer), resolve(c)));
    });
    expect(stderr).toBe('');
    expect(code, 'the process should exit on its own').toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toEqual({ threw: [], fullRequired: true, fullKind: 'object', liteRequired: true, liteKind: 'object', globals: true, handles: '' });
    // The collector heard nothing from it.
    const { requests } = await (await fetch(`${api}/_/requests`)).json();
    expect(requests).toEqual([]);
  } finally {
    await collector.close();
  }
});
