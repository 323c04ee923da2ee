// How the token-only rule (credentials.mjs) applies to configuration: a key that names a
// credential is refused wherever it appears (config, nested options, headers) and its value is
// dropped, never kept, stored or sent; so is a host that carries a credential.

import { credentialName, credentialValue, credentialHeader, hostProblem } from './credentials.mjs';
import { warn, type ReportTarget } from '../lib/report';
import { isObject } from '../lib/json';

export { tokenProblem } from './credentials.mjs';

/** Answers already given (track() sees the same property names on every call); bounded. */
let known: Record<string, boolean> = {};
let knownCount = 0;

export function isCredentialKey(key: string): boolean {
  let hit = known[key];
  if (typeof hit != 'boolean') {
    if (++knownCount > 1000) {
      known = {};
      knownCount = 1;
    }
    hit = known[key] = credentialName(key);
  }
  return hit;
}

/**
 * A copy of `config` without credentials. Nested objects are copied and cleaned too, whatever
 * their prototype or realm; header maps also lose `Authorization`-like headers and
 * credential-looking values. A host (or route) carrying `user:pass@` or a credential in its
 * query is refused, so the default stays.
 */
export function withoutSecrets(config: unknown, target: ReportTarget, path = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isObject(config)) return out;
  const headers = /headers$/i.test(path);
  for (const key of Object.keys(config)) {
    if (key == '__proto__') continue;
    const where = path ? `${path}.${key}` : key;
    const value = config[key];
    let why: [number, string?] | undefined;
    if (isCredentialKey(key) || (typeof value == 'string' && credentialValue(value)) || (headers && credentialHeader(key, value))) why = [47];
    else if (typeof value == 'string' && /host|route/i.test(where)) why = hostProblem(value);
    if (why) {
      warn(target, why[0], [where, why[1]]);
      continue;
    }
    // Every object is copied (a class instance or another window's object too), except a DOM
    // element (autotrack_root) and the hooks (functions, kept as they are).
    const walk = isObject(value) && typeof value.nodeType != 'number' && key != 'hooks';
    out[key] = walk ? withoutSecrets(value, target, where) : value;
  }
  return out;
}
