// What to do with each reply (the wire contract's table) and how long to wait before a retry.

import type { Reply } from './transport';

export const DONE = 0;
export const DROP = 1;
export const SPLIT = 2;
export const RETRY = 3;

export function verdict(r: Reply): number {
  if (r._ok) return DONE;
  if (r._status == 413) return SPLIT;
  if (r._status == 0 || r._status == 429 || r._status >= 500) return RETRY;
  // 200 with status 0, 400 and every other 4xx: invalid data that a retry would not fix.
  return DROP;
}

const BASE_MS = 2000;
const CAP_MS = 60000;

/** Full jitter over 2 s · 2^attempt (capped at 60 s), never sooner than the server asked. */
export const backoff = (attempt: number, retryAfter?: number): number =>
  Math.max(retryAfter || 0, Math.random() * Math.min(CAP_MS, BASE_MS * 2 ** attempt));
