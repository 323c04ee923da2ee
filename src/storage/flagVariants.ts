// Variants kept between visits, as mixpanel-browser 2.84 keeps them (the `flags.persistence`
// config): one IndexedDB record per project, under upstream's database, store and key names and
// in its shape, so a site that switches libraries keeps its visitors' variants. The record holds
// the visitor's distinct_id and is used only for that same visitor, and only while younger than
// the TTL. Every IndexedDB failure reads as "nothing stored"; none is thrown.

import type { FlagsVariant } from '../types/flags';

const DB = 'mixpanelFlagsDb';
const STORE = 'mixpanelFlags';
const DAY_MS = 24 * 60 * 60 * 1000;
const POLICIES = ['networkOnly', 'networkFirst', 'persistenceUntilNetworkSuccess'];

export type Policy = 'networkOnly' | 'networkFirst' | 'persistenceUntilNetworkSuccess';

/** What a visit finds stored: the variants (marked as from persistence) and the pending first-time events. */
export interface Stored {
  flags: Map<string, FlagsVariant>;
  pending: Record<string, any>;
  at: number;
  ttl: number;
}

/** The policy in force: networkOnly unless the config names a valid one (and persistence is allowed). */
export function policyOf(cfg: Record<string, any>, report: (message: string) => void): { policy: Policy; ttl: number } {
  const f = cfg.flags;
  const p = f && typeof f == 'object' ? f.persistence : null;
  if (!p || typeof p != 'object') return { policy: 'networkOnly', ttl: DAY_MS };
  const ttl = p.persistenceTtlMs;
  if (POLICIES.indexOf(p.variantLookupPolicy) < 0) {
    report('flags.persistence: variantLookupPolicy must be networkOnly, networkFirst or persistenceUntilNetworkSuccess; variants are not kept');
    return { policy: 'networkOnly', ttl: DAY_MS };
  }
  if (ttl != null && !(ttl > 0)) {
    report('flags.persistence: persistenceTtlMs must be a positive number of milliseconds; variants are not kept');
    return { policy: 'networkOnly', ttl: DAY_MS };
  }
  return { policy: cfg.disable_persistence ? 'networkOnly' : p.variantLookupPolicy, ttl: ttl == null ? DAY_MS : ttl };
}

/** One request on the store, as a promise (rejected on any failure, the caller treats it as nothing). */
function onStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => {
      if (!open.result.objectStoreNames.contains(STORE)) open.result.createObjectStore(STORE);
    };
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      try {
        const tx = db.transaction(STORE, mode);
        const req = run(tx.objectStore(STORE));
        tx.oncomplete = () => (db.close(), resolve(req.result));
        tx.onabort = tx.onerror = () => (db.close(), reject(tx.error));
      } catch (e) {
        db.close();
        reject(e);
      }
    };
  });
}

const keyOf = (token: string) => 'persisted_variants_for_' + token;

/** Removes the project's stored variants (reset(), another visitor, networkOnly). Never rejects. */
export const clearStored = (token: string): Promise<void> =>
  onStore('readwrite', (s) => s.delete(keyOf(token))).then(
    () => undefined,
    () => undefined,
  );

/** The stored variants for this context's visitor, or null (none, too old, another visitor's: then cleared). */
export function loadStored(token: string, context: Record<string, unknown>, ttl: number): Promise<Stored | null> {
  return onStore('readonly', (s) => s.get(keyOf(token))).then(
    (data: any) => {
      if (!data || typeof data != 'object') return null;
      if (Date.now() - data.persistedAt >= ttl) return null;
      if (data.distinctId !== context.distinct_id) return clearStored(token).then(() => null);
      const flags = new Map<string, FlagsVariant>();
      const kept = data.flagVariants && typeof data.flagVariants == 'object' ? data.flagVariants : {};
      for (const key of Object.keys(kept)) {
        const v = kept[key] || {};
        flags.set(key, {
          key: v.variant_key,
          value: v.variant_value,
          experiment_id: v.experiment_id,
          is_experiment_active: v.is_experiment_active,
          is_qa_tester: v.is_qa_tester,
          variant_source: 'persistence',
          persisted_at_in_ms: data.persistedAt,
          ttl_in_ms: ttl,
        } as FlagsVariant);
      }
      const pending = data.pendingFirstTimeEvents && typeof data.pendingFirstTimeEvents == 'object' ? data.pendingFirstTimeEvents : {};
      return { flags, pending, at: data.persistedAt, ttl };
    },
    () => clearStored(token).then(() => null),
  );
}

/** Keeps the variants a fetch brought (and the pending first-time events), for this context's visitor. */
export function saveStored(token: string, context: Record<string, unknown>, flags: Map<string, FlagsVariant>, pending: Record<string, any>): Promise<void> {
  const flagVariants: Record<string, object> = {};
  flags.forEach((v, key) => {
    flagVariants[key] = { variant_key: v.key, variant_value: v.value, experiment_id: v.experiment_id, is_experiment_active: v.is_experiment_active, is_qa_tester: v.is_qa_tester };
  });
  const data = { persistedAt: Date.now(), distinctId: context.distinct_id, context, flagVariants, pendingFirstTimeEvents: pending };
  return onStore('readwrite', (s) => s.put(data, keyOf(token))).then(
    () => undefined,
    () => undefined,
  );
}
