// The `mp_<token>_mixpanel` record: identity, super properties and a few reserved entries,
// stored under Mixpanel's own name and field names so a visitor keeps their ids across the
// switch. Kept in memory and re-read only when the stored text changed (another tab wrote it).

import { readCookie, writeCookie, removeCookie, cookieDomain, type CookieOptions } from '../lib/cookie';
import { localGet, localSet, localRemove } from '../lib/localStore';
import { parseJSON, isObject, own, stringify, putProps } from '../lib/json';
import { guard } from '../guard/guard';
import { doc, attempt } from '../lib/env';
import type { PersistenceType } from '../types';

/** Record entries that are bookkeeping, never sent as event properties (Mixpanel's list + ours). */
const RESERVED = [
  '__mps', '__mpso', '__mpus', '__mpa', '__mpap', '__mpr', '__mpu',
  '$people_distinct_id', '__alias', '__timers', '__tkpu',
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

/** Where the record's text lives; memory-only records have none. */
interface Backend {
  /** `jar`: cookies already read, for a cookie backend. */
  _get(name: string, jar?: string): string | null;
  _set(name: string, text: string): unknown;
  _del(name: string): void;
}

const LOCAL: Backend = { _get: localGet, _set: localSet, _del: localRemove };

/** Cookies under `o`, removed from the shared domain and the host alike. */
const cookies = (o: CookieOptions): Backend => ({
  _get: readCookie,
  _set: (name, text) => writeCookie(name, text, o),
  _del: (name) => (removeCookie(name, o._domain), removeCookie(name, '')),
});

/** Whether what localStorage stores now can be read back. */
function usable(): boolean {
  const probe = '__tk_probe';
  localSet(probe, '1');
  const ok = localGet(probe) == '1';
  localRemove(probe);
  return ok;
}

export class Persistence {
  _props: Record<string, unknown> = {};
  /** The stored text last read, to notice other tabs' writes cheaply. */
  _text: string | null = null;
  /**
   * The text last written. Not read back (a read after a write of document.cookie blocks on the
   * browser): finding either text stored means no other tab wrote, and a write the browser
   * refused leaves `_text` in place, so memory is kept rather than emptied.
   */
  _wrote?: string | null;
  _kind: PersistenceType;
  _cookie: CookieOptions;
  _store?: Backend;
  _readAt = 0;
  /** `_superProps()` until the record changes (every change is saved or re-read). */
  _supers?: Record<string, unknown>;

  constructor(public _name: string, o: PersistenceOptions) {
    let kind = o._kind;
    let jar: string | undefined;
    const c = (this._cookie = { _days: o._days, _domain: o._domain, _crossSite: o._crossSite });
    if (kind == 'localStorage' && !usable()) kind = 'cookie';
    if (kind == 'cookie') {
      const [domain, read] = cookieDomain(attempt(() => doc()!.location.hostname, ''), o._crossSubdomain, o._domain);
      if (domain == null) kind = 'memory';
      else {
        c._domain = domain;
        jar = read;
      }
    }
    this._kind = kind;
    if (kind != 'memory') this._store = kind == 'cookie' ? cookies(c) : LOCAL;
    this._load(jar);
    // Switching between cookie and localStorage keeps what the other one held, as upstream does.
    const other = kind == 'cookie' ? LOCAL : cookies(c);
    const old = this._store && guard(parseJSON(other._get(_name)));
    if (isObject(old)) {
      for (const k of Object.keys(old)) if (!own(this._props, k)) this._props[k] = old[k];
      other._del(_name);
      this._save();
    }
  }

  _read(jar?: string): string | null {
    return this._store ? this._store._get(this._name, jar) : this._text;
  }

  /**
   * The hot path's reload: reading document.cookie blocks on the browser, so another tab's write
   * is picked up at most a second late (and at once on visibility and storage events).
   */
  _fresh(): void {
    if (Date.now() - this._readAt > 1000) this._load();
  }

  /** Picks up what another tab wrote; cheap when nothing changed. */
  _load(jar?: string): void {
    this._readAt = Date.now();
    const text = this._read(jar);
    if (text === this._wrote) this._text = text;
    else if (text !== this._text) {
      this._text = text;
      this._supers = undefined;
      // A record written by anyone (Mixpanel's library, an older version, a planted cookie) passes the guard.
      const parsed = guard(parseJSON(text));
      this._props = isObject(parsed) ? parsed : {};
    }
  }

  _save(): void {
    this._supers = undefined;
    // Every value on its way to storage passes the guard, memory keeping the same clean copy.
    this._props = guard(this._props) as Record<string, unknown>;
    let text = stringify(this._props);
    // Held profile updates are what can grow: shed whole queues, lists first, to fit a cookie.
    if (this._kind == 'cookie')
      for (const k of ['__tkpu', '__mpap', '__mpr', '__mpu', '__mpa', '__mpus', '__mpso', '__mps']) {
        if (text.length <= COOKIE_BUDGET) break;
        delete this._props[k];
        text = stringify(this._props);
      }
    if (this._store) {
      this._store._set(this._name, text);
      this._wrote = text;
    }
    else this._text = text;
  }

  _get(key: string): unknown {
    return this._props[key];
  }

  /** Sets entries; `once` keeps values already present (unless equal to `defaultValue`). */
  _set(values: Record<string, unknown>, once?: boolean, defaultValue?: unknown): void {
    if (putProps(this._props, values, once, defaultValue)) this._save();
  }

  _unset(key: string): void {
    if (own(this._props, key)) delete this._props[key], this._save();
  }

  /** Super properties and identity, as every event carries them: shared, read-only. */
  _superProps(): Record<string, unknown> {
    if (this._supers) return this._supers;
    const out: Record<string, unknown> = (this._supers = {});
    for (const k of Object.keys(this._props)) if (RESERVED.indexOf(k) < 0) out[k] = this._props[k];
    return out;
  }

  _clear(): void {
    this._props = {};
    this._supers = undefined;
    if (this._store) {
      this._store._del(this._name);
      this._wrote = null;
    }
    else this._text = null;
  }
}
