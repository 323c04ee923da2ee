// What tests know about the collector: its URL, what it received, and waiting on that with a
// bounded timeout (never a fixed sleep).
import { expect, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';

export interface ReceivedRecord {
  seq: number;
  endpoint: 'track' | 'engage' | 'groups' | 'flags' | 'record';
  token: string;
  payload: any;
  request: { method: string; content_type: string; encoding: string; query: Record<string, string> };
}

export interface RawRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
  status: number;
  token?: string;
}

export const collector = (): string => {
  const url = process.env.TRACKLET_COLLECTOR;
  if (!url) throw new Error('TRACKLET_COLLECTOR is not set: the global setup did not run');
  return url;
};

/** The same collector on the other loopback name: a different origin and site. */
export const otherOrigin = (): string => collector().replace('127.0.0.1', 'localhost');

/** A token no other test uses, so parallel tests never see each other's data. */
export const uniqueToken = (label: string): string => `tk_${label}_${randomBytes(5).toString('hex')}`;

export async function received(filter: Record<string, string | number>): Promise<ReceivedRecord[]> {
  const q = new URLSearchParams(Object.entries(filter).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`${collector()}/_/received?${q}`);
  return (await res.json()).records;
}

export async function requests(filter: Record<string, string> = {}): Promise<RawRequest[]> {
  const res = await fetch(`${collector()}/_/requests?${new URLSearchParams(filter)}`);
  return (await res.json()).requests;
}

/** Waits until the collector holds at least `count` records matching `filter`; returns them. */
export async function waitForRecords(filter: Record<string, string | number>, count: number, timeout = 15_000): Promise<ReceivedRecord[]> {
  let last: ReceivedRecord[] = [];
  await expect
    .poll(async () => (last = await received(filter)).length, { timeout, message: `waiting for ${count} record(s) matching ${JSON.stringify(filter)}` })
    .toBeGreaterThanOrEqual(count);
  return last;
}

export const events = (records: ReceivedRecord[]) => records.filter((r) => r.endpoint === 'track').map((r) => r.payload);
/** Events with copies of one `$insert_id` folded into one, after checking the copies are identical. */
export function dedupe(list: any[]): any[] {
  const byId = new Map<string, any>();
  for (const e of list) {
    const id = e.properties.$insert_id;
    if (byId.has(id)) expect(JSON.stringify(byId.get(id)), 'a re-sent event must be byte-identical').toBe(JSON.stringify(e));
    else byId.set(id, e);
  }
  return [...byId.values()];
}

/** Waits until every named event arrived at least once for `token`; returns all events, deduplicated. */
export async function waitForEvents(token: string, names: string[], timeout = 15_000): Promise<any[]> {
  let last: any[] = [];
  await expect
    .poll(async () => {
      last = dedupe(events(await received({ token })));
      return names.every((n) => last.some((e) => e.event === n));
    }, { timeout, message: `waiting for events ${names.join(', ')} of ${token}` })
    .toBe(true);
  return last;
}

export const eventNames = (records: ReceivedRecord[]) => events(records).map((e) => e.event);

/** A rule of the collector's fault injection (collector/faults.mjs). */
export type FaultRule = {
  token: string;
  endpoint?: string;
  query?: Record<string, string>;
  encoding?: string;
  status?: number;
  count?: number;
  rate?: number;
  retryAfter?: number | string;
  delayMs?: number;
  drop?: boolean;
  body?: string;
};

const JSON_TYPE = { 'Content-Type': 'application/json' };

/** Queues fault rules at the collector (POST /_/faults, JSON: the collector refuses a simple POST). */
export async function fault(...rules: FaultRule[]) {
  const res = await fetch(`${collector()}/_/faults`, { method: 'POST', headers: JSON_TYPE, body: JSON.stringify(rules) });
  expect(res.status).toBe(200);
}

/** The rules left for `token`, and its ingestion requests in flight now and at most (GET /_/faults). */
export async function faultState(token: string): Promise<{ rules: any[]; inFlight: Record<string, number>; maxInFlight: Record<string, number> }> {
  return (await fetch(`${collector()}/_/faults?token=${token}`)).json();
}

/** Removes the fault rules of `token` and resets its counters (DELETE /_/faults). */
export async function clearFaults(token: string) {
  await fetch(`${collector()}/_/faults?token=${token}`, { method: 'DELETE', headers: JSON_TYPE });
}

/** Distinct events received for `token`, copies folded after checking they are byte-identical. */
export async function delivered(token: string, filter: Record<string, string> = {}) {
  return dedupe(events(await received({ token, ...filter })));
}

/** Waits until `count` distinct events of `token` arrived; returns them. */
export async function waitDelivered(token: string, count: number, timeout = 20_000, filter: Record<string, string> = {}) {
  let got: any[] = [];
  await expect.poll(async () => (got = await delivered(token, filter)).length, { timeout, message: `waiting for ${count} distinct events of ${token}` }).toBeGreaterThanOrEqual(count);
  return got;
}

/** What the page's error_reporter collected in window.__reports. */
export const reports = (page: Page): Promise<string[]> => page.evaluate(() => (window as any).__reports);

/** Fails the test on any uncaught page error; returns the list of console errors seen. */
export function watchPage(page: Page): { errors: string[]; consoleErrors: string[] } {
  const seen = { errors: [] as string[], consoleErrors: [] as string[] };
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') seen.consoleErrors.push(m.text());
  });
  return seen;
}

/** Opens a fixture page of test-e2e/pages with `setup` run inline right after the snippet. */
export async function openWithSetup<A>(page: Page, file: string, setup: (arg: A) => void, arg: A, origin = collector(), referer?: string) {
  await page.addInitScript({ content: `window.__setup = () => (${setup.toString()})(${JSON.stringify(arg)});` });
  await page.goto(`${origin}/test-e2e/pages/${file}`, referer ? { referer } : undefined);
}

export const bundleLoaded = (page: Page) => page.waitForFunction(() => !!(window as any).mixpanel && (window as any).mixpanel.__loaded === true);

/** The paths of every request the page makes from now on. */
export function requested(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (r) => paths.push(new URL(r.url()).pathname));
  return paths;
}
