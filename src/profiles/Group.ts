// `instance.get_group(key, id)`: group profile updates (/groups), Mixpanel's methods. Each
// returns the group, so calls chain (`get_group(k, id).set(...).union(...)`), as upstream's.

import { shield, type Shielded } from '../lib/shield';
import { blocked, type Gate } from '../guard/decision';
import { groupPayload } from '../payload/shapes';
import { send, type Sender } from '../delivery/handoff';
import { pairs, unsetNames, asLists } from './updateArgs';
import { safeCallback, warn } from '../lib/report';
import type { Callback, Properties } from '../types';

/** What group updates need of an instance. */
export type GroupOwner = Sender & Gate & Shielded;

export class Group {
  constructor(public _inst: GroupOwner, public _key: unknown, public _id: unknown) {}

  _op(op: string, value: unknown, callback?: unknown): this {
    const inst = this._inst;
    const cb = safeCallback(inst._cfg, callback);
    const id = this._id;
    if (typeof this._key != 'string' || !this._key || (typeof id != 'string' && typeof id != 'number') || id === '') {
      warn(inst._cfg, 9);
      if (cb) cb(0);
      return this;
    }
    if (blocked(inst)) {
      if (cb) cb(0);
      return this;
    }
    send(inst, 'groups', groupPayload(op, value, inst._cfg.token as string, this._key, id), cb, false);
    return this;
  }

  declare set: (prop: string | Properties, to?: unknown, callback?: Callback) => this;
  declare set_once: Group['set'];
  declare union: Group['set'];
  declare remove: Group['set'];

  unset(prop: string | string[], callback?: Callback): this {
    return this._op('$unset', unsetNames(this._inst, prop, ['$group_key', '$group_id']), callback);
  }

  delete(callback?: Callback): this {
    return this._op('$delete', '', callback);
  }

  toString(): string {
    return `${this._inst}.group.${this._key}.${String(this._id)}`;
  }
}

// `(name, value, cb)` or `({name: value}, cb)` updates, differing only in their operation: `$` + the method's name.
for (const m of ['set', 'set_once', 'union', 'remove'])
  (Group.prototype as unknown as Record<string, unknown>)[m] = function (this: Group, prop: unknown, to?: unknown, callback?: unknown) {
    const [v, cb] = pairs(this._inst, prop, to, callback, true);
    delete v.$group_key, delete v.$group_id;
    return this._op('$' + m, m == 'union' ? asLists(v) : v, cb);
  };

shield(Group.prototype, (self: Group) => self._inst, ['toString'], true);
