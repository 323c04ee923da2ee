// The token-only rule, in one place. tracklet handles the public project token and nothing
// else: a key that names a credential is refused wherever it appears (config, nested options,
// headers, event and profile properties) and its value is dropped, never kept, stored or sent.

import { warn, type ReportTarget } from '../lib/report';
import { isObject } from '../lib/json';

/**
 * What counts as a credential's name, matched against the key lower-cased with every
 * non-alphanumeric removed (so `api_secret`, `apiSecret` and `API-Secret` are one name).
 */
const CREDENTIAL_NAME = /secret|passw(or)?d|apikey|authori[sz]ation|bearer|credential|serviceaccount|privatekey|accesstoken|authtoken|sessiontoken/;

/** Header values that are credentials whatever the header is called. */
const CREDENTIAL_VALUE = /^\s*(basic|bearer|token|digest)\s+\S/i;

/** Answers already given (track() sees the same property names on every call); bounded. */
let known: Record<string, boolean> = {};
let knownCount = 0;

export function isCredentialKey(key: string): boolean {
  let hit = known[key];
  if (typeof hit != 'boolean') {
    if (++knownCount > 1000) (known = {}), (knownCount = 1);
    hit = known[key] = CREDENTIAL_NAME.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
  }
  return hit;
}

const refuse = (target: ReportTarget, path: string): void =>
  warn(target, `config "${path}" refused: secrets stay on your server`);

/**
 * A copy of `config` without credentials. Nested plain objects are cleaned too; header maps
 * also lose `Authorization`-like headers and credential-looking values. Hosts lose `user:pass@`.
 */
export function withoutSecrets(config: unknown, target: ReportTarget, path = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isObject(config)) return out;
  const headers = /headers$/i.test(path);
  for (const key of Object.keys(config)) {
    if (key == '__proto__') continue;
    const where = path ? `${path}.${key}` : key;
    let value = config[key];
    if (isCredentialKey(key) || (headers && (/^(cookie|proxy-authorization|x-api-key|api-key)$/i.test(key) || (typeof value == 'string' && CREDENTIAL_VALUE.test(value))))) {
      refuse(target, where);
      continue;
    }
    if (typeof value == 'string' && /host/i.test(key) && /^[a-z]+:\/\/[^/?#]*@/i.test(value)) {
      refuse(target, where + ' (user:password@ in the URL)');
      value = value.replace(/\/\/[^/?#]*@/, '//');
    }
    // Only plain objects are walked: an element (autotrack_root) or a function stays as it is.
    const plain = isObject(value) && [Object.prototype, null].indexOf(Object.getPrototypeOf(value)) >= 0;
    out[key] = plain && key != 'hooks' ? withoutSecrets(value, target, where) : value;
  }
  return out;
}

/** Why `token` is not a usable public project token, or '' when it is. */
export function tokenProblem(token: unknown): string {
  if (typeof token != 'string' || !token) return 'token must be a non-empty string';
  if (/\s|:/.test(token) || CREDENTIAL_VALUE.test(token)) return 'token looks like a credential (space, ":" or auth scheme), not a public project token';
  return '';
}
