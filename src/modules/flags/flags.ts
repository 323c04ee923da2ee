// The flags module (mixpanel-browser 2.84's feature flags): fetches the variants from `flags/`,
// answers for them, and tracks an exposure the first time each flag's variant is used. Every
// failure (network, HTTP error, timeout, a reply without `flags`) leaves the caller's fallback.
// Loaded by the core (./calls.ts) and minified apart from it: only public names cross.

import { fallbackVariant } from './fallback';
import type { FiltersPass } from '../../lib/targeting';
import { policyOf, loadStored, saveStored, clearStored } from '../../storage/flagVariants';
import { firstTimeEvents, type Pending } from './firstTime';
import { LIB_VERSION } from '../../payload/defaultProperties';
import type { ModuleHost } from '../ModuleHost';
import type { FlagsVariant } from '../../types/flags';

type Fallback = FlagsVariant | Record<string, unknown>;

// Upstream sets no limit; a request that hangs would otherwise hold every get_variant() forever.
export const TIMEOUT_MS = 10000;

const iso = (t?: number) => (t == null ? null : new Date(t).toISOString());
const hex = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => (b + 256).toString(16).slice(1)).join('');

export function startFlags(host: ModuleHost) {
  const inst = host.t;
  const config = () => host.c() as Record<string, any>;
  let flags: Map<string, FlagsVariant> | null = null;
  let fetching: Promise<void> | null = null;
  let busy = false;
  let seen = new Set<string>();
  let timing: (number | string | undefined)[] = [];
  // Persistence (storage/flagVariants.ts): the stored variants' load, once; when they were kept, for how long.
  let stored: Promise<void> | null = null;
  let storedAt: number | null = null;
  let storedTtl = 0;
  let generation = 0;
  let loading = false;
  // The newest fetch (or reset()): a reply to an older one is for another visitor or context.
  let latest = 0;
  const firstTime = firstTimeEvents();
  const skipped = new Set<string>();
  // The property filters' evaluator (lib/targeting.ts), asked for once a pending event has filters.
  let targeting: Promise<FiltersPass | null> | null = null;
  const needTargeting = () => {
    if (!targeting && firstTime._hasFilters())
      targeting = host.l('targeting').then(
        (m: { filtersPass?: FiltersPass }) => m.filtersPass || null,
        (e) => (host.report('flags: the property filters evaluator did not load; first-time events with filters are skipped', e), null),
      );
  };
  const on = () => !!config().flags;
  const policy = () => policyOf(config(), (m) => host.report(m));
  const context = (): Record<string, unknown> => {
    const f = config().flags;
    // distinct_id and $device_id first, as upstream's context starts.
    return { distinct_id: inst.get_distinct_id(), device_id: inst.get_property('$device_id'), ...(f && typeof f == 'object' && f.context) };
  };
  // Stored variants past their TTL answer nothing (upstream: NOT_READY) until a fetch succeeds.
  const stale = () => storedAt != null && storedTtl > 0 && Date.now() - storedAt >= storedTtl;
  const route = (cfg: Record<string, any>) => {
    const hosts = cfg.api_hosts || {};
    return String(hosts.flags || cfg.api_host).replace(/\/+$/, '') + '/' + String((cfg.api_routes && cfg.api_routes.flags) || 'flags/').replace(/^\/+/, '');
  };
  // The project's public token only, in the form Mixpanel's endpoint takes (user, empty password).
  const auth = (cfg: Record<string, any>) => 'Basic ' + btoa(unescape(encodeURIComponent(cfg.token + ':')));
  const traceparent = () => `00-${hex(16)}-${hex(8)}-01`;

  /** The first fetch waits for the stored variants (or, with networkOnly, clears them as upstream). */
  function begin(): Promise<void> {
    if (stored) return stored;
    const { policy: p, ttl } = policy();
    const cfg = config();
    const gen = generation;
    if (p == 'networkOnly') {
      if (!cfg.disable_persistence) clearStored(cfg.token);
      return (stored = Promise.resolve());
    }
    loading = true;
    return (stored = loadStored(cfg.token, context(), ttl).then((s) => {
      loading = false;
      if (!s || gen != generation || flags) return;
      flags = s.flags;
      firstTime._set(s.pending);
      needTargeting();
      storedAt = s.at;
      storedTtl = s.ttl;
    }));
  }
  /** The fetch in flight or the last one, once a reset()'s has started (when_ready's promise). */
  const current = (): Promise<void> => (loading ? stored!.then(() => fetching || undefined) : fetching || Promise.resolve());
  /** Runs `answer` once the stored variants were read (at once when there are none to read). */
  const afterStored = <T>(answer: () => T | Promise<T>): Promise<T> => (stored || Promise.resolve()).then(answer);

  function fetchFlags(): Promise<void> {
    if (!on()) return Promise.resolve();
    const cfg = config();
    const ctx = context();
    const base = route(cfg);
    const query = new URLSearchParams({ context: JSON.stringify(ctx), token: cfg.token, mp_lib: 'web', $lib_version: LIB_VERSION });
    const trace = traceparent();
    const started = Date.now();
    const n = ++latest;
    busy = true;
    const request = fetch(`${base}${base.indexOf('?') < 0 ? '?' : '&'}${query}`, {
      method: 'GET',
      headers: { Authorization: auth(cfg), traceparent: trace },
    }).then((r) => {
      if (!r.ok) throw new Error('flags/: HTTP ' + r.status);
      return r.json();
    });
    const late = new Promise<never>((_, fail) => setTimeout(() => fail(new Error('flags/: no reply in time')), TIMEOUT_MS));
    const done = (): void => {
      busy = false;
      timing = [started, Date.now(), Date.now() - started, trace];
    };
    // A late reply to an older fetch is dropped (upstream applies it); whoever awaits it gets the newest's outcome.
    return (fetching = Promise.race([request, late]).then(
      (body) => {
        if (n != latest) return host.report('flags: dropped the reply to an earlier request (a newer one was sent)'), current();
        done();
        const got = body && body.flags;
        if (!got || typeof got != 'object') throw new Error('flags/: no flags in the reply');
        const next = new Map<string, FlagsVariant>();
        for (const key of Object.keys(got)) {
          const d = got[key] || {};
          // A variant a first-time event switched to on this page outlives the fetch (as upstream).
          if (firstTime._firedFor(key)) {
            if (flags && flags.has(key)) next.set(key, flags.get(key)!);
          } else next.set(key, { key: d.variant_key, value: d.variant_value, experiment_id: d.experiment_id, is_experiment_active: d.is_experiment_active, is_qa_tester: d.is_qa_tester, variant_source: 'network' });
        }
        for (const key of firstTime._firedFlags()) if (!next.has(key) && flags && flags.has(key)) next.set(key, flags.get(key)!);
        firstTime._set(firstTime._fromReply(body.pending_first_time_events));
        needTargeting();
        flags = next;
        seen = new Set();
        storedAt = null;
        if (policy().policy != 'networkOnly') saveStored(cfg.token, ctx, next, firstTime._pending());
      },
      (e) => {
        if (n != latest) return current();
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
    extra.push(['$persisted_at_in_ms', v.persisted_at_in_ms], ['$ttl_in_ms', (v as any).ttl_in_ms]);
    for (const [k, x] of extra) if (x != null) p[k] = x;
    inst.track('$experiment_started', p);
  }

  const variantSync = (name: string, fallback: Fallback): FlagsVariant => {
    if (stale()) return fallbackVariant(fallback, 'NOT_READY');
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
  const allSync = () => (stale() ? new Map() : flags || new Map());
  // persistenceUntilNetworkSuccess answers from fresh stored variants without waiting for the network.
  const fromStore = () => policy().policy == 'persistenceUntilNetworkSuccess';
  const variant = (name: string, fallback: Fallback): Promise<FlagsVariant> =>
    afterStored(() => {
      const answer = () => variantSync(name, fallback);
      if (!fromStore()) return settled(answer, () => fallbackVariant(fallback, fetching ? 'BACKEND_ERROR' : 'NOT_READY'));
      if (flags && !stale()) return answer();
      return fetching ? fetching.then(answer, () => fallbackVariant(fallback, 'BACKEND_ERROR')) : fallbackVariant(fallback, 'NOT_READY');
    });
  const value = (name: string, fallback: unknown) => variant(name, { value: fallback }).then((v) => v.value);

  /** Tells the flags server a first-time event fired (upstream's POST); a failure is only reported. */
  function tell(p: Pending): void {
    const cfg = config();
    const url = route(cfg).replace(/\/$/, '') + '/' + encodeURIComponent(p.flag_id) + '/first-time-events?' + new URLSearchParams({ mp_lib: 'web', $lib_version: LIB_VERSION });
    const body = JSON.stringify({ distinct_id: inst.get_distinct_id(), project_id: p.project_id, first_time_event_hash: p.first_time_event_hash });
    fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: auth(cfg), traceparent: traceparent() }, body }).catch((e) =>
      host.report('flags: recording a first-time event failed', e),
    );
  }

  return {
    fetch() {
      if (stored) return quiet(fetchFlags());
      begin();
      return quiet(loading ? stored!.then(fetchFlags) : fetchFlags());
    },
    /** reset(): variants, exposures, first-time events and the stored record forgotten, fetched again for the new visitor. */
    reset() {
      const cfg = config();
      generation++;
      latest++;
      flags = null;
      seen = new Set();
      fetching = null;
      storedAt = null;
      firstTime._reset();
      loading = true;
      stored = (cfg.disable_persistence ? Promise.resolve() : clearStored(cfg.token)).then(() => {
        loading = false;
      });
      return quiet(stored.then(fetchFlags));
    },
    /** Called by the core for every tracked event, with its final properties. Never throws. */
    checkFirstTimeEvents(event: string, properties: object): void {
      const check = (pass: FiltersPass | null) => {
        try {
          firstTime._check(String(event), properties, flags, pass, (p) => (seen.delete(p.flag_key), tell(p)), (p, error) => {
            const key = p.flag_key + ':' + p.first_time_event_hash;
            if (!skipped.has(key)) skipped.add(key), host.report(`flags: the property filters of "${p.flag_key}"'s first-time event could not be evaluated; skipped`, error);
          });
        } catch (e) {
          host.report('flags: checking first-time events failed', e);
        }
      };
      if (!Object.keys(firstTime._pending()).length) return;
      // With filters in play every check waits for the evaluator, as upstream's waits for its bundle.
      if (targeting) targeting.then(check);
      else check(null);
    },
    are_flags_ready: () => !!flags,
    // These never reject (upstream's pass a failed fetch on): a failure is reported, fallbacks answer.
    load_flags: () => quiet(busy && fetching ? fetching : fetchFlags()),
    when_ready: () => quiet(current()),
    get_variant: variant,
    get_variant_sync: variantSync,
    get_variant_value: value,
    get_variant_value_sync: valueSync,
    get_feature_data: value,
    get_all_variants: () =>
      afterStored(() => {
        if (!fromStore()) return settled(allSync, () => new Map());
        if (flags && !stale()) return allSync();
        return fetching ? fetching.then(allSync, () => new Map()) : new Map();
      }),
    get_all_variants_sync: allSync,
    // As upstream: the value is awaited (a first use is exposed), then the sync answer decides.
    is_enabled: (name: string, fallback?: boolean) => value(name, undefined).then(() => enabledSync(name, fallback)),
    is_enabled_sync: enabledSync,
    update_context(ctx: object, options?: { replace?: boolean }) {
      const f = config().flags;
      if (!f) return Promise.resolve();
      const old = options && options.replace ? {} : (typeof f == 'object' && f.context) || {};
      // Kept in the config, as upstream.
      inst.set_config({ flags: { ...(typeof f == 'object' ? f : {}), context: { ...old, ...ctx } } });
      return quiet(fetchFlags());
    },
  };
}
