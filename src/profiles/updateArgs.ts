// The argument shapes that people and group updates share (Mixpanel's): `(name, value, cb)` or
// `({name: value}, cb)`, `$unset`'s names, `$union`'s lists. Their own module so Group does not
// depend on People.

import { sanitizeProps, type Limits } from '../payload/sanitize';
import { isObject } from '../lib/json';
import type { Callback, Properties } from '../types';

/**
 * `(name, value, cb)` or `({name: value}, cb)` → `[{name: value}, cb]`, sanitized: both forms are
 * one properties object to the guard. An empty name only with `empty` (groups).
 */
export function pairs(inst: { _limits: Limits }, prop: unknown, to: unknown, cb: unknown, empty?: boolean): [Properties, Callback | undefined] {
  const named = !isObject(prop);
  // A computed key is an own property even when named `__proto__`, which the guard then leaves out.
  const props = named ? (typeof prop == 'string' && (prop || empty) ? { [prop]: to === undefined ? null : to } : {}) : prop;
  const callback = named ? cb : to;
  return [sanitizeProps(props, inst._limits), typeof callback == 'function' ? (callback as Callback) : undefined];
}

/** `$unset`'s value: the property names given (one or a list), cut to the string limit, minus `skip`. */
export const unsetNames = (inst: { _limits: Limits }, prop: unknown, skip: string[] = []): string[] =>
  (Array.isArray(prop) ? prop : [prop]).filter((p) => typeof p == 'string' && skip.indexOf(p) < 0).map((p: string) => p.slice(0, inst._limits._maxString));

/** `$union`'s value: every property's value as a list. */
export function asLists(v: Properties): Properties {
  for (const k of Object.keys(v)) if (!Array.isArray(v[k])) v[k] = [v[k]];
  return v;
}
