// The `tracklet` command as people expect a Node tool to behave: help on every level, the
// version, mistakes answered with a usage hint (exit 2), file and port problems in one plain
// sentence (exit 1), and a snippet that never points at a bundle URL that may not exist.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
// @ts-ignore: plain ESM modules without types
import { collectorOptions } from '../../bin/tracklet.mjs';
// @ts-ignore
import { plainError } from '../../bin/plainError.mjs';

const ROOT = process.cwd();
const CLI = path.join(ROOT, 'bin/tracklet.mjs');
const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, ...env }, timeout: 15_000 });

test('--help and -h answer at the top level and on every command, on stdout with exit 0', () => {
  for (const args of [[], ['--help'], ['-h'], ['help']]) {
    const r = run(args);
    expect(r.status, args.join(' ')).toBe(0);
    expect(r.stdout).toMatch(/^usage: tracklet <command>/);
    expect(r.stdout).toContain('tracklet collector');
  }
  for (const command of ['snippet', 'collector']) {
    for (const args of [[command, '--help'], [command, '-h'], ['help', command], [command, '--port', '1', '-h']]) {
      if (command === 'snippet' && args.includes('--port')) continue;
      const r = run(args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^usage: tracklet ${command} `));
      expect(r.stderr).toBe('');
    }
  }
  expect(run(['collector', '--help']).stdout).toMatch(/--faults[\s\S]*--allow-origin <origin>/);
});

test('--version prints the package version', () => {
  const r = run(['--version']);
  expect(r.status).toBe(0);
  expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
});

test('an unknown option or command gets the usage hint and exit 2, nothing on stdout', () => {
  const cases: [string[], RegExp][] = [
    [['--bogus'], /^tracklet: unknown option --bogus\nRun "tracklet --help" for usage\.\n$/],
    [['nope'], /^tracklet: unknown command nope\nRun "tracklet --help" for usage\.\n$/],
    [['help', 'nope'], /^tracklet: unknown command nope\n/],
    [['snippet', '--bogus'], /^tracklet snippet: unknown option --bogus\nRun "tracklet snippet --help" for usage\.\n$/],
    [['collector', '--bogus'], /^tracklet collector: unknown option --bogus\nRun "tracklet collector --help" for usage\.\n$/],
    [['collector', '-x'], /^tracklet collector: unknown option -x\n/],
    [['collector', '--port'], /^tracklet collector: --port needs a value\n/],
  ];
  for (const [args, stderr] of cases) {
    const r = run(args);
    expect(r.status, args.join(' ')).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr);
  }
});

test('snippet: without --src it refuses, saying what to pass; --collector loads the bundle from the collector and sends there', () => {
  const refused = run(['snippet', '--token', 'tk_1']);
  expect(refused.status).toBe(2);
  expect(refused.stdout).toBe('');
  expect(refused.stderr).toMatch(/^tracklet snippet: say where the bundle is: --src <URL .*>, or --collector http:\/\/127\.0\.0\.1:8080 .*\n/);

  const local = run(['snippet', '--collector', 'http://127.0.0.1:18150/', '--token', 'tk_1']);
  expect(local.status).toBe(0);
  expect(local.stdout).toContain('window.MIXPANEL_CUSTOM_LIB_URL="http://127.0.0.1:18150/dist/tracklet.min.js";');
  expect(local.stdout).toContain('mixpanel.init("tk_1",{api_host:"http://127.0.0.1:18150"});');
  const ownHost = run(['snippet', '--collector', 'http://127.0.0.1:18150', '--api-host', 'https://www.example.com/mp', '--token', 'tk_1']);
  expect(ownHost.stdout).toContain('{api_host:"https://www.example.com/mp"}');
  expect(run(['snippet', '--collector', '/relative', '--token', 'tk_1']).stderr).toMatch(/--collector must be the collector's URL/);
  expect(run(['snippet', '--collector', 'http://a', '--src', '/x.js']).status).toBe(2);
});

test('a missing file is one plain sentence, exit 1', () => {
  const r = run(['snippet', '--src', '/x.js', '--file', 'no/such/bundle.js']);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe('tracklet: --file no/such/bundle.js does not exist.\n');
});

test('a port in use is one plain sentence, exit 1, the wording plainError gives everywhere', async () => {
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const port = (taken.address() as net.AddressInfo).port;
  try {
    for (const r of [run(['collector', '--port', String(port), '--data', path.join(ROOT, 'test-results', 'cli-port')]), run(['collector'], { PORT: String(port), TRACKLET_DATA: path.join(ROOT, 'test-results', 'cli-port') })]) {
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(`tracklet: ${plainError({ code: 'EADDRINUSE', syscall: 'listen' }, { port, host: '127.0.0.1' })}\n`);
      expect(r.stderr).toMatch(new RegExp(`^tracklet: port ${port} on 127\\.0\\.0\\.1 is already in use: .*--port <n>.*\\.\\n$`));
    }
  } finally {
    taken.close();
  }
  expect(plainError({ code: 'EACCES', syscall: 'listen' }, { port: 80 })).toBe('port 80 on 127.0.0.1 needs privileges this user does not have: pick a port from 1024 up with --port <n> (or PORT=<n>).');
});

test('collector: --faults and repeated --allow-origin reach startCollector; a bad origin is refused', () => {
  expect(collectorOptions([], {})).toEqual({ port: 8080, host: '127.0.0.1', dataDir: '.tracklet' }); // the collector's own defaults
  expect(collectorOptions(['--faults', '--allow-origin', 'https://www.example.com', '--allow-origin=http://localhost:5173/'], {})).toMatchObject({
    faults: true,
    allowOrigins: ['https://www.example.com', 'http://localhost:5173'],
  });
  expect(collectorOptions(['--no-faults'], {})).toMatchObject({ faults: false });
  for (const bad of ['www.example.com', 'https://www.example.com/path', 'file:///x']) {
    expect(() => collectorOptions(['--allow-origin', bad], {}), bad).toThrow(/--allow-origin takes an origin such as https:\/\/www\.example\.com/);
  }
});
