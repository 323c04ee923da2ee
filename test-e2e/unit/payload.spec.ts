// Pure payload helpers: sanitizing, default properties, campaign parameters, encoding, retry rules.
import { test, expect } from '@playwright/test';
import { sanitize, sanitizeProps } from '../../src/payload/sanitize';
import { browserOf } from '../../src/payload/defaultProperties';
import { campaignParams } from '../../src/payload/campaign';
import { encodeJson } from '../../src/delivery/encode';
import { verdict, backoff, DONE, DROP, SPLIT, RETRY } from '../../src/delivery/retry';
import { parseRetryAfter } from '../../src/delivery/transport';

const limits = { _maxString: 255 };

test('sanitize makes any value JSON-safe without mutating it', () => {
  const input: any = { s: 'x'.repeat(300), d: new Date(Date.UTC(2020, 1, 3, 4, 5, 6)), bad: new Date(NaN), inf: Infinity, big: 2n ** 70n, fn: () => 1, sym: Symbol('s'), und: undefined, m: new Map([['k', 1]]), set: new Set([1, 2]), arr: [1, undefined, () => 1], deep: { a: { b: { c: { d: 1 } } } } };
  input.cycle = input;
  const copy = JSON.stringify(Object.keys(input));
  const out: any = sanitize(input, limits);
  expect(JSON.stringify(Object.keys(input))).toBe(copy);
  expect(out.s).toHaveLength(255);
  expect(out.d).toBe('2020-02-03T04:05:06');
  expect(out.bad).toBeNull();
  expect(out.inf).toBeNull();
  expect(out.big).toBe('1180591620717411303424');
  expect(out.m).toEqual({ k: 1 });
  expect(out.set).toEqual([1, 2]);
  expect(out.arr).toEqual([1, null, null]);
  // At most three levels of objects below a property: the fourth is cut.
  expect(out.deep).toEqual({ a: { b: {} } });
  for (const k of ['fn', 'sym', 'und', 'cycle']) expect(k in out).toBe(false);
  expect(() => JSON.stringify(out)).not.toThrow();
});

test('sanitize caps properties and list lengths, and strips __proto__ and credentials', () => {
  const many = Object.fromEntries(Array.from({ length: 400 }, (_, i) => ['k' + i, i]));
  expect(Object.keys(sanitizeProps(many, limits))).toHaveLength(255);
  expect((sanitize(Array.from({ length: 400 }, (_, i) => i), limits) as unknown[]).length).toBe(255);
  const removed: string[] = [];
  const out = sanitizeProps(JSON.parse('{"__proto__":{"x":1},"password":"p","ok":1}'), { ...limits, _onCredential: (k) => removed.push(k) });
  expect(out).toEqual({ ok: 1 });
  expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  expect(removed).toEqual(['password']);
  expect(sanitizeProps('nope', limits)).toEqual({});
  expect(sanitizeProps([1, 2], limits)).toEqual({});
});

test('browser detection matches Mixpanel’s names and versions', () => {
  const cases: [string, string, string, number | null][] = [
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36', 'Google Inc.', 'Chrome', 156],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.8078.73 Safari/537.36', 'Google Inc.', 'Chrome', 156],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0.2210.91', 'Google Inc.', 'Microsoft Edge', 120],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15', 'Apple Computer, Inc.', 'Safari', 17.1],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1', 'Apple Computer, Inc.', 'Mobile Safari', 17.1],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', '', 'Firefox', 128],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 OPR/105.0.0.0', 'Google Inc.', 'Opera', 105],
  ];
  for (const [ua, vendor, name, version] of cases) expect(browserOf(ua, vendor), ua).toEqual([name, version]);
});

test('campaign parameters come from the query string only', () => {
  expect(campaignParams('https://x.test/p?utm_source=news&utm_medium=email&gclid=abc&other=1#utm_term=no')).toEqual({ utm_source: 'news', utm_medium: 'email', gclid: 'abc' });
  expect(campaignParams('https://x.test/p')).toEqual({});
});

test('bodies are data=<url-encoded JSON or base64 JSON>', () => {
  const items = [{ event: 'é ✓', properties: { token: 't' } }];
  const json = encodeJson(JSON.stringify(items), 'json');
  expect(JSON.parse(decodeURIComponent(json.slice(5)))).toEqual(items);
  const b64 = encodeJson(JSON.stringify(items), 'base64');
  expect(JSON.parse(Buffer.from(decodeURIComponent(b64.slice(5)), 'base64').toString('utf8'))).toEqual(items);
});

test('replies map to the wire contract’s actions; backoff is jittered, capped and honours Retry-After', () => {
  expect(verdict({ _status: 200, _ok: true })).toBe(DONE);
  expect(verdict({ _status: 200, _ok: false })).toBe(DROP);
  expect(verdict({ _status: 400, _ok: false })).toBe(DROP);
  expect(verdict({ _status: 413, _ok: false })).toBe(SPLIT);
  for (const s of [0, 429, 500, 502, 503, 504]) expect(verdict({ _status: s, _ok: false })).toBe(RETRY);
  for (let attempt = 0; attempt < 10; attempt++) {
    for (let i = 0; i < 50; i++) {
      const ms = backoff(attempt);
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual(Math.min(60000, 2000 * 2 ** attempt));
    }
  }
  expect(backoff(0, 30000)).toBeGreaterThanOrEqual(30000);
  expect(parseRetryAfter('7')).toBe(7000);
  expect(parseRetryAfter(null)).toBeUndefined();
  expect(parseRetryAfter('garbage')).toBeUndefined();
});

test('a payload stays under the server’s 1 MB event limit whatever the nesting', () => {
  const row = Object.fromEntries(Array.from({ length: 255 }, (_, i) => ['k' + i, 'v'.repeat(255)]));
  const huge = { a: Array.from({ length: 255 }, () => ({ b: row })) };
  const out = sanitizeProps(huge, { _maxString: 255 });
  const size = JSON.stringify(out).length;
  expect(size).toBeLessThan(1_000_000);
  expect(size).toBeGreaterThan(250_000); // what fits is kept
});
