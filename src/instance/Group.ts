// `instance.get_group(key, id)`: group profile updates (/groups), Mixpanel's methods.

import { shield, warn } from './shield';
import { send, blocked } from './Core';
import type { Instance } from './Instance';
import { groupPayload } from '../payload/shapes';
import { sanitize, sanitizeProps } from '../payload/sanitize';
import { isObject } from '../lib/json';
import { safeCallback } from '../lib/report';
import type { Callback, Properties } from '../types';

export class Group {
  constructor(public _inst: Instance, public _key: unknown, public _id: unknown) {}

  _op(op: string, value: unknown, callback?: unknown): void {
    const inst = this._inst;
    const cb = safeCallback(inst._cfg, callback);
    const id = this._id;
    if (typeof this._key != 'string' || !this._key || (typeof id != 'string' && typeof id != 'number') || id === '') {
      warn(inst._cfg, 'get_group(key, id): key must be a string, id a string or number; update dropped');
      return void (cb && cb(0));
    }
    if (blocked(inst)) return void (cb && cb(0));
    send(inst, 'groups', groupPayload(op, value, inst._cfg.token as string, this._key, id), cb, false);
  }

  _pairs(op: string, prop: unknown, to: unknown, cb: unknown, list?: boolean): void {
    const obj = isObject(prop);
    const v: Properties = obj ? sanitizeProps(prop, this._inst._limits) : {};
    if (!obj && typeof prop == 'string') v[prop] = sanitize(to, this._inst._limits) ?? null;
    delete v.$group_key, delete v.$group_id;
    if (list) for (const k in v) if (!Array.isArray(v[k])) v[k] = [v[k]];
    this._op(op, v, obj ? to : cb);
  }

  set(prop: string | Properties, to?: unknown, callback?: Callback): void {
    this._pairs('$set', prop, to, callback);
  }

  set_once(prop: string | Properties, to?: unknown, callback?: Callback): void {
    this._pairs('$set_once', prop, to, callback);
  }

  unset(prop: string | string[], callback?: Callback): void {
    const max = this._inst._limits._maxString;
    this._op('$unset', (Array.isArray(prop) ? prop : [prop]).filter((p) => typeof p == 'string' && p != '$group_key' && p != '$group_id').map((p) => p.slice(0, max)), callback);
  }

  union(list_name: string | Properties, values?: unknown, callback?: Callback): void {
    this._pairs('$union', list_name, values, callback, true);
  }

  remove(list_name: string | Properties, value?: unknown, callback?: Callback): void {
    this._pairs('$remove', list_name, value, callback);
  }

  delete(callback?: Callback): void {
    this._op('$delete', '', callback);
  }

  toString(): string {
    return `${this._inst}.group.${this._key}.${String(this._id)}`;
  }
}

shield(Group.prototype, (self: Group) => self._inst, ['toString']);
