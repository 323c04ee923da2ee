// `instance.people`: profile updates (/engage) for the current distinct id, Mixpanel's methods
// and argument shapes. Updates of an anonymous visitor are held until identify().

import { shield, type Shielded } from '../lib/shield';
import { warn } from '../lib/report';
import { profileUpdate, type Profiler } from './profileUpdate';
import { pairs, unsetNames, asLists } from './updateArgs';
import { isObject } from '../lib/json';
import type { Callback, Properties } from '../types';

/** What people updates need of an instance. */
export interface PeopleOwner extends Profiler, Shielded {
  _device: Properties;
}

export class People {
  constructor(public _inst: PeopleOwner) {}

  declare set: (prop: string | Properties, to?: unknown, callback?: Callback) => void;
  declare set_once: People['set'];
  declare append: People['set'];
  declare union: People['set'];
  declare remove: People['set'];

  unset(prop: string | string[], callback?: Callback): void {
    profileUpdate(this._inst, '$unset', unsetNames(this._inst, prop), callback);
  }

  increment(prop: string | Record<string, number>, by?: number | Callback, callback?: Callback): void {
    const [v, cb] = pairs(this._inst, prop, isObject(prop) || by !== undefined ? by : 1, callback);
    const add: Record<string, number> = {};
    for (const k of Object.keys(v)) {
      const n = typeof v[k] == 'string' ? parseFloat(v[k] as string) : (v[k] as number);
      if (typeof n == 'number' && isFinite(n)) add[k] = n;
      else warn(this._inst._cfg, 10, [k]);
    }
    profileUpdate(this._inst, '$add', add, cb);
  }

  delete_user(): void {
    if (!this._inst._identified) return warn(this._inst._cfg, 11);
    profileUpdate(this._inst, '$delete', '');
  }

  clear_charges(callback?: Callback): void {
    this.set('$transactions', [], callback);
  }

  track_charge(): void {
    warn(this._inst._cfg, 12);
  }

  toString(): string {
    return this._inst + '.people';
  }
}

// The updates that differ only in their operation: `$` + the method's name.
for (const m of ['set', 'set_once', 'append', 'union', 'remove'])
  (People.prototype as unknown as Record<string, unknown>)[m] = function (this: People, prop: unknown, to?: unknown, callback?: unknown) {
    const [v, cb] = pairs(this._inst, prop, to, callback);
    const d = this._inst._device; // computed once per page
    profileUpdate(this._inst, '$' + m, m == 'set' ? { $os: d.$os, $browser: d.$browser, $browser_version: d.$browser_version, ...v } : m == 'union' ? asLists(v) : v, cb);
  };

shield(People.prototype, (self: People) => self._inst, ['toString']);
