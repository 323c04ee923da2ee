// Caller values → JSON the server accepts, without touching the caller's objects.
// Limits follow the wire contract: strings truncated (255 by default), fewer than 255
// properties per object and elements per list, nesting at most 3 levels below a property.

import { isCredentialKey } from '../guard/secrets';
import { credentialValue } from '../guard/credentials.mjs';
import { isObject } from '../lib/json';

export interface Limits {
  /** Longest string kept. */
  _maxString: number;
  /** Called with a property key that was removed because it names a credential. */
  _onCredential?: (key: string) => void;
  /** Characters spent so far on this payload (see `EVENT_BUDGET`). */
  _used?: number;
}

const MAX_KEYS = 255;
const MAX_ITEMS = 255;
const MAX_DEPTH = 3;
/**
 * The server refuses events of 1 MB or more. Every limit above can still multiply into that
 * (255 × 255 × 255 strings), so a running count of JSON characters stops adding values past
 * this budget: what fits is kept, the rest is left out.
 */
const EVENT_BUDGET = 900_000;
const spend = (limits: Limits, n: number): boolean => (limits._used = (limits._used || 0) + n) <= EVENT_BUDGET;

/** Mixpanel's date format: ISO 8601 in UTC without milliseconds or zone. */
const formatDate = (d: Date): string | null => (isNaN(+d) ? null : d.toISOString().slice(0, 19));

/**
 * A JSON-safe copy of `value`, or `undefined` when nothing of it can be sent (functions,
 * symbols, windows). Cycles are cut, Dates become ISO strings, Maps objects, Sets lists,
 * BigInts strings, non-finite numbers null, DOM nodes a short description.
 */
export function sanitize(value: unknown, limits: Limits, depth = 0, seen: unknown[] = []): unknown {
  switch (typeof value) {
    case 'string': {
      // A credential-shaped value ("Bearer ...", a JWT) is no data, whatever its key.
      if (credentialValue(value)) return undefined;
      const str = value.length > limits._maxString ? value.slice(0, limits._maxString) : value;
      // Escapes can triple a character's JSON length.
      return spend(limits, str.length * 3 + 3) ? str : undefined;
    }
    case 'number':
      return isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return String(value);
    case 'object':
      break;
    default:
      return undefined; // undefined, function, symbol
  }
  if (value === null) return null;
  if (seen.indexOf(value) >= 0 || depth > MAX_DEPTH) return undefined;
  seen.push(value);
  let out: unknown;
  try {
    out = sanitizeObject(value as Record<string, unknown>, limits, depth, seen);
  } catch {
    out = undefined; // a throwing getter or a revoked Proxy: nothing of it can be read safely
  }
  seen.pop();
  return out;
}

function sanitizeObject(v: Record<string, unknown> & { nodeType?: unknown; nodeName?: unknown; window?: unknown }, limits: Limits, depth: number, seen: unknown[]): unknown {
  if (v instanceof Date) return formatDate(v);
  if (v.window === v) return undefined; // a Window: nothing meaningful to send
  if (typeof v.nodeType == 'number' && typeof v.nodeName == 'string') {
    const el = v as unknown as Element;
    return (el.nodeName.toLowerCase() + (el.id ? '#' + el.id : '')).slice(0, limits._maxString);
  }
  if (Array.isArray(v) || v instanceof Set) {
    const list: unknown[] = [];
    for (const item of v as Iterable<unknown>) {
      if (list.length >= MAX_ITEMS) break;
      const clean = sanitize(item, limits, depth + 1, seen);
      list.push(clean === undefined ? null : clean);
    }
    return list;
  }
  const map = v instanceof Map;
  // A Map's entries, or an object's own keys read one by one (no pair arrays: track() walks
  // the caller's properties on every call).
  const keys: unknown[] = map ? [...(v as Map<unknown, unknown>).keys()] : Object.keys(v);
  const obj: Record<string, unknown> = {};
  let count = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = String(keys[i]);
    if (key == '__proto__') continue;
    if (isCredentialKey(key)) {
      if (limits._onCredential) limits._onCredential(key);
      continue;
    }
    if (!spend(limits, key.length * 3 + 8)) break;
    const clean = sanitize(map ? (v as Map<unknown, unknown>).get(keys[i]) : v[key], limits, depth + 1, seen);
    if (clean === undefined) continue;
    if (count++ >= MAX_KEYS) break;
    obj[key] = clean;
  }
  return obj;
}

/** `sanitize` for a properties argument: always a fresh plain object. */
export function sanitizeProps(props: unknown, limits: Limits): Record<string, unknown> {
  limits._used = 0;
  const clean = isObject(props) && sanitize(props, limits);
  // A DOM node or a Date where properties belong sanitizes to a string: no properties then.
  return isObject(clean) ? clean : {};
}
