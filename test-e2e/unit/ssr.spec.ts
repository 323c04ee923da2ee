// Server-side rendering: importing and calling the ES module (and the CommonJS build) under Node,
// where there is no window, document or storage, never throws and creates no globals.
import { test, expect } from '@playwright/test';
import { createRequire } from 'node:module';
import path from 'node:path';

const dist = path.resolve('dist');

function exercise(mod: any) {
  const mixpanel = mod.default;
  const results: unknown[] = [];
  results.push(mixpanel.track('ssr'));
  results.push(mixpanel.init('ssr-token', { api_host: 'http://127.0.0.1:9' }));
  for (const call of [
    () => mixpanel.track('after init', { a: 1 }),
    () => mixpanel.identify('u'),
    () => mixpanel.people.set({ a: 1 }),
    () => mixpanel.get_group('g', 1).set({ a: 1 }),
    () => mixpanel.register({ a: 1 }),
    () => mixpanel.reset(),
    () => mixpanel.get_distinct_id(),
    () => mixpanel.get_config('api_host'),
    () => mod.createInstance('widget-token', {}),
  ]) results.push(call());
  return results;
}

test('the ES module is harmless under Node', async () => {
  const before = Object.keys(globalThis).sort();
  const mod = await import(path.join(dist, 'tracklet.mjs'));
  expect(Object.keys(globalThis).sort()).toEqual(before);
  expect(() => exercise(mod)).not.toThrow();
  expect(Object.keys(globalThis).sort()).toEqual(before);
  await expect(mod.default.flush()).resolves.toBeUndefined();
});

// require() returns the instance itself (createInstance on it), as mixpanel-browser's CommonJS build.
const asModule = (instance: any) => ({ default: instance, createInstance: instance.createInstance });

test('the CommonJS build is harmless under Node', () => {
  const mod = createRequire(import.meta.url)(path.join(dist, 'tracklet.cjs'));
  expect(typeof mod.createInstance).toBe('function');
  expect(() => exercise(asModule(mod))).not.toThrow();
});

test('tracklet/lite is harmless under Node, as ES module and CommonJS', async () => {
  const before = Object.keys(globalThis).sort();
  const mod = await import(path.join(dist, 'tracklet-lite.mjs'));
  expect(Object.keys(globalThis).sort()).toEqual(before);
  expect(() => exercise(mod)).not.toThrow();
  // An inert instance, never undefined: widget code calling createInstance(...).track() renders.
  const widget = mod.createInstance('widget-token', { name: 'w' });
  expect(typeof widget.track).toBe('function');
  expect(widget.track('ssr')).toBeUndefined();
  const cjs = createRequire(import.meta.url)(path.join(dist, 'tracklet-lite.cjs'));
  expect(() => exercise(asModule(cjs))).not.toThrow();
  expect(Object.keys(globalThis).sort()).toEqual(before);
  await expect(mod.default.flush()).resolves.toBeUndefined();
});
