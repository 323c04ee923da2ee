// Small helpers for plain-object data that came from storage or from the caller.

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v == 'object' && v !== null && !Array.isArray(v);

/** `JSON.parse` that answers undefined instead of throwing. */
export function parseJSON(text: string | null | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Own enumerable entries, minus the key that would rewrite a prototype on assignment. */
export function safeAssign(target: Record<string, unknown>, ...sources: unknown[]): Record<string, unknown> {
  for (const src of sources) {
    if (!isObject(src)) continue;
    for (const k in src) {
      if (k != '__proto__' && Object.prototype.hasOwnProperty.call(src, k)) target[k] = src[k];
    }
  }
  return target;
}
