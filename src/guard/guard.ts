// The one guard on the way to the queue and to storage. Whatever the data's origin (a caller's
// arguments in any form, a hook's result, a stored or legacy record, an adopted queue), what
// goes on is a fresh copy of its own JSON data without credentials: a key naming one is left
// out with its value, a credential-shaped string too (a list keeps its place with null).

import { isCredentialKey } from './secrets';
import { credentialValue } from './credentials.mjs';

/** Nesting no payload or record reaches; deeper (a planted record) is cut, never a stack overflow. */
const DEEPEST = 32;

export function guard(value: unknown, depth = 0): unknown {
  if (typeof value == 'string') return credentialValue(value) ? undefined : value;
  if (typeof value == 'number' || typeof value == 'boolean' || value === null) return value;
  if (typeof value != 'object' || depth > DEEPEST) return undefined;
  if (Array.isArray(value)) {
    const list: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const clean = guard(value[i], depth + 1);
      list[i] = clean === undefined ? null : clean;
    }
    return list;
  }
  const out: Record<string, unknown> = {};
  // Own keys only: an enumerable property a page added to Object.prototype is no data.
  for (const k of Object.keys(value)) {
    if (k == '__proto__' || isCredentialKey(k)) continue;
    const clean = guard((value as Record<string, unknown>)[k], depth + 1);
    if (clean !== undefined) out[k] = clean;
  }
  return out;
}
