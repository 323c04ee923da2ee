// What the collector sends out stays bounded too: a stream client that stops reading is dropped
// instead of buffered for, the proxy streams its target's reply through instead of holding it
// (and forwards only what the ingestion API takes), static files never leave their folder.
import { test, expect } from '@playwright/test';
import http from 'node:http';
import net from 'node:net';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collector } from './support/collector';
// @ts-ignore: plain ESM module without types
import { startCollector } from '../collector/server.mjs';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'tracklet-serving-'));
const JSON_TYPE = { 'Content-Type': 'application/json' };

test('a stream client that stops reading is dropped; one that reads gets every record', async () => {
  test.setTimeout(60_000);
  const c = await startCollector({ port: 0, dataDir: tmp(), quiet: true });
  try {
    const port = new URL(c.url).port;
    // A raw client that asks for the stream and then stops reading.
    const stalled = net.connect(Number(port), '127.0.0.1');
    stalled.write(`GET /_/stream?token=tk_flood HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    stalled.pause();
    // A reader, counting the records it gets. Like EventSource, it reconnects with Last-Event-ID
    // if the collector drops it: a reader starved of CPU (this process also sends the flood) falls
    // behind as a stalled one does, and catches up from where it was.
    const RECORDS = 30_000;
    const ids = new Set<string>();
    let last = '';
    let reconnects = 0;
    const reading = (async () => {
      while (ids.size < RECORDS) {
        const reader = await fetch(`${c.url}_/stream?token=tk_flood`, { headers: last ? { 'Last-Event-ID': last } : {} });
        const decoder = new TextDecoder();
        let text = '';
        try {
          for await (const chunk of reader.body as any) {
            text += decoder.decode(chunk, { stream: true });
            const parts = text.split('\n\n');
            text = parts.pop() ?? '';
            for (const part of parts) if (part.startsWith('id: ')) ids.add((last = part.slice(4, part.indexOf('\n'))));
            if (ids.size >= RECORDS) return void (await reader.body?.cancel());
          }
        } catch {
          reconnects++;
        }
      }
    })();
    // 30,000 records of ~1 KB: 30 MB the collector would otherwise hold for the stalled client.
    for (let b = 0; b < RECORDS / 2000; b++) {
      const batch = Array.from({ length: 2000 }, (_, i) => ({ event: 'flood', properties: { token: 'tk_flood', $insert_id: `f${b}-${i}`, pad: 'p'.repeat(1000) } }));
      expect((await fetch(`${c.url}track`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(batch) })).status).toBe(200);
    }
    await reading;
    expect(ids.size).toBe(RECORDS);
    console.log(`stream: the reader got all ${RECORDS} records (${reconnects} reconnects)`);
    // The stalled client reads again: it gets what was already on its way, then the end.
    let bytes = 0;
    stalled.on('data', (chunk) => (bytes += chunk.length));
    stalled.on('error', () => {});
    const closed = new Promise((resolve) => stalled.on('close', resolve));
    stalled.resume();
    await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the stalled client was never dropped')), 20_000))]);
    console.log(`stream: the stalled client was dropped after ${(bytes / 1048576).toFixed(1)} MB of ${(RECORDS * 1.1 / 1024).toFixed(0)} MB`);
    expect(bytes).toBeLessThan(RECORDS * 1000 * 0.6);
  } finally {
    await c.close();
  }
});

test('the proxy streams a huge reply through without holding it, and forwards only GET and POST', async () => {
  test.setTimeout(60_000);
  const REPLY = 256 * 1024 * 1024;
  const seen: string[] = [];
  // The target sends the rest of its reply only once the client got the first bytes: a proxy
  // that holds the reply until it is complete never gets there.
  let firstBytesArrived = () => {};
  const clientHasFirstBytes = new Promise<void>((resolve) => (firstBytesArrived = resolve));
  // A target that answers /track with 256 MB, produced as it is read.
  const target = http.createServer((req, res) => {
    seen.push(req.method ?? '');
    req.resume();
    req.on('end', async () => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      res.write(chunk);
      await clientHasFirstBytes;
      let sent = chunk.length;
      const more = () => {
        while (sent < REPLY) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
  });
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  const targetUrl = `http://127.0.0.1:${(target.address() as net.AddressInfo).port}`;
  const proxy = await startCollector({ port: 0, dataDir: tmp(), quiet: true, forward: targetUrl });
  try {
    const base = process.memoryUsage().arrayBuffers + process.memoryUsage().external;
    let peak = 0;
    const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers + process.memoryUsage().external - base)), 5);
    const res = await Promise.race([
      fetch(`${proxy.url}track`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'data=%7B%7D' }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no byte of the reply came through before the target finished')), 15_000)),
    ]);
    let bytes = 0;
    for await (const chunk of res.body as any) {
      bytes += chunk.length;
      firstBytesArrived();
    }
    clearInterval(sample);
    console.log(`proxy: a ${REPLY / 1048576} MB reply passed through; buffers in use peaked ${(peak / 1048576).toFixed(1)} MB above the start`);
    expect(res.status).toBe(200);
    expect(bytes).toBe(REPLY);
    // Held whole, the reply would be 256 MB at once. The peak counts buffers not yet collected,
    // so it swings with load: 13 MB alone, 38 MB in a full run, 129 MB beside a second suite.
    expect(peak).toBeLessThan(200 * 1024 * 1024);

    seen.length = 0;
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const refused = await fetch(`${proxy.url}track`, { method, headers: JSON_TYPE, body: '[]' });
      expect(refused.status, method).toBe(405);
      expect((await refused.json()).error).toMatch(/use GET or POST/);
    }
    expect(seen).toEqual([]);
  } finally {
    await proxy.close();
    await new Promise((resolve) => target.close(resolve));
  }
});

test('static files never leave their folder through a symlink', async () => {
  const root = tmp();
  const outside = tmp();
  writeFileSync(path.join(outside, 'secret.txt'), 'outside the served folder');
  mkdirSync(path.join(root, 'dist'));
  writeFileSync(path.join(root, 'dist', 'real.js'), 'inside');
  symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'dist', 'leak.txt'));
  symlinkSync(outside, path.join(root, 'dist', 'elsewhere'));
  symlinkSync('real.js', path.join(root, 'dist', 'alias.js'));
  const c = await startCollector({ port: 0, dataDir: tmp(), quiet: true, root, staticDirs: ['dist'] });
  try {
    for (const p of ['dist/leak.txt', 'dist/elsewhere/secret.txt', 'dist/elsewhere/']) {
      const res = await fetch(c.url + p);
      expect(res.status, p).toBe(404);
      expect(await res.text()).not.toContain('outside the served folder');
    }
    expect(await (await fetch(`${c.url}dist/alias.js`)).text()).toBe('inside');
    // The listing shows the files, not the links that point away.
    const listing = await (await fetch(`${c.url}dist/`)).text();
    expect(listing).toContain('real.js');
    expect(listing).not.toContain('leak.txt');
  } finally {
    await c.close();
  }
});

test('/dist/ lists the build, each file a working link', async ({ page }) => {
  await page.goto(`${collector()}/dist/`);
  const link = page.locator('a', { hasText: /^tracklet\.min\.js$/ });
  await expect(link).toBeVisible();
  await expect(page.locator('a', { hasText: /^snippet\.min\.js$/ })).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(/\/dist\/tracklet\.min\.js$/);
  expect(await page.locator('body').textContent()).toContain('mixpanel');
});
