// The autocapture module under Node (server-side rendering): importing it creates no global and
// runs nothing; starting it where there is no window or document does nothing, calls nothing
// on its host, and returns a stop() that is safe to call.
import { test, expect } from '@playwright/test';
import path from 'node:path';

test('the autocapture module is inert under Node', async () => {
  const before = Object.keys(globalThis).sort();
  const mod = await import(path.resolve('dist/tracklet-autocapture.mjs'));
  expect(Object.keys(globalThis).sort()).toEqual(before);
  expect(Object.keys(mod)).toEqual(['startAutocapture']);
  const calls: string[] = [];
  const host = { t: { track: () => calls.push('track'), track_pageview: () => calls.push('pageview') }, c: () => ({}), report: (m: string) => calls.push(m) };
  for (const config of [true, { click: true, page_leave: true }, false, null, 'yes']) {
    const stop = mod.startAutocapture(host, config);
    expect(typeof stop).toBe('function');
    stop();
    stop();
  }
  expect(calls).toEqual([]);
});
