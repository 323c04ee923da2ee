// Ids Mixpanel's ingestion silently rejects or merges into one giant user, and ids shaped like a
// credential (which the guard would strip from every payload, leaving events with no id): refuse
// them early, so the visitor keeps the id they had.

import { credentialValue } from './credentials.mjs';

const REJECTED = /^(anon(ymous)?|n(il|one|ull|\/?a)|un(defined|known)|0|-1|true|false|\[\]|\{\}|0{8}(-0{4}){3}-0{12})$/i;

/** Why `id` cannot be a distinct id (a code of docs/messages.md, 14-19), or 0 when it can. */
export function distinctIdProblem(id: unknown): number {
  if (typeof id != 'string' && typeof id != 'number') return 14;
  const s = String(id).trim();
  if (!s) return 15;
  if (s.length > 255) return 16;
  if (REJECTED.test(s)) return 17;
  if (!s.indexOf('$device:')) return 18;
  if (credentialValue(s)) return 19;
  return 0;
}
