// Small helpers for plain-object data that came from storage or from the caller.

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v == 'object' && v !== null && !Array.isArray(v);

/** Whether `key` is `o`'s own (not one a page added to Object.prototype, nor `toString`). */
export const own = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** `JSON.parse` that answers undefined instead of throwing. */
export function parseJSON(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * `JSON.stringify` of plain data that a page's `toJSON` on Array or Object prototypes (old
 * Prototype.js) cannot change: written here then, by the same rules. toJSON is never looked up
 * on strings, numbers and booleans.
 */
export function stringify(value: unknown): string {
  if (!('toJSON' in [])) return JSON.stringify(value);
  if (Array.isArray(value)) {
    let s = '';
    for (let i = 0; i < value.length; i++) s += (i ? ',' : '') + (stringify(value[i]) || 'null');
    return '[' + s + ']';
  }
  if (!isObject(value)) return JSON.stringify(value);
  let s = '';
  for (const k of Object.keys(value)) {
    const v = stringify(value[k]);
    if (v !== undefined) s += (s ? ',' : '') + JSON.stringify(k) + ':' + v;
  }
  return '{' + s + '}';
}

/**
 * Sets `values`' own entries on `target` (never `__proto__`); with `once`, keeps those already
 * there unless equal to `dflt`. True when something changed: an unchanged primitive is no change
 * (track() re-registers page-derived values; the record is not rewritten for them).
 */
export function putProps(target: Record<string, unknown>, values: Record<string, unknown>, once?: boolean, dflt?: unknown): boolean {
  let changed = false;
  for (const k of Object.keys(values)) {
    if (k == '__proto__') continue;
    if (once && own(target, k) && target[k] !== dflt) continue;
    if (target[k] === values[k] && (typeof values[k] != 'object' || values[k] === null)) continue;
    target[k] = values[k];
    changed = true;
  }
  return changed;
}

/** Own enumerable entries, minus the key that would rewrite a prototype on assignment. */
export function safeAssign(target: Record<string, unknown>, ...sources: unknown[]): Record<string, unknown> {
  for (const src of sources) {
    if (!isObject(src)) continue;
    for (const k of Object.keys(src)) if (k != '__proto__') target[k] = src[k];
  }
  return target;
}
