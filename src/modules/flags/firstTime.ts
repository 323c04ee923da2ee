// First-time events (mixpanel-browser 2.84): a flags/ reply may list `pending_first_time_events`,
// a variant a flag switches to the first time the visitor tracks a given event. Every tracked
// event is checked against them; on a match the flag takes the pending variant at once (its
// exposure counts afresh), the match is remembered for the page's life, and the flags server is
// told with POST flags/<flag id>/first-time-events. Rules with property filters (JsonLogic) are
// evaluated by lib/targeting.ts, loaded only when a reply has one; until it is here (or if it
// cannot load) they are skipped, as upstream skips them without its targeting bundle.

import type { FlagsVariant } from '../../types/flags';

/** A pending first-time event, as the reply (and the stored record) gives it. */
export interface Pending {
  flag_key: string;
  flag_id: string;
  project_id: unknown;
  first_time_event_hash: string;
  event_name: string;
  property_filters?: Record<string, unknown>;
  pending_variant: Record<string, any>;
}

const hasFilters = (p: Pending) => !!p.property_filters && typeof p.property_filters == 'object' && Object.keys(p.property_filters).length > 0;

/** The state of one flags client: what is pending, what fired this page. */
export function firstTimeEvents() {
  let pending: Record<string, Pending> = {};
  // "flag key:hash" of the events that fired; kept across fetches, as upstream, until reset().
  let fired: Record<string, true> = {};

  return {
    _pending: () => pending,
    /** Replaces the pending events (a reply's, or the stored ones). */
    _set(next: Record<string, Pending>) {
      pending = next && typeof next == 'object' ? next : {};
    },
    _reset() {
      pending = {};
      fired = {};
    },
    /** Did one of this flag's first-time events fire on this page? (Its variant then outlives fetches.) */
    _firedFor: (flagKey: string) => Object.keys(fired).some((k) => k.split(':')[0] === flagKey),
    _firedFlags: () => Object.keys(fired).map((k) => k.split(':')[0]),
    /** Does a pending event have property filters (so ./targeting.ts is needed)? */
    _hasFilters: () => Object.keys(pending).some((k) => hasFilters(pending[k])),
    /** A reply's `pending_first_time_events` as upstream keys them, leaving out those that fired. */
    _fromReply(list: unknown): Record<string, Pending> {
      const out: Record<string, Pending> = {};
      if (!Array.isArray(list)) return out;
      for (const d of list) {
        if (!d || typeof d != 'object') continue;
        const key = d.flag_key + ':' + d.first_time_event_hash;
        if (fired[key]) continue;
        out[key] = {
          flag_key: d.flag_key,
          flag_id: d.flag_id,
          project_id: d.project_id,
          first_time_event_hash: d.first_time_event_hash,
          event_name: d.event_name,
          property_filters: d.property_filters,
          pending_variant: d.pending_variant,
        };
      }
      return out;
    },
    /**
     * The events `event` fires: each switches its flag in `flags` to the pending variant and is
     * handed to `fire` (which tells the server). `pass` evaluates property filters (null: not
     * loaded); `skip(p, error)` hears of a rule that could not be evaluated.
     */
    _check(
      event: string,
      properties: object,
      flags: Map<string, FlagsVariant> | null,
      pass: ((filters: unknown, properties: object) => boolean) | null,
      fire: (p: Pending) => void,
      skip: (p: Pending, error?: unknown) => void,
    ): void {
      for (const key of Object.keys(pending)) {
        const p = pending[key];
        if (fired[key] || event !== p.event_name) continue;
        if (hasFilters(p)) {
          if (!pass) {
            skip(p);
            continue;
          }
          let ok = false;
          try {
            ok = pass(p.property_filters, properties);
          } catch (e) {
            skip(p, e);
          }
          if (!ok) continue;
        }
        const v = p.pending_variant || {};
        if (flags) flags.set(p.flag_key, { key: v.variant_key, value: v.variant_value, experiment_id: v.experiment_id, is_experiment_active: v.is_experiment_active });
        fired[key] = true;
        fire(p);
      }
    },
  };
}
