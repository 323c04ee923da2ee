// The flags module (mixpanel-browser 2.84's feature flags): fetches the variants from `flags/`,
// answers for them, and tracks an exposure the first time each flag's variant is used. Every
// failure (network, HTTP error, timeout, a reply without `flags`) leaves the caller's fallback.
// Loaded by the core (./calls.ts) and minified apart from it: only public names cross.

import { fallbackVariant } from './fallback';
import { LIB_VERSION } from '../../payload/defaultProperties';
import type { ModuleHost } from '../host';
import type { FlagsVariant } from '../../types/flags';

type Fallback = FlagsVariant | Record<string, unknown>;

// Upstream sets no limit; a request that hangs would otherwise hold every get_variant() forever.
const TIMEOUT_MS = 10000;

const iso = (t?: number) => (t == null ? null : new Date(t).toISOString());
const hex = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => (b + 256).toString(16).slice(1)).join('');

export function startFlags(host: ModuleHost) {
  let flags: Map<string, FlagsVariant> | null = null;
  let fetching: Promise<void> | null = null;
  let busy = false;
  let seen = new Set<string>();
  let timing: (number | string | undefined)[] = [];
  const inst = host.t;
  const on = () => !!host.c().flags;
  // distinct_id and $device_id first, as upstream's context starts.
  const context = (): Record<string, unknown> => {
    const f = host.c().flags as any;
    return { distinct_id: inst.get_distinct_id(), device_id: inst.get_property('$device_id'), ...(f && typeof f == 'object' && f.context) };
  };

  function fetchFlags(): Promise<void> {
    if (!on()) return Promise.resolve();
    const cfg = host.c() as Record<string, any>;
    const ctx = context();
    const hosts = cfg.api_hosts || {};
    const base = String(hosts.flags || cfg.api_host).replace(/\/+$/, '');
    const route = String((cfg.api_routes && cfg.api_routes.flags) || 'flags/').replace(/^\/+/, '');
    const query = new URLSearchParams({ context: JSON.stringify(ctx), token: cfg.token, mp_lib: 'web', $lib_version: LIB_VERSION });
    const traceparent = `00-${hex(16)}-${hex(8)}-01`;
    const started = Date.now();
    busy = true;
    // The project's public token only, in the form Mixpanel's endpoint takes (user, empty password).
    const request = fetch(`${base}/${route}${route.indexOf('?') < 0 ? '?' : '&'}${query}`, {
      method: 'GET',
      headers: { Authorization: 'Basic ' + btoa(unescape(encodeURIComponent(cfg.token + ':'))), traceparent },
    }).then((r) => {
      if (!r.ok) throw new Error('flags/: HTTP ' + r.status);
      return r.json();
    });
    const late = new Promise<never>((_, fail) => setTimeout(() => fail(new Error('flags/: no reply in time')), TIMEOUT_MS));
    const done = (): void => {
      busy = false;
      timing = [started, Date.now(), Date.now() - started, traceparent];
    };
    return (fetching = Promise.race([request, late]).then(
      (body) => {
        done();
        const got = body && body.flags;
        if (!got || typeof got != 'object') throw new Error('flags/: no flags in the reply');
        const next = new Map<string, FlagsVariant>();
        for (const key of Object.keys(got)) {
          const d = got[key] || {};
          next.set(key, { key: d.variant_key, value: d.variant_value, experiment_id: d.experiment_id, is_experiment_active: d.is_experiment_active, is_qa_tester: d.is_qa_tester, variant_source: 'network' });
        }
        flags = next;
        seen = new Set();
      },
      (e) => {
        done();
        throw e;
      },
    ));
  }

  function expose(name: string, v: FlagsVariant): void {
    if (seen.has(name)) return;
    seen.add(name);
    const p: Record<string, unknown> = {
      'Experiment name': name,
      'Variant name': v.key,
      $experiment_type: 'feature_flag',
      'Variant fetch start time': iso(timing[0] as number),
      'Variant fetch complete time': iso(timing[1] as number),
      'Variant fetch latency (ms)': timing[2],
      'Variant fetch traceparent': timing[3],
    };
    const extra: [string, unknown][] = [
      ['$experiment_id', v.experiment_id],
      ['$is_experiment_active', v.is_experiment_active],
      ['$is_qa_tester', v.is_qa_tester],
      ['$variant_source', v.variant_source],
    ];
    for (const [k, x] of extra) if (x != null) p[k] = x;
    inst.track('$experiment_started', p);
  }

  const variantSync = (name: string, fallback: Fallback): FlagsVariant => {
    const v = flags && flags.get(name);
    if (!v) return fallbackVariant(fallback, flags ? 'FLAG_NOT_FOUND' : 'NOT_READY');
    expose(name, v);
    return v;
  };
  // Waits for the fetch in flight (or the last one); a failed one answers from what is here.
  const settled = <T>(answer: () => T, failed: () => T): Promise<T> =>
    fetching
      ? fetching.then(answer, () => (flags ? answer() : failed()))
      : Promise.resolve(failed());
  const valueSync = (name: string, fallback: unknown) => variantSync(name, { value: fallback }).value;
  const enabledSync = (name: string, fallback?: boolean) => {
    const v = valueSync(name, fallback || false);
    return v === true || v === false ? v : fallback || false;
  };
  const quiet = (p: Promise<void>): Promise<void> => p.catch((e) => host.report('flags: fetch failed; fallbacks answer', e));
  const value = (name: string, fallback: unknown) => settled(() => valueSync(name, fallback), () => fallback);

  return {
    fetch: () => quiet(fetchFlags()),
    /** reset(): variants and exposures forgotten, fetched again for the new visitor. */
    reset() {
      flags = null;
      seen = new Set();
      fetching = null;
      return quiet(fetchFlags());
    },
    are_flags_ready: () => !!flags,
    // These never reject (upstream's pass a failed fetch on): a failure is reported, fallbacks answer.
    load_flags: () => quiet(busy && fetching ? fetching : fetchFlags()),
    when_ready: () => quiet(fetching || Promise.resolve()),
    get_variant: (name: string, fallback: Fallback) =>
      settled(() => variantSync(name, fallback), () => fallbackVariant(fallback, fetching ? 'BACKEND_ERROR' : 'NOT_READY')),
    get_variant_sync: variantSync,
    get_variant_value: value,
    get_variant_value_sync: valueSync,
    get_feature_data: value,
    get_all_variants: () => settled(() => flags || new Map(), () => new Map()),
    get_all_variants_sync: () => flags || new Map(),
    is_enabled: (name: string, fallback?: boolean) => settled(() => enabledSync(name, fallback), () => fallback),
    is_enabled_sync: enabledSync,
    update_context(ctx: object, options?: { replace?: boolean }) {
      const f = host.c().flags as any;
      if (!f) return Promise.resolve();
      const old = options && options.replace ? {} : (typeof f == 'object' && f.context) || {};
      // Kept in the config, as upstream.
      inst.set_config({ flags: { ...(typeof f == 'object' ? f : {}), context: { ...old, ...ctx } } });
      return quiet(fetchFlags());
    },
  };
}
