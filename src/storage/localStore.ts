// localStorage behind a shield: the getter throws in sandboxed frames and with cookies blocked,
// writes throw when the quota is full. Every call answers instead of throwing.

import { win, attempt } from '../lib/env';

const area = (): Storage | null => attempt(() => (win() ? win()!.localStorage : null), null);

export const localGet = (key: string): string | null => attempt(() => area()!.getItem(key), null);

/** Returns false when the value could not be written (no storage, quota exceeded). */
export const localSet = (key: string, value: string): boolean =>
  attempt(() => (area()!.setItem(key, value), true), false);

export const localRemove = (key: string): void => attempt(() => area()!.removeItem(key), undefined);

/** Whether values written now can be read back. */
export function localUsable(): boolean {
  const key = '__tk_probe';
  const ok = localSet(key, '1') && localGet(key) == '1';
  localRemove(key);
  return ok;
}
