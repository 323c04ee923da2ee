// The `mp_<token>_mixpanel` record: identity, super properties and a few reserved entries,
// stored under Mixpanel's own name and field names so a visitor keeps their ids across the
// switch. Kept in memory and re-read only when the stored text changed (another tab wrote it).

import { readCookie, writeCookie, removeCookie, registrableDomain, type CookieOptions } from './cookie';
import { localGet, localSet, localRemove, localUsable } from './localStore';
import { parseJSON, isObject, safeAssign } from '../lib/json';
import { doc, attempt } from '../lib/env';
import type { PersistenceType } from '../types';

/** Record entries that are bookkeeping, never sent as event properties (Mixpanel's list + ours). */
export const RESERVED = [
  '__mps', '__mpso', '__mpus', '__mpa', '__mpap', '__mpr', '__mpu',
  '$people_distinct_id', '__alias', '__timers',
];

/** Cookies over ~4 kB are silently refused by browsers; keep the record well under that. */
const COOKIE_BUDGET = 3800;

export interface PersistenceOptions {
  _kind: PersistenceType;
  _days: number;
  _crossSubdomain: boolean;
  _domain: string;
  _crossSite: boolean;
}

export class Persistence {
  _props: Record<string, unknown> = {};
  /** The stored text last read or written, to notice other tabs' writes cheaply. */
  _text: string | null = null;
  _kind: PersistenceType;
  _cookie: CookieOptions;

  constructor(public _name: string, o: PersistenceOptions) {
    let kind = o._kind;
    if (kind == 'localStorage' && !localUsable()) kind = 'cookie';
    if (kind == 'cookie' && !cookieUsable()) kind = 'memory';
    this._kind = kind;
    const host = attempt(() => doc()!.location.hostname, '');
    this._cookie = {
      _days: o._days,
      _domain: o._domain || (o._crossSubdomain && kind == 'cookie' && host ? registrableDomain(host) : ''),
      _crossSite: o._crossSite,
    };
    this._load();
    // Switching between cookie and localStorage keeps what the other one held, as upstream does.
    if (kind != 'memory') {
      const other = kind == 'cookie' ? localGet(_name) : readCookie(_name);
      const old = parseJSON(other);
      if (isObject(old)) {
        for (const k in old) if (!(k in this._props) && k != '__proto__') this._props[k] = old[k];
        if (kind == 'cookie') localRemove(_name);
        else removeCookie(_name, ''), this._cookie._domain && removeCookie(_name, this._cookie._domain);
        this._save();
      }
    }
  }

  _read(): string | null {
    return this._kind == 'cookie' ? readCookie(this._name) : this._kind == 'localStorage' ? localGet(this._name) : this._text;
  }

  _readAt = 0;

  /**
   * The hot path's reload: reading document.cookie blocks on the browser, so another tab's write
   * is picked up at most a second late (and at once on visibility and storage events).
   */
  _fresh(): void {
    if (Date.now() - this._readAt > 1000) this._load();
  }

  /** Picks up what another tab wrote; cheap when nothing changed. */
  _load(): void {
    this._readAt = Date.now();
    const text = this._read();
    if (text !== this._text) {
      this._text = text;
      const parsed = parseJSON(text);
      this._props = isObject(parsed) ? safeAssign({}, parsed) : {};
    }
  }

  _save(): void {
    let text = JSON.stringify(this._props);
    if (this._kind == 'cookie') {
      // Held profile updates are what can grow: shed whole queues, lists first, to fit.
      for (const k of ['__mpap', '__mpr', '__mpu', '__mpa', '__mpus', '__mpso', '__mps']) {
        if (text.length <= COOKIE_BUDGET) break;
        delete this._props[k];
        text = JSON.stringify(this._props);
      }
      writeCookie(this._name, text, this._cookie);
    } else if (this._kind == 'localStorage') localSet(this._name, text);
    this._text = this._kind == 'memory' ? text : this._read();
  }

  _get(key: string): unknown {
    return this._props[key];
  }

  /** Sets entries; `once` keeps values already present (unless equal to `defaultValue`). */
  _set(values: Record<string, unknown>, once?: boolean, defaultValue?: unknown): void {
    let changed = false;
    for (const k in values) {
      if (k == '__proto__' || !Object.prototype.hasOwnProperty.call(values, k)) continue;
      if (once && k in this._props && this._props[k] !== defaultValue) continue;
      // Unchanged primitives cost no storage write (track() re-registers page-derived values).
      if (this._props[k] === values[k] && (typeof values[k] != 'object' || values[k] === null)) continue;
      this._props[k] = values[k];
      changed = true;
    }
    if (changed) this._save();
  }

  _unset(key: string): void {
    if (key in this._props) delete this._props[key], this._save();
  }

  /** Super properties and identity, as every event carries them. */
  _superProps(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k in this._props) if (RESERVED.indexOf(k) < 0) out[k] = this._props[k];
    return out;
  }

  _clear(): void {
    this._props = {};
    if (this._kind == 'cookie') {
      removeCookie(this._name, this._cookie._domain);
      removeCookie(this._name, '');
    } else if (this._kind == 'localStorage') localRemove(this._name);
    this._text = this._kind == 'memory' ? null : this._read();
  }
}

function cookieUsable(): boolean {
  const d = doc();
  if (!d || !attempt(() => d.defaultView!.navigator.cookieEnabled, false)) return false;
  writeCookie('__tk_probe', '1', { _days: 0, _domain: '' });
  const ok = readCookie('__tk_probe') == '1';
  removeCookie('__tk_probe', '');
  return ok;
}
