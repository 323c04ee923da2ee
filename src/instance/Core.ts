// What every tracklet instance has, full or lite, on top of `Base` (state, start, config,
// lifecycle): events, identity, super properties and consent, along the data path (guard →
// payload → delivery). Features a widget may leave out (people, groups, autotrack, stub replay)
// live in `Instance`, which extends this class; `Lite` adds only harmless stand-ins for them.
// Both keep the same record, outboxes and wire format, so a visitor seen by one and then the
// other keeps their ids.

import { Base } from './Base';
import { shield } from '../lib/shield';
import { reopenStore, newDevice, keepFor } from '../storage/openStore';
import { distinctIdProblem } from '../guard/distinctId';
import { blocked } from '../guard/decision';
import { readConsent, writeConsent, optedOut } from '../guard/consent';
import { sanitizeProps } from '../payload/sanitize';
import { runHook, hookOf } from '../payload/hooks';
import { eventProperties } from '../payload/eventProperties';
import { pageviewProperties } from '../payload/page';
import { eventPayload } from '../payload/shapes';
import { send } from '../delivery/handoff';
import { eachQueue } from '../delivery/outboxes';
import { safeCallback, warn } from '../lib/report';
import { now } from '../lib/env';
import { isObject, safeAssign, putProps } from '../lib/json';
import type { Callback, Config, Properties, RegisterOptions, TrackOptions } from '../types';

export class Core extends Base {
  /** `instance.people`: profile updates in the full build, a harmless stand-in in lite. */
  people!: { delete_user(): void; clear_charges(): void };

  track(event: string, properties?: Properties, options?: TrackOptions | Callback, callback?: Callback): void {
    if (typeof options == 'function') {
      callback = options;
      options = undefined;
    }
    const cb = safeCallback(this._cfg, callback);
    const opts = isObject(options) ? (options as TrackOptions) : {};
    if (blocked(this, event)) {
      if (cb) cb(0);
      return;
    }
    let props: Properties = sanitizeProps(properties, this._limits);
    // Only with a hook set: the default `hooks: {}` must not cost every call a second walk.
    if (!(opts as { skip_hooks?: boolean }).skip_hooks && hookOf(this._cfg, 'before_track')) {
      const out = runHook(this._cfg, 'before_track', [event, props], this);
      if (!out) {
        if (cb) cb(0);
        return;
      }
      event = out[0] as string;
      props = sanitizeProps(out[1], this._limits);
    }
    if ((typeof event != 'string' && typeof event != 'number') || event === '') {
      warn(this._cfg, 13);
      if (cb) cb(0);
      return;
    }
    event = String(event).slice(0, this._limits._maxString);
    let all = eventProperties(this, event, props);
    // on_track sees every event with its final properties, skip_hooks or not (as upstream).
    if (hookOf(this._cfg, 'on_track')) {
      const out = runHook(this._cfg, 'on_track', [event, all], this);
      if (!out) {
        if (cb) cb(0);
        return;
      }
      event = String(out[0]).slice(0, this._limits._maxString);
      all = sanitizeProps(out[1], this._limits);
    }
    const immediately = !!(opts.send_immediately || opts.transport == 'sendBeacon');
    send(this, 'track', eventPayload(event, all, this._cfg.token as string), cb, immediately);
    this._saw(event, all);
  }

  /** An event with its group keys as properties: an event like any other, so lite has it too. */
  track_with_groups(event: string, properties: Properties, groups: Record<string, unknown>, callback?: Callback): void {
    const props = safeAssign({}, properties);
    if (isObject(groups)) for (const k of Object.keys(groups)) if (groups[k] != null) props[k] = groups[k];
    this.track(event, props, callback);
  }

  track_pageview(properties?: Properties, options?: { event_name?: string }): void {
    const named = isObject(options) && typeof options.event_name == 'string' && options.event_name;
    this.track(named || '$mp_web_page_view', safeAssign(pageviewProperties(), properties));
  }

  time_event(event: string): void {
    const timers = safeAssign({}, this._store._get('__timers'));
    timers[String(event)] = now();
    this._store._set({ __timers: timers });
  }

  register(props: Properties, days_or_options?: number | RegisterOptions): void {
    superProps(this, props, days_or_options);
  }

  register_once(props: Properties, default_value?: unknown, days_or_options?: number | RegisterOptions): void {
    superProps(this, props, days_or_options, true, default_value === undefined ? 'None' : default_value);
  }

  unregister(prop: string, options?: RegisterOptions): void {
    if (isObject(options) && options.persistent === false) delete this._volatile[prop];
    else this._store._unset(String(prop));
  }

  identify(id?: string): void {
    const store = this._store;
    const previous = this.get_distinct_id(); // re-reads the record
    // Decided once: a number naming the current id (identify(123) with "123") is no change.
    const changed = id != null && id !== '' && String(id) !== previous;
    if (changed) {
      const problem = distinctIdProblem(id);
      if (problem) return warn(this._cfg, problem, ['identify', id]);
      id = String(id);
      store._set({ $user_id: id });
      if (!store._get('$device_id')) store._set({ $had_persisted_distinct_id: true, $device_id: previous });
      if (id !== store._get('__alias')) {
        store._unset('__alias');
        store._set({ distinct_id: id });
      }
    }
    this._identified = true;
    this._flushHeld();
    if (changed) this.track('$identify', { distinct_id: id, $anon_distinct_id: previous }, { skip_hooks: true } as TrackOptions), this._fetchFlags();
  }

