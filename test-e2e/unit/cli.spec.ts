// The developer's first contact, in Node: the `tracklet` command (snippet generator, collector
// options), the collector's wire-contract lint and paging store, the proxy's header rules, the
// generated docs and the package's hygiene.
import { test, expect } from '@playwright/test';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// @ts-ignore: plain ESM modules without types
import { buildSnippet, collectorOptions, integrityOf, parseArgs, scriptLiteral, tokenProblem } from '../../bin/tracklet.mjs';
// @ts-ignore
import { lintBatch, lintPayload } from '../../collector/lint.mjs';
// @ts-ignore
import { openStore, FILE_NAME } from '../../collector/store.mjs';
// @ts-ignore
import { basePath, clientIp, forwardHeaders, parseTarget, replyHeaders } from '../../collector/forward.mjs';

const ROOT = process.cwd();
const CLI = path.join(ROOT, 'bin/tracklet.mjs');
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const sha384 = (file: string) => `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT });
const codes = (warnings: { code: string }[]) => warnings.map((w) => w.code).sort();

/** An event exactly as tracklet sends it: the lint must have nothing to say. */
const goodEvent = (extra: Record<string, unknown> = {}) => ({
  event: 'Signup',
  properties: { token: 'tk_0123456789abcdef', distinct_id: '$device:1c2d', $device_id: '1c2d', time: NOW - 1000, $insert_id: '9f86d081884c7d659a2feaa0c55ad015', mp_lib: 'web', plan: 'pro', tags: ['a', 'b'], nested: { a: { b: 1 } }, ...extra },
});

test.describe('lint: the wire contract', () => {
  test('a payload as tracklet sends it has no warnings, on every endpoint', () => {
    expect(lintPayload('track', goodEvent(), { now: NOW })).toEqual([]);
    expect(lintPayload('engage', { $token: 't', $distinct_id: 'u1', $device_id: 'd', $user_id: 'u1', $set: { name: 'Ada' } })).toEqual([]);
    expect(lintPayload('engage', { $token: 't', $distinct_id: 'u1', $add: { n: 2 } })).toEqual([]);
    expect(lintPayload('engage', { $token: 't', $distinct_id: 'u1', $unset: ['x'] })).toEqual([]);
    expect(lintPayload('engage', { $token: 't', $distinct_id: 'u1', $delete: '' })).toEqual([]);
    expect(lintPayload('groups', { $token: 't', $group_key: 'company', $group_id: 'acme', $set: { seats: 5 } })).toEqual([]);
    // The published schema's two slips: group $union lists $unset as required, group $delete $set.
    expect(lintPayload('groups', { $token: 't', $group_key: 'company', $group_id: 'acme', $union: { plans: ['pro'] } })).toEqual([]);
    expect(lintPayload('groups', { $token: 't', $group_key: 'company', $group_id: 'acme', $delete: null })).toEqual([]);
  });

  test('each breach of the contract is named, with where it is', () => {
    const lint = (extra: Record<string, unknown>) => lintPayload('track', goodEvent(extra), { now: NOW });
    const find = (ws: any[], code: string) => ws.find((w) => w.code === code);

    expect(find(lintPayload('track', { event: 'x', properties: { $insert_id: 'a', time: NOW } }, { now: NOW }), 'token_missing')).toMatchObject({ path: 'properties.token' });
    expect(find(lintPayload('engage', { $distinct_id: 'u', $set: {} }), 'token_missing')).toMatchObject({ path: '$token' });
    expect(find(lint({ $insert_id: 'has spaces and is far too long to be an insert id!' }), 'insert_id')).toMatchObject({ path: 'properties.$insert_id' });
    const { $insert_id, ...noInsertId } = goodEvent().properties;
    expect(codes(lintPayload('track', { event: 'x', properties: noInsertId }, { now: NOW }))).toEqual(['insert_id']);
    expect(find(lint({ description: 'x'.repeat(256) }), 'string_too_long')).toMatchObject({ path: 'properties.description' });
    expect(lint({ description: 'x'.repeat(255) })).toEqual([]);
    expect(find(lintPayload('track', { event: 'e'.repeat(300), properties: goodEvent().properties }, { now: NOW }), 'string_too_long')).toMatchObject({ path: 'event' });
    const many = Object.fromEntries(Array.from({ length: 260 }, (_, i) => [`p${i}`, i]));
    expect(codes(lint(many))).toEqual(['too_many_properties']);
    expect(codes(lint({ time: NOW - 6 * 24 * 3600 * 1000 }))).toEqual(['time']);
    expect(codes(lint({ time: (NOW + 2 * 3600 * 1000) / 1000 }))).toEqual(['time']); // future, in seconds
    expect(codes(lint({ time: (NOW - 1000) / 1000 + 0.5 }))).toEqual(['time']); // float seconds: not an integer
    expect(lint({ time: Math.round((NOW - 1000) / 1000) })).toEqual([]); // integer seconds are fine
    expect(find(lint({ api_secret: 'x' }), 'credential')).toMatchObject({ path: 'properties.api_secret' });
    expect(find(lint({ nested: { deeper: { Password: 'x' } } }), 'credential')).toMatchObject({ path: 'properties.nested.deeper.Password' });
    expect(find(lint({ header: 'Bearer abcdefghijklmnop1234' }), 'credential')).toMatchObject({ path: 'properties.header' });
    expect(lint({ plan: 'Basic plan' })).toEqual([]); // a value that merely starts with "Basic"
    expect(codes(lint({ distinct_id: 'undefined' }))).toEqual(['distinct_id']);
    expect(codes(lint({ deep: { a: { b: { c: { d: 1 } } } } }))).toEqual(['too_deep']);
    expect(codes(lint({ list: Array.from({ length: 300 }, (_, i) => i) }))).toEqual(['array_too_long']);
    expect(codes(lintPayload('track', { event: 'x', properties: goodEvent().properties, extra: 1 }, { now: NOW }))).toEqual(['schema']);

    expect(codes(lintPayload('engage', { $token: 't', $distinct_id: 'u', $add: { n: 'two' } }))).toEqual(['schema']);
    expect(codes(lintPayload('engage', { $token: 't', $distinct_id: 'u', $set: {}, $unset: ['a'] }))).toEqual(['schema']);
    expect(codes(lintPayload('engage', { $token: 't', $distinct_id: 'u' }))).toEqual(['schema']);
    expect(codes(lintPayload('groups', { $token: 't', $group_key: 'k', $group_id: 'g', $union: { plans: [] } }))).toEqual(['schema']);
    expect(codes(lintPayload('groups', { $token: 't', $group_id: 'g', $set: {} }))).toEqual(['schema']);
    expect(codes(lintPayload('track', 'not an object'))).toEqual(['schema']);
  });

  test('warnings are capped per payload, and batches say which item', () => {
    const long = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`p${i}`, 'x'.repeat(300)]));
    const ws = lintPayload('track', goodEvent(long), { now: NOW });
    expect(ws).toHaveLength(25);
    expect(ws[24]).toMatchObject({ code: 'more', message: '76 more warnings not listed' });
    const batch = lintBatch('track', [goodEvent(), { event: 'x', properties: { time: NOW, $insert_id: 'a' } }], { now: NOW });
    expect(batch).toEqual([expect.objectContaining({ code: 'token_missing', path: '[1].properties.token' })]);
  });
});

test('store: records carry their warnings, pages go back by seq, filters can be substrings', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracklet-unit-'));
  // A line written before warnings existed is linted when loaded.
  writeFileSync(path.join(dir, FILE_NAME), JSON.stringify({ seq: 1, received_at: NOW, endpoint: 'track', token: 'tk_old', payload: goodEvent({ long: 'y'.repeat(300) }), request: {} }) + '\n');
  let store = openStore(dir);
  expect(codes(store.records[0].warnings)).toEqual(['string_too_long']);
  for (let i = 0; i < 30; i++) {
    store.append('track', [goodEvent({ token: i % 2 ? 'tk_Odd' : 'tk_even', distinct_id: `user-${i}`, ...(i % 10 === 0 ? { s: 'z'.repeat(400) } : {}) })], {}, NOW);
  }
  store.close();
  store = openStore(dir); // warnings were written with the records
  expect(store.records).toHaveLength(31);
  expect(store.records.filter((r: any) => r.warnings.length).map((r: any) => r.seq)).toEqual([1, 2, 12, 22]);

  const page = store.page({ limit: '10' });
  expect(page.records.map((r: any) => r.seq)).toEqual([22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);
  expect(page).toMatchObject({ more: true, total: 31, last_seq: 31 });
  const older = store.page({ limit: '10', before: '22' });
  expect(older.records.map((r: any) => r.seq)).toEqual([12, 13, 14, 15, 16, 17, 18, 19, 20, 21]);
  expect(store.page({ limit: '100', before: '5' })).toMatchObject({ more: false });
  expect(store.page({ limit: '100', before: '5' }).records.map((r: any) => r.seq)).toEqual([1, 2, 3, 4]);
  expect(store.page({}).records).toHaveLength(31); // no limit: everything, as before

  expect(store.page({ token: 'tk_odd' }).records).toHaveLength(0); // exact by default
  expect(store.page({ token: 'tk_odd', contains: '1' }).records).toHaveLength(15);
  expect(store.page({ distinct_id: 'USER-2', contains: '1' }).records.map((r: any) => r.payload.properties.distinct_id)).toEqual(['user-2', ...Array.from({ length: 10 }, (_, i) => `user-${20 + i}`)]);
  expect(store.page({ warned: '1', limit: '2' })).toMatchObject({ more: true });
  expect(store.page({ warned: '1', limit: '2' }).records.map((r: any) => r.seq)).toEqual([12, 22]);

  store.reject({ time: NOW, method: 'POST', endpoint: 'track', status: 400, error: 'token missing', tokens: ['tk_Odd'], warnings: [] });
  store.reject({ time: NOW, method: 'POST', endpoint: 'engage', status: 400, error: 'x', tokens: [], warnings: [] });
  expect(store.rejections({ token: 'odd', contains: '1' })).toHaveLength(1);
  expect(store.rejections({ endpoint: 'engage' })).toHaveLength(1);
  expect(store.rejections({ limit: '1' }).map((e: any) => e.endpoint)).toEqual(['engage']);
  store.close();
});

test.describe('tracklet snippet', () => {
  test('pins the built bundle by its sha384, the value dist/integrity.json lists, with crossorigin', () => {
    const expected = sha384('dist/tracklet.min.js');
    expect(integrityOf(readFileSync('dist/tracklet.min.js'))).toBe(expected);
    expect(JSON.parse(readFileSync('dist/integrity.json', 'utf8'))['tracklet.min.js']).toBe(expected);

    const out = run(['snippet', '--src', 'https://cdn.example.com/tracklet.min.js', '--token', 'tk_0123456789abcdef']);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(`window.TRACKLET_SRI="${expected}";`);
    expect(out.stdout).toContain('window.MIXPANEL_CUSTOM_LIB_URL="https://cdn.example.com/tracklet.min.js";');
    expect(out.stdout).toContain('<script nonce="{{CSP_NONCE}}">');
    expect(out.stdout).toMatch(/replace \{\{CSP_NONCE\}\} with this response's script nonce/);
    expect(out.stdout).toContain(readFileSync('dist/snippet.min.js', 'utf8').trim());
    expect(out.stdout.trim().endsWith('mixpanel.init("tk_0123456789abcdef");\n</script>'.trim())).toBe(true);
    // The stub sets integrity and crossOrigin from TRACKLET_SRI on the script it inserts
    // (crossorigin="" is the attribute's anonymous state, the one SRI across origins needs).
    expect(readFileSync('dist/snippet.min.js', 'utf8')).toMatch(/TRACKLET_SRI/);
    expect(readFileSync('dist/snippet.min.js', 'utf8')).toMatch(/crossOrigin=""/);
    expect(out.stdout).toBe(buildSnippet({ src: 'https://cdn.example.com/tracklet.min.js', token: 'tk_0123456789abcdef' }));
  });

  test('--global renames the stub\'s global and tells the bundle; --no-sri, --no-nonce, --api-host', () => {
    const out = buildSnippet({ global: 'analytics', token: 'tk_1', apiHost: 'https://www.example.com/mp', sri: false, nonce: false });
    expect(out).toContain('(window,document,"analytics")');
    expect(out).not.toContain('"mixpanel"');
    expect(out).toContain('window.TRACKLET_GLOBAL="analytics";');
    expect(out).toContain('analytics.init("tk_1",{api_host:"https://www.example.com/mp"});');
    expect(out).not.toContain('window.TRACKLET_SRI=');
    expect(out).toContain('<script>\n');
    expect(out).not.toContain('window.MIXPANEL_CUSTOM_LIB_URL='); // no --src: the stub's built-in CDN URL
    for (const bad of ['window', 'class', '1abc', 'a-b', 'document', 'x y']) expect(() => buildSnippet({ global: bad }), bad).toThrow(/--global/);
  });

  test('nothing the caller passes can end the script element', () => {
    expect(scriptLiteral('</script><script>alert(1)</script>')).not.toMatch(/<|>/);
    const out = buildSnippet({ src: '/js/x.js?a=</script>&b=\u2028' });
    expect(out.match(/<\/script>/g)).toHaveLength(1);
    expect(out).not.toContain('\u2028');
  });

  test('refuses secrets: credential-shaped tokens and secret-named options, with a clear message', () => {
    expect(tokenProblem('0123456789abcdef0123456789abcdef')).toBe('');
    expect(tokenProblem('tk_viewer_0a1b2c3d4e')).toBe('');
    for (const bad of ['user:secret', 'Basic dXNlcjpwYXNz', 'Bearer abc', 'dXNlcjpwYXNzd29yZA==', 'sk_live_123', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', 'two words', '', 'a"b']) {
      expect(tokenProblem(bad), bad).not.toBe('');
    }
    const refused = run(['snippet', '--src', '/js/tracklet.min.js', '--token', 'serviceacct.123:8d7f6e5c4b3a']);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/refused --token: .*credential.*secrets stay on your server/);
    for (const option of ['--api-secret', '--secret', '--api_key', '--password']) {
      const r = run(['snippet', option, 'x']);
      expect(r.status, option).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/only the public project token/);
    }
    expect(run(['snippet', '--src', 'javascript:alert(1)']).stderr).toMatch(/--src must be an http\(s\) URL/);
    expect(run(['snippet', '--src', 'https://user:pw@cdn.example.com/x.js']).stderr).toMatch(/user:password/);
    expect(run(['snippet', '--bogus']).stderr).toMatch(/unknown option --bogus/);
    expect(run(['nope']).status).toBe(2);
    expect(run(['--help']).stdout).toMatch(/tracklet snippet/);
  });

  test('--file pins a bundle the developer built', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tracklet-unit-')), 'custom.js');
    writeFileSync(file, 'console.log("my build")');
    expect(run(['snippet', '--src', '/js/tracklet.min.js', '--file', file]).stdout).toContain(`window.TRACKLET_SRI="${sha384(file)}"`);
  });
});

test('tracklet collector: options, and the command serves until stopped', async () => {
  expect(collectorOptions([], {})).toEqual({ port: 8080, host: '127.0.0.1', dataDir: '.tracklet' });
  expect(collectorOptions(['--port=9000', '--data', '/tmp/x'], { HOST: '0.0.0.0' })).toEqual({ port: 9000, host: '0.0.0.0', dataDir: '/tmp/x' });
  expect(collectorOptions(['--forward', 'https://api-js.mixpanel.com', '--record'], {})).toMatchObject({ forward: 'https://api-js.mixpanel.com', record: true, trustProxy: false });
  expect(() => collectorOptions(['--record'], {})).toThrow(/go with --forward/);
  expect(() => collectorOptions(['--port', 'x'], {})).toThrow(/--port/);
  expect(() => parseArgs(['--port'], { values: ['port'], flags: [] })).toThrow(/needs a value/);

  const dataDir = mkdtempSync(path.join(tmpdir(), 'tracklet-cli-'));
  const child = spawn(process.execPath, [CLI, 'collector', '--port', '0', '--data', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c) => {
        out += c;
        const m = /tracklet collector: (http:\S+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    expect(await (await fetch(`${url}_/health`)).json()).toEqual({ ok: true });
    const res = await fetch(`${url}track/`, { method: 'POST', body: `data=${encodeURIComponent(JSON.stringify([goodEvent()]))}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(await res.text()).toBe('1');
    expect(readFileSync(path.join(dataDir, 'received.jsonl'), 'utf8')).toContain('"Signup"');
  } finally {
    child.kill('SIGTERM');
  }
  await expect.poll(() => child.exitCode ?? child.signalCode, { timeout: 5000 }).not.toBeNull();
});

