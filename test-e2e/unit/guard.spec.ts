// The token-only rule and the id rules, as pure functions.
import { test, expect } from '@playwright/test';
import { withoutSecrets, tokenProblem, isCredentialKey } from '../../src/guard/secrets';
import { distinctIdProblem } from '../../src/guard/distinctId';
import { mergeConfig, DEFAULTS } from '../../src/guard/config';

const quiet = { error_reporter: () => {} };

test('credential keys are recognized however they are spelled', () => {
  for (const k of ['api_secret', 'apiSecret', 'API-SECRET', 'secret', 'password', 'passwd', 'api_key', 'apiKey', 'Authorization', 'bearer_token', 'service_account', 'serviceAccount', 'client_secret', 'private_key', 'access_token', 'refresh_token', 'id_token', 'api_token', 'pwd', 'passphrase', 'oauthToken'])
    expect(isCredentialKey(k), k).toBe(true);
  for (const k of ['token', 'api_host', 'secure_cookie', 'cookie_domain', 'persistence_name', 'opt_out_tracking_cookie_prefix', 'track_pageview', 'batch_size'])
    expect(isCredentialKey(k), k).toBe(false);
});

test('withoutSecrets drops credentials at any depth and in header maps, keeps the rest', async () => {
  const messages: string[] = [];
  const target = { error_reporter: (m: string) => messages.push(m) };
  const out = withoutSecrets(
    { api_host: 'https://u:p@proxy.example/x', batch_size: 10, api_secret: 's', xhr_headers: { Authorization: 'x', 'X-Ok': 'fine', 'X-Token': 'Bearer abc' }, hooks: { before_track: () => null }, nested: { deeper: { password: 'p', keep: 1 } } },
    target,
  );
  // A host carrying a credential is refused whole: the default host stays.
  expect(out).toEqual({ batch_size: 10, xhr_headers: { 'X-Ok': 'fine' }, hooks: out.hooks, nested: { deeper: { keep: 1 } } });
  expect(typeof (out.hooks as any).before_track).toBe('function');
  // Each report names the key: in its sentence ('config "api_secret" refused ...') once the
  // messages module is here (an earlier test of this worker may have loaded it, and then the
  // reports wait for it), else after the code and its docs link ('47 https://... api_secret').
  await expect.poll(() => messages.length, { timeout: 5000 }).toBe(5);
  expect(messages.map((m) => (m.match(/"([^"]+)"/) || m.split(' '))[m.startsWith('config') ? 1 : 2]).sort()).toEqual(['api_host', 'api_secret', 'nested.deeper.password', 'xhr_headers.Authorization', 'xhr_headers.X-Token'].sort());
});

test('mergeConfig keeps defaults, refuses token changes and never lets __proto__ through', () => {
  const base = mergeConfig({ ...DEFAULTS, token: 't1' }, { batch_size: 5 }, quiet);
  expect(base.batch_size).toBe(5);
  expect(base.api_host).toBe('https://api-js.mixpanel.com');
  const next = mergeConfig(base, JSON.parse('{"token":"t2","__proto__":{"polluted":true}}'), quiet);
  expect(next.token).toBe('t1');
  expect(({} as any).polluted).toBeUndefined();
  expect((next as any).polluted).toBeUndefined();
});

test('tokens: public project tokens pass, credential-shaped values do not', () => {
  expect(tokenProblem('0123456789abcdef0123456789abcdef')).toBe(0);
  for (const bad of ['', ' ', 'user:secret', 'Basic dXNlcjpwYXNz', 'Bearer abc', 'two words', null, 42, undefined]) expect(tokenProblem(bad), String(bad)).toBeGreaterThan(0);
});

test("distinct ids Mixpanel rejects are refused", () => {
  for (const ok of ['user-1', 'ada@example.com', 12345]) expect(distinctIdProblem(ok)).toBe(0);
  for (const bad of ['', 'null', 'undefined', 'Anonymous', '0', '-1', '[]', '{}', 'x'.repeat(256), '$device:abc', '00000000-0000-0000-0000-000000000000', {}, null])
    expect(distinctIdProblem(bad), String(bad)).toBeGreaterThan(0);
});