  alias(alias: string, original?: string): number | void {
    if (alias === this.get_property('$people_distinct_id')) return warn(this._cfg, 20);
    const orig = original === undefined ? this.get_distinct_id() : original;
    const problem = distinctIdProblem(alias);
    if (problem || alias === orig) return warn(this._cfg, problem || 21, ['alias', alias]);
    this._store._set({ __alias: alias });
    this.track('$create_alias', { alias, distinct_id: orig }, { skip_hooks: true } as TrackOptions);
    this.identify(alias);
  }

  reset(): void {
    this._store._clear();
    this._volatile = {};
    this._identified = false;
    this._page = ['', {}, {}]; // re-derive page super properties into the fresh record
    newDevice(this);
    this._fetchFlags('reset');
  }

  get_distinct_id(): string | undefined {
    if (!this._store) return undefined;
    this._store._load();
    return this._store._get('distinct_id') as string | undefined;
  }

  get_property(name: string): unknown {
    if (!this._store) return undefined;
    this._store._load();
    const v = this._store._get(name);
    return v === undefined ? this._volatile[name] : v;
  }

  disable(events?: string[]): void {
    if (events === undefined) this._disabled = true;
    else if (Array.isArray(events) && this._disabled !== true) this._disabled = (this._disabled || []).concat(events);
  }

  enable(events?: string[]): void {
    if (events === undefined || this._disabled === true) this._disabled = undefined;
    else if (Array.isArray(events) && this._disabled) this._disabled = this._disabled.filter((e) => events.indexOf(e) < 0);
  }

  opt_out_tracking(options?: { delete_user?: boolean; clear_persistence?: boolean }): void {
    const o = isObject(options) ? options : {};
    // As upstream: an identified visitor's profile is deleted unless `delete_user: false`.
    if (o.delete_user !== false && this._identified) {
      this.people.delete_user();
      this.people.clear_charges();
      this.flush();
    }
    // Opted out: nothing more is stored or sent. Identity lives on in memory only.
    consent(this, '0', o.clear_persistence === false ? this._store._props : {}, o);
    eachQueue(this, (q) => q._clear());
  }

  opt_in_tracking(options?: { track?: boolean; track_event_name?: string; track_properties?: Properties }): void {
    const o = isObject(options) ? options : {};
    consent(this, '1', this._store._props, o);
    if (o.track !== false) this.track(typeof o.track_event_name == 'string' ? o.track_event_name : '$opt_in', o.track_properties as Properties, { send_immediately: true });
  }

  has_opted_in_tracking(options?: Properties): boolean {
    return readConsent(perCall(this._cfg, options)) == '1';
  }

  has_opted_out_tracking(options?: Properties): boolean {
    return optedOut(perCall(this._cfg, options));
  }

  clear_opt_in_out_tracking(options?: Properties): void {
    consent(this, null, this._store._props, options);
  }

  /** Upstream's tag for the current visitor: a super property. */
  name_tag(name: string): void {
    this.register({ mp_name_tag: name });
  }
}

// before_identify, before_register, before_register_once, before_unregister: each method's hook
// sees its arguments first and may rewrite them or drop the call (as upstream).
for (const m of ['identify', 'register', 'register_once', 'unregister']) {
  const P = Core.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const f = P[m];
  P[m] = function (this: Core, ...a: unknown[]) {
    const h = runHook(this._cfg, 'before_' + m, a, this);
    if (h) f.apply(this, h);
  };
}

shield(Core.prototype, (self: Core) => self, ['get_distinct_id', 'get_property', 'has_opted_in_tracking', 'has_opted_out_tracking']);


/**
 * The config with the per-call options of the opt-in/out methods (upstream's): where the flag is
 * kept (`persistence_type`, `cookie_prefix`) and how its cookie is written.
 */
function perCall(c: Config, o: unknown): Config {
  const r = { ...c };
  if (isObject(o))
    for (const k of 'persistence_type cookie_prefix cookie_expiration cookie_domain cross_site_cookie'.split(' '))
      if (o[k] !== undefined) r[(/^p|x$/.test(k) ? 'opt_out_tracking_' : '') + k] = o[k];
  return r;
}

/** register() and register_once(): in the record, or (`persistent: false`) for this page only. */
function superProps(inst: Core, props: Properties, options: unknown, once?: boolean, dflt?: unknown): void {
  const clean = sanitizeProps(props, inst._limits);
  if (isObject(options) && options.persistent === false) putProps(inst._volatile, clean, once, dflt);
  else {
    keepFor(inst, options);
    inst._store._set(clean, once, dflt);
  }
}

/** Records the consent change, then re-opens storage to match it, keeping `props`. */
function consent(inst: Core, value: '0' | '1' | null, props: Record<string, unknown>, options?: unknown): void {
  writeConsent(perCall(inst._cfg, options), value);
  inst._optAt = 0; // blocked() re-reads at once
  reopenStore(inst, props);
}
