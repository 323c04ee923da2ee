// Backoff shared through storage: after a failure every tab of the origin waits, not only the one
// that saw it. Queues kept in memory only share nothing (their key is '').

import { localGet, localSet, localRemove } from '../lib/localStore';

/** The storage key where tabs share the backoff of requests to `url` (without its query). */
export const backoffKey = (url: string): string => '__tkb' + url;

/** When another tab said to retry (0: no wait known). */
export const sharedRetryAt = (key: string): number => (key && Number(localGet(key))) || 0;

export function shareRetryAt(key: string, at: number): void {
  if (key) localSet(key, '' + at);
}

export function clearSharedRetry(key: string): void {
  if (key) localRemove(key);
}
