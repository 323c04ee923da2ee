// Problem codes (issue #15, "Debug messages"): every code the library reports has its sentence in
// the messages module and its entry in docs/messages.md, word for word; no code is given twice;
// and lib/report.ts writes code + link without the module, the sentence (in order) with it.
import { test, expect } from '@playwright/test';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
// @ts-ignore: plain ESM module (its types are messages.d.mts)
import { TEXT, TOKEN, text } from '../../src/lib/messages.mjs';
import ts from 'typescript';
import type * as Report from '../../src/lib/report';

/** A fresh copy of lib/report.ts: its state (sentences here or not) is the page's, and other tests of this worker may have set it. */
function freshReport(): typeof Report {
  const js = ts.transpileModule(readFileSync('src/lib/report.ts', 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
  const module = { exports: {} as any };
  new Function('module', 'exports', 'require', js)(module, module.exports, () => ({}));
  return module.exports;
}

const SRC = 'src/lib/messages.mjs';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mjs)$/.test(name) && !/\.d\.m?ts$/.test(name) ? [path] : [];
  });
}

/** Every code src/ uses: the second argument of report/warn/debugLog, withModule's third, and the codes the guard's reason functions return. */
function codesUsed(): Map<number, string[]> {
  const used = new Map<number, string[]>();
  const add = (code: number, file: string) => used.set(code, [...(used.get(code) || []), file]);
  for (const file of sourceFiles('src')) {
    if (file.includes('modules/messages/')) continue;
    const s = readFileSync(file, 'utf8');
    for (const m of s.matchAll(/\b(?:report|warn|debugLog)\([^;]*?,\s*(\d+)\s*[,)]/g)) add(Number(m[1]), file);
    // withModule(inst, 'name', code, run): the code a module that does not load is reported as.
    for (const m of s.matchAll(/\bwithModule\([^;]*?,\s*(?:'\w+'|[A-Z]+),\s*(\d+)\s*,/g)) add(Number(m[1]), file);
    // The reason functions (guard/credentials.mjs, distinctId.ts, secrets.ts) and `problem || 21`.
    if (/guard\/(credentials\.mjs|distinctId\.ts|secrets\.ts)$/.test(file)) for (const m of s.matchAll(/return \[?(\d+)\b|why = \[(\d+)/g)) Number(m[1] || m[2]) && add(Number(m[1] || m[2]), file);
    for (const m of s.matchAll(/problem \|\| (\d+)/g)) add(Number(m[1]), file);
  }
  return used;
}

/** docs/messages.md: code → the sentence under its anchor. */
function documented(): Map<number, string> {
  const docs = readFileSync('docs/messages.md', 'utf8');
  const out = new Map<number, string>();
  for (const m of docs.matchAll(/<a id="(\d+)"><\/a>\n### \1 · [^\n]+\n\n`([^`]+)`/g)) {
    expect(out.has(Number(m[1])), `docs/messages.md: code ${m[1]} documented twice`).toBe(false);
    out.set(Number(m[1]), m[2]);
  }
  return out;
}

test('no code is given two meanings in the messages module', () => {
  const keys = [...readFileSync(SRC, 'utf8').matchAll(/^\s+(\d+): /gm)].map((m) => Number(m[1]));
  expect(keys.length).toBeGreaterThan(40);
  expect(keys.filter((k, i) => keys.indexOf(k) != i), 'codes given twice').toEqual([]);
  // The token reasons are sentences of their own codes too (init's), not a second meaning.
  for (const code of Object.keys(TOKEN).map(Number)) expect(TEXT[code]).toContain(TOKEN[code]);
});

test('every code used in src/ has its sentence in the messages module and its entry in docs/messages.md', () => {
  const used = codesUsed();
  const docs = documented();
  expect(used.size).toBeGreaterThan(40);
  for (const [code, files] of used) {
    expect(TEXT[code], `code ${code} (${files.join(', ')}) has no sentence in ${SRC}`).toBeTruthy();
    expect(docs.get(code), `code ${code} (${files.join(', ')}) has no entry in docs/messages.md`).toBeTruthy();
  }
  // The docs show each sentence as the module writes it, and document nothing the module lacks.
  for (const [code, sentence] of docs) expect(TEXT[code], `docs/messages.md#${code}`).toBe(sentence);
  for (const code of Object.keys(TEXT).map(Number)) expect(docs.has(code), `code ${code} of the module is not in docs/messages.md`).toBe(true);
  // Nothing in the module is unused (a retired code leaves the table: docs keep it as retired).
  for (const code of Object.keys(TEXT).map(Number)) expect(used.has(code), `code ${code} is in the module but src/ never uses it`).toBe(true);
});

test('the sentences fill in their parts', () => {
  expect(text(47, ['api_secret'])).toBe('config "api_secret" refused (a credential): secrets stay on your server');
  expect(text(8, [400, 'bad', 2, 'track'])).toBe('HTTP 400 bad: 2 track payload(s) refused, dropped');
  expect(text(31, ['mixpanel'])).toBe('init: the project token must be a non-empty string; mixpanel stays inactive');
});

test('report: code + link without the module; held, then sentences in order, once it arrives', async () => {
  const { report, warn, debugLog, useLoader, fetchText } = freshReport();
  const got: string[] = [];
  const target = { error_reporter: (m: string) => got.push(m) };
  // No loader yet (as before any init): written at once as code, link and parts.
  warn(target, 47, ['api_secret']);
  expect(got).toEqual(['47 https://cdn.jsdelivr.net/npm/tracklet/docs/messages.md#47 api_secret']);
  let arrive!: (t: typeof text) => void;
  useLoader(() => new Promise((resolve) => (arrive = resolve)));
  fetchText();
  report(target, 5, ['track']);
  warn(target, 'a sentence of a module');
  debugLog({ debug: false }, 4, ['track']); // debug off: not even held
  report(target, 36, [], new Error('x'));
  expect(got).toHaveLength(1);
  arrive(text);
  await expect.poll(() => got.length, { timeout: 2000 }).toBe(4);
  expect(got.slice(1)).toEqual(['track queue full: oldest dropped', 'a sentence of a module', 'the loaded callback threw']);
  // Here now: written at once.
  report(target, 13);
  expect(got[4]).toBe('track() needs a non-empty event name');
});

test('report never throws: a part that cannot become text, a throwing error_reporter, a broken console', () => {
  const { report, warn } = freshReport();
  const heard: string[] = [];
  const target = { error_reporter: (m: string) => heard.push(m) };
  expect(() => report(target, 28, [Symbol('s')])).not.toThrow();
  expect(heard[0]).toMatch(/^28 \S+#28 Symbol\(s\)$/);
  expect(() => report(target, 28, [Object.create(null)])).not.toThrow();
  expect(() => warn({ error_reporter: () => { throw new Error('reporter'); } }, 13)).not.toThrow();
  const error = console.error;
  console.error = () => { throw new Error('console'); };
  try {
    expect(() => warn({}, 13)).not.toThrow();
  } finally {
    console.error = error;
  }
});
