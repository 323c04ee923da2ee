// Feature flags (`instance.flags`, the `flags` config): the shapes of mixpanel-browser 2.84, so
// code written against its types compiles against tracklet's.

import type { Dict } from './base';

/** Where a variant came from; `'fallback'` is the caller's own fallback. */
export type FlagsVariantSource = 'network' | 'persistence' | 'fallback';

/** Why the fallback was returned (only with `variant_source: 'fallback'`). */
export type FlagsFallbackReason = 'FLAG_NOT_FOUND' | 'NOT_READY' | 'BACKEND_ERROR';

/** One flag's variant: its key and value, with the experiment it belongs to if any. */
export interface FlagsVariant {
  key: string;
  value: any;
  experiment_id?: string;
  is_experiment_active?: boolean;
  is_qa_tester?: boolean;
  variant_source?: FlagsVariantSource;
  fallback_reason?: FlagsFallbackReason;
  persisted_at_in_ms?: number;
}

/** `update_context(context, { replace: true })` replaces the context instead of merging into it. */
export interface FlagsUpdateContextOptions {
  replace?: boolean;
}

/** Variants come from the network only (the default). */
export interface NetworkOnlyFlagsPolicy {
  variantLookupPolicy: 'networkOnly';
}

/** The network first; stored variants (younger than `persistenceTtlMs`) when it fails. */
export interface NetworkFirstFlagsPolicy {
  variantLookupPolicy: 'networkFirst';
  persistenceTtlMs?: number;
}

/** Stored variants at once, replaced by the network's once a fetch succeeded. */
export interface PersistenceUntilNetworkSuccessFlagsPolicy {
  variantLookupPolicy: 'persistenceUntilNetworkSuccess';
  persistenceTtlMs?: number;
}

export type FlagsPersistencePolicy = NetworkOnlyFlagsPolicy | NetworkFirstFlagsPolicy | PersistenceUntilNetworkSuccessFlagsPolicy;

/** The `flags` config as an object: the context sent with the request, and where variants are kept. */
export interface FlagsConfig {
  context?: Dict;
  persistence?: FlagsPersistencePolicy;
}

/** `instance.flags`. Every method answers (at worst with the caller's fallback) and never throws. */
export interface FlagsManager {
  are_flags_ready(): boolean;
  load_flags(): Promise<void>;
  when_ready(): Promise<void>;
  get_variant(featureName: string, fallback: FlagsVariant): Promise<FlagsVariant>;
  get_variant_sync(featureName: string, fallback: FlagsVariant): FlagsVariant;
  get_variant_value(featureName: string, fallbackValue: any): Promise<any>;
  get_variant_value_sync(featureName: string, fallbackValue: any): any;
  get_all_variants(): Promise<Map<string, FlagsVariant>>;
  get_all_variants_sync(): Map<string, FlagsVariant>;
  is_enabled(featureName: string, fallbackValue?: boolean): Promise<boolean>;
  is_enabled_sync(featureName: string, fallbackValue?: boolean): boolean;
  update_context(context: Dict, options?: FlagsUpdateContextOptions): Promise<void>;
}
