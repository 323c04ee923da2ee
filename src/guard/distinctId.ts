// Ids Mixpanel's ingestion silently rejects or merges into one giant user, and ids shaped like a
// credential (which the guard would strip from every payload, leaving events with no id): refuse
// them early, so the visitor keeps the id they had.

import { credentialValue } from './credentials.mjs';

const REJECTED = /^(anon(ymous)?|n(il|one|ull|\/?a)|un(defined|known)|0|-1|true|false|\[\]|\{\}|0{8}(-0{4}){3}-0{12})$/i;

/** Why `id` cannot be a distinct id, or '' when it can. */
export function distinctIdProblem(id: unknown): string {
  if (typeof id != 'string' && typeof id != 'number') return 'id must be a string or number';
  const s = String(id).trim();
  if (!s) return 'id is empty';
  if (s.length > 255) return 'id is over 255 characters';
  if (REJECTED.test(s)) return `"${s}" is a placeholder id Mixpanel rejects`;
  if (!s.indexOf('$device:')) return 'id starts with "$device:"';
  if (credentialValue(s)) return 'id is shaped like a credential (a bearer token, JWT or secret key)';
  return '';
}