test('proxy headers: credentials and cookies never leave, the visitor IP goes in X-Forwarded-For', () => {
  const incoming = {
    'content-type': 'application/x-www-form-urlencoded',
    'content-encoding': 'gzip',
    'user-agent': 'UA',
    authorization: 'Basic dXNlcjpwYXNz',
    cookie: 'session=1',
    'proxy-authorization': 'x',
    'x-api-key': 'k',
    'x-forwarded-for': '6.6.6.6',
    host: 'www.example.com',
    connection: 'keep-alive',
  };
  const out = forwardHeaders(incoming, '::ffff:203.0.113.9', { host: 'api-js.mixpanel.com', bodyLength: 12 });
  expect(out).toEqual({
    'content-type': 'application/x-www-form-urlencoded',
    'content-encoding': 'gzip',
    'user-agent': 'UA',
    'x-forwarded-for': '203.0.113.9',
    'x-real-ip': '203.0.113.9',
    host: 'api-js.mixpanel.com',
    'content-length': '12',
  });
  expect(forwardHeaders(incoming, '10.0.0.2', { trustProxy: true, host: 'h', bodyLength: 0 })['x-forwarded-for']).toBe('6.6.6.6, 10.0.0.2');
  expect(clientIp('::1')).toBe('::1');
  expect(replyHeaders({ 'content-type': 'application/json', 'set-cookie': ['a=b'], 'access-control-allow-origin': '*', 'retry-after': '5' }, 3)).toEqual({ 'content-type': 'application/json', 'retry-after': '5', 'content-length': '3' });
  expect(parseTarget('https://api-js.mixpanel.com/').href).toBe('https://api-js.mixpanel.com/');
  expect(basePath(parseTarget('https://proxy.example.com/mp/'))).toBe('/mp');
  expect(basePath(parseTarget('http://127.0.0.1:9000/'))).toBe('');
  expect(() => parseTarget('https://u:p@api.mixpanel.com')).toThrow(/user:password/);
  expect(() => parseTarget('ftp://x')).toThrow(/http/);
  expect(() => parseTarget('api.mixpanel.com')).toThrow(/absolute/);
});

