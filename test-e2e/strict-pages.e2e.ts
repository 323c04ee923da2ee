// Strict pages: a nonce-based CSP (with and without 'strict-dynamic') and enforced Trusted
// Types. The snippet hands its nonce to the bundle and vouches for its one URL; nothing else
// in tracklet needs a policy. No violation may be reported.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { collector, uniqueToken, waitForRecords, eventNames, watchPage, openWithSetup, bundleLoaded } from './support/collector';

declare const mixpanel: any;

for (const kind of ['nonce', 'strict-dynamic', 'trusted-types']) {
  test(`tracks under a strict CSP (${kind}) with zero violation reports`, async ({ page }) => {
    const seen = watchPage(page);
    const token = uniqueToken('csp');
    const response = page.waitForResponse((r) => r.url().includes(`csp.html?variant=${kind}`));
    await openWithSetup(
      page,
      `csp.html?variant=${kind}`,
      ({ token, api }) => {
        mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 });
        mixpanel.track('strict page view');
        mixpanel.identify('csp-user');
        mixpanel.people.set({ strict: true });
        mixpanel.get_group('org', 'o1').set({ strict: true });
      },
      { token, api: collector() },
    );
    const csp = (await response).headers()['content-security-policy'];
    expect(csp).toContain("script-src 'nonce-");
    await bundleLoaded(page);
    // 2 events, the profile $set and the first-referrer $set_once, 1 group update.
    const records = await waitForRecords({ token }, 5);
    expect(eventNames(records)).toEqual(['$identify', 'strict page view']);
    expect(records.map((r) => r.endpoint).sort()).toEqual(['engage', 'engage', 'groups', 'track', 'track']);
    await page.evaluate(() => mixpanel.flush());
    expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
    expect(seen.errors).toEqual([]);
  });
}

test('control: the violation listener does catch what the policy blocks', async ({ page }) => {
  await openWithSetup(page, 'csp.html?variant=trusted-types', () => {
    try {
      document.body.innerHTML = '<b>x</b>'; // a Trusted Types sink: must be refused
    } catch {
      // refused by the browser, as expected
    }
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true'; // an inline script without the nonce
    document.head.appendChild(s);
  }, null);
  await expect.poll(() => page.evaluate(() => (window as any).__violations.length)).toBeGreaterThanOrEqual(1);
});

test("the snippet's `tracklet` policy vouches for the bundle's folder only: no dot-dot escape, encoded or not", async ({ page }) => {
  // The policy waits on the stub (window.mixpanel._tt) until the bundle takes it: any script of
  // the page can ask it, so it must not vouch for a URL that climbs to another package on the CDN.
  await openWithSetup(page, 'csp.html?variant=trusted-types', () => {
    const policy = (window as any).mixpanel._tt;
    // Raw strings, as an attacker would pass them: the browser resolves the dots only at the sink.
    const ask = (u: string) => String(policy.createScriptURL(location.origin + u));
    (window as any).__vouched = ['/dist/tracklet-flags.min.js', '/dist/../x.js', '/dist/%2e%2e/x.js', '/dist/.%2E/x.js', '/dist/%2E./x.js', '/elsewhere/x.js'].map(ask);
  }, null);
  const vouched: string[] = await page.evaluate(() => (window as any).__vouched);
  expect(vouched[0]).toMatch(/\/dist\/tracklet-flags\.min\.js$/);
  expect(vouched.slice(1)).toEqual(['', '', '', '', '']);
});

test('nothing that ships uses eval, new Function, innerHTML, outerHTML, insertAdjacentHTML or document.write', () => {
  for (const file of ['dist/snippet.min.js', 'dist/tracklet.min.js', 'dist/tracklet.mjs', 'dist/tracklet.cjs']) {
    const code = readFileSync(file, 'utf8');
    for (const banned of [/\beval\s*\(/, /\bnew\s+Function\b/, /\bFunction\s*\(/, /\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /document\.write/, /\bsetTimeout\(\s*["'`]/])
      expect(code, `${file} contains ${banned}`).not.toMatch(banned);
  }
});
