// The full tracklet instance: the core (events, identity, super properties, consent, lifecycle)
// plus people (/engage), groups (/groups), link/form/page-view autotrack, stub replay and the
// session replay switch.

import { Core } from './Core';
import { profileUpdate } from '../profiles/profileUpdate';
import { People } from '../profiles/People';
import { Group } from '../profiles/Group';
import { shield } from '../lib/shield';
import { replay } from './replay';
// Link/form tracking and SPA page views: a module loaded on first use.
import { follow, trackDom } from '../modules/autotrack/calls';
import { capture } from '../modules/autocapture/calls';
// Session replay: the switch that loads the recorder module when a session is recorded.
import { withRecorder, sample, tabId } from '../modules/recorder/calls';
import type { Recorder } from '../modules/recorder/recorder';
// Feature flags: a module loaded with the `flags` config or on first use.
import { flagsOf, fetchFlags } from './flags';
import { sanitize } from '../payload/sanitize';
import type { Endpoint } from '../payload/shapes';
// Anonymous profile updates and mixpanel-browser's left outboxes: a module loaded when either is there.
import { hold, flushHeld, adoptMixpanel } from '../modules/held/calls';
import type { Callback, Properties, Group as GroupType } from '../types';

const ENDPOINTS: Endpoint[] = ['track', 'engage', 'groups'];

export class Instance extends Core {
  declare people: People;
  override _eps = ENDPOINTS;
  _groups: Record<string, Group> = {};
  /** Set while a module loads (modules/need.ts); calling it lets the held calls go. */
  declare _wait?: (() => void) | false;
  /** The session recorder, once its module loaded (modules/recorder/). */
  declare _rec?: Recorder;

  constructor(name = 'mixpanel') {
    super(name);
    this.people = new People(this);
    this.flags = flagsOf(this);
  }

  track_links(...args: [query: string | Element | ArrayLike<Element>, event_name: string, properties?: Properties | ((el: Element) => Properties), callback?: (timedOut: boolean, props: Properties) => unknown]): void {
    trackDom(this, 'click', args);
  }

  track_forms(...args: [query: string | Element | ArrayLike<Element>, event_name: string, properties?: Properties | ((el: Element) => Properties), callback?: (timedOut: boolean, props: Properties) => unknown]): void {
    trackDom(this, 'submit', args);
  }

  set_group(group_key: string, group_ids: unknown, callback?: Callback): void {
    const ids = Array.isArray(group_ids) ? group_ids : [group_ids];
    this.register({ [group_key]: ids });
    this.people.set(group_key, ids, callback);
  }

  add_group(group_key: string, group_id: unknown, callback?: Callback): void {
    const current = this.get_property(group_key);
    const ids = Array.isArray(current) ? current.slice() : current === undefined ? [] : [current];
    if (ids.indexOf(group_id) < 0) ids.push(group_id), this.register({ [group_key]: ids });
    this.people.union(group_key, group_id, callback);
  }

  remove_group(group_key: string, group_id: unknown, callback?: Callback): void {
    const current = this.get_property(group_key);
    if (current === undefined) return;
    const ids = (Array.isArray(current) ? current : [current]).filter((v) => v !== group_id);
    if (ids.length) this.register({ [group_key]: ids });
    else this.unregister(group_key);
    this.people.remove(group_key, group_id, callback);
  }

  get_group(group_key: string, group_id: unknown): GroupType {
    // Always a group object, whatever the arguments: callers chain on it.
    const key = sanitize(group_key, this._limits);
    const id = sanitize(group_id, this._limits);
    const k = JSON.stringify([key, id]);
    return (this._groups[k] = this._groups[k] || new Group(this, key, id));
  }

  // Session replay (upstream's methods; they answer its promises where it returns one).
  start_session_recording(): void {
    withRecorder(this, (r) => r.start());
  }

  stop_session_recording(): void {
    return this._rec && (this._rec.stop() as unknown as void);
  }

  pause_session_recording(): void {
    return this._rec && (this._rec.pause() as unknown as void);
  }

  resume_session_recording(): void {
    if (this._rec) this._rec.resume();
  }

  get_session_recording_properties(): { $mp_replay_id?: string } {
    return this._rec ? this._rec.props() : {};
  }

  get_session_replay_url(): string | null {
    return this._rec ? this._rec.url() : null;
  }

  get_tab_id(): string | null {
    return tabId(this);
  }

  override _record(): void {
    sample(this);
  }

  /**
   * Every tracked event: the flags module checks its first-time events; an event that
   * `recording_event_triggers` names loads the recorder, which decides (a recording running,
   * property filters, percentage) whether one starts. No other event loads it.
   */
  override _saw(event: string, props: Properties): void {
    const f = this._flags as { checkFirstTimeEvents(event: string, properties: object): void } | undefined;
    const t = this._cfg.recording_event_triggers;
    if (f) f.checkFirstTimeEvents(event, props);
    // (Own keys only: an event named `constructor` is no trigger. Written out, not lib/json's own(): cheaper.)
    if (t && Object.prototype.hasOwnProperty.call(t, event)) withRecorder(this, (r) => r.trigger(event, props));
  }

  /** As upstream: a new visitor gets a new recording (sampled again), the old one stops. */
  override reset(): void {
    this.stop_session_recording();
    super.reset();
    sample(this);
  }

  override opt_out_tracking(options?: { delete_user?: boolean; clear_persistence?: boolean }): void {
    super.opt_out_tracking(options);
    this.stop_session_recording();
  }

  push(item: unknown): void {
    replay(this, [item], this._cfg);
  }

  /** Only for init() instances: createInstance() ones share nothing with mixpanel-browser. */
  override _adopt(): void {
    adoptMixpanel(this, (i, payload) => this._queues[ENDPOINTS[i]]._push(payload, undefined, false));
  }

  override _profile(op: string, value: unknown): void {
    profileUpdate(this, op, value);
  }

  /** An anonymous visitor's profile update (profiles/profileUpdate.ts), kept in the record. */
  _hold(op: string, value: unknown): void {
    hold(this, op, value);
  }

  override _flushHeld(): void {
    flushHeld(this, (op, value) => profileUpdate(this, op, value));
  }

  override _follow(mode: unknown): void {
    // With autocapture on, its module sends the page views (autocapture.pageview), as upstream.
    if (!this._cfg.autocapture) follow(this, mode);
  }

  override _capture(): void {
    capture(this);
  }

  override _fetchFlags(how?: 'reset'): void {
    fetchFlags(this, how);
  }

  /** Held calls run first (their events flushed), without the module they waited for. */
  override destroy(): Promise<void> {
    if (this._wait) this._wait();
    this.stop_session_recording();
    return super.destroy();
  }
}

shield(Instance.prototype, (self: Instance) => self, ['get_group', 'destroy', 'track_links', 'track_forms', 'get_tab_id']);
