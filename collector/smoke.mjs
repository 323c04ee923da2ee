// A quick end-to-end check of the collector, no test framework: start it on a free port with a
// temporary data dir, send one request per encoding, restart on the same dir, and confirm
// nothing was lost. Prints one line per check; exits 1 if any failed.
//
//   node collector/smoke.mjs

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startCollector } from './server.mjs';

const TOKEN = 'smoke-token';
let failures = 0;

function check(name, ok, detail = '') {
  if (!ok) failures++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
}

const event = (name) => ({
  event: name,
  properties: { token: TOKEN, distinct_id: 'smoke-user', time: Date.now(), $insert_id: `smoke-${name}` },
});
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64');
const form = (value) => `data=${encodeURIComponent(value)}`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracklet-smoke-'));
let collector = await startCollector({ port: 0, dataDir, quiet: true });
const base = collector.url.replace(/\/$/, '');

try {
  // One request per encoding the contract lists; each must be answered 1 / status 1.
  const sends = [
    ['form JSON', () => fetch(`${base}/track/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form(JSON.stringify([event('form-json')])),
    })],
    ['form base64', () => fetch(`${base}/track`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form(b64([event('form-base64')])),
    })],
    ['JSON body', () => fetch(`${base}/track/?verbose=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([event('json-body')]),
    })],
    ['text/plain beacon', () => fetch(`${base}/track/?ip=1&_=${Date.now()}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: form(JSON.stringify([event('beacon')])),
    })],
    ['GET base64', () => fetch(`${base}/track/?data=${encodeURIComponent(b64(event('get-base64')))}`)],
    ['gzip JSON', () => fetch(`${base}/track/?verbose=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      body: zlib.gzipSync(JSON.stringify([event('gzip-json')])),
    })],
    ['engage $set', () => fetch(`${base}/engage/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form(JSON.stringify([{ $token: TOKEN, $distinct_id: 'smoke-user', $set: { plan: 'pro' } }])),
    })],
  ];
  for (const [name, send] of sends) {
    const res = await send();
    const text = await res.text();
    check(`${name} accepted`, res.status === 200 && (text === '1' || JSON.parse(text).status === 1), `${res.status} ${text}`);
  }

  const rejected = await fetch(`${base}/track/?verbose=1`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify([event('fine'), { event: 'no-token', properties: {} }]),
  });
  const rejectedBody = await rejected.json();
  check('bad batch rejected with index', rejected.status === 400 && /item 1/.test(rejectedBody.error), JSON.stringify(rejectedBody));

  const imp = await fetch(`${base}/import`, { method: 'POST', body: '[]' });
  check('/import refused', imp.status === 401, String(imp.status));

  const preflight = await fetch(`${base}/track/`, {
    method: 'OPTIONS',
    headers: { Origin: 'http://example.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
  });
  check('CORS preflight', preflight.status === 204 &&
    preflight.headers.get('access-control-allow-origin') === 'http://example.test' &&
    preflight.headers.get('access-control-allow-credentials') === 'true', String(preflight.status));

  const received = await (await fetch(`${base}/_/received?token=${TOKEN}`)).json();
  check('all records stored', received.records.length === sends.length, `${received.records.length} of ${sends.length}`);
  const encodings = received.records.map((r) => r.request.encoding).join(',');
  check('encodings recorded', encodings === 'form-json,base64,json,form-json,base64,json,form-json', encodings);

  const requests = await (await fetch(`${base}/_/requests?token=${TOKEN}`)).json();
  check('requests logged, rejected one included', requests.requests.length === sends.length + 1, String(requests.requests.length));

  // Restart on the same data dir: records survive and seq continues.
  await collector.close();
  collector = await startCollector({ port: 0, dataDir, quiet: true });
  const again = collector.url.replace(/\/$/, '');
  const after = await (await fetch(`${again}/_/received?token=${TOKEN}`)).json();
  check('records persisted across restart', after.records.length === sends.length, String(after.records.length));
  await fetch(`${again}/track/`, { method: 'POST', body: form(b64(event('after-restart'))) });
  const last = (await (await fetch(`${again}/_/received?event=after-restart`)).json()).records[0];
  check('seq continues after restart', last?.seq === sends.length + 1, String(last?.seq));
} catch (err) {
  check('no exception', false, err.stack);
} finally {
  await collector.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
process.exit(failures ? 1 : 0);
