// localStorage behind a shield: the getter throws in sandboxed frames and with cookies blocked,
// writes throw when the quota is full, and there is no window under server-side rendering.
// Every call answers instead of throwing.

import { win, attempt } from './env';

export const localGet = (key: string): string | null => attempt(() => win()!.localStorage.getItem(key), null);

/** Returns false when the value could not be written (no storage, quota exceeded). */
export const localSet = (key: string, value: string): boolean =>
  attempt(() => (win()!.localStorage.setItem(key, value), true), false);

export const localRemove = (key: string): void => attempt(() => win()!.localStorage.removeItem(key), undefined);