test('docs/api.md and the README config table are generated from the current types', () => {
  const r = spawnSync(process.execPath, ['scripts/api-docs.mjs', '--check'], { encoding: 'utf8', cwd: ROOT });
  expect(r.stderr, 'run `npm run docs`').toBe('');
  expect(r.status).toBe(0);
  const readme = readFileSync('README.md', 'utf8');
  const types = readFileSync('src/types.ts', 'utf8');
  const config = types.slice(types.indexOf('export interface Config'), types.indexOf('\n}', types.indexOf('export interface Config')));
  const keys = [...config.matchAll(/^\s{2}([a-z_]+)\??:/gm)].map((m) => m[1]);
  expect(keys.length).toBeGreaterThan(30);
  for (const key of keys) expect(readme, key).toContain(`| \`${key}\` |`);
});

// publint and @arethetypeswrong/cli are not dependencies yet: the check runs where they are installed.
const bin = (name: string) => path.join(ROOT, 'node_modules/.bin', name);
test('package hygiene: publint reports nothing', () => {
  test.skip(!existsSync(bin('publint')), 'publint is not installed (add it to devDependencies)');
  const r = spawnSync(bin('publint'), ['--strict'], { encoding: 'utf8', cwd: ROOT });
  expect(r.stdout + r.stderr).not.toMatch(/Warnings:|Errors:|Suggestions:/);
  expect(r.status).toBe(0);
});

test('package hygiene: @arethetypeswrong/cli reports nothing for the module entry points', () => {
  test.skip(!existsSync(bin('attw')), '@arethetypeswrong/cli is not installed (add it to devDependencies)');
  test.setTimeout(120_000);
  // ./snippet and ./tracklet.min.js are classic scripts for <script> tags, not modules to import.
  const r = spawnSync(bin('attw'), ['--pack', '.', '--exclude-entrypoints', 'snippet', 'tracklet.min.js', 'integrity.json'], { encoding: 'utf8', cwd: ROOT });
  expect(r.stdout + r.stderr, r.stdout).not.toMatch(/👺|❌|💀|⚠️/);
  expect(r.status).toBe(0);
});
