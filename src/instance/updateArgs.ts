// The argument shapes that people and group updates share (Mixpanel's): `(name, value, cb)` or
// `({name: value}, cb)`, `$unset`'s names, `$union`'s lists. Their own module so Group does not
// depend on People.

import type { Instance } from './Instance';
import { sanitize, sanitizeProps } from '../payload/sanitize';
import { isObject } from '../lib/json';
import type { Callback, Properties } from '../types';

/** `(name, value, cb)` or `({name: value}, cb)` → `[{name: value}, cb]`, sanitized; an empty name only with `empty` (groups). */
export function pairs(inst: Instance, prop: unknown, to: unknown, cb: unknown, empty?: boolean): [Properties, Callback | undefined] {
  if (isObject(prop)) return [sanitizeProps(prop, inst._limits), typeof to == 'function' ? (to as Callback) : undefined];
  const out: Properties = {};
  if (typeof prop == 'string' && (prop || empty)) out[prop] = sanitize(to, inst._limits) ?? null;
  return [out, typeof cb == 'function' ? (cb as Callback) : undefined];
}

/** `$unset`'s value: the property names given (one or a list), cut to the string limit, minus `skip`. */
export const unsetNames = (inst: Instance, prop: unknown, skip: string[] = []): string[] =>
  (Array.isArray(prop) ? prop : [prop]).filter((p) => typeof p == 'string' && skip.indexOf(p) < 0).map((p: string) => p.slice(0, inst._limits._maxString));

/** `$union`'s value: every property's value as a list. */
export function asLists(v: Properties): Properties {
  for (const k in v) if (!Array.isArray(v[k])) v[k] = [v[k]];
  return v;
}
