// Opening the instance's record: where it lives follows config and consent.

import { Persistence } from './persistence';
import { readConsent, optedOut } from '../guard/consent';
import { uuid } from '../lib/random';
import type { Config } from '../types';

const DEVICE_PREFIX = '$device:';

export interface StoreHolder {
  _cfg: Config;
  _store: Persistence;
}

/** Opens the record config and consent allow (memory or real), adds `props`, ensures a device id. */
export function openStore(inst: StoreHolder, props?: Record<string, unknown>): void {
  const c = inst._cfg;
  // Opted out, or persistence off until opt-in: the record stays in memory.
  const off = c.disable_persistence || c.disable_cookie || optedOut(c) || (c.opt_out_persistence_by_default && readConsent(c) != '1');
  inst._store = new Persistence('mp_' + (c.persistence_name || c.cookie_name || c.token + '_mixpanel'), {
    _kind: off ? 'memory' : c.persistence,
    _days: c.cookie_expiration,
    _crossSubdomain: c.cross_subdomain_cookie,
    _domain: c.cookie_domain,
    _crossSite: c.cross_site_cookie,
  });
  if (props) inst._store._set(props);
  if (!inst._store._get('distinct_id')) newDevice(inst);
}

/** Storage follows config and consent: the old record is cleared, a new one opened (memory or real) with `props` and a device id. */
export function reopenStore(inst: StoreHolder, props: Record<string, unknown>): void {
  inst._store._clear();
  openStore(inst, props);
}

/** A fresh anonymous identity: a device id, and the distinct id made of it. */
export function newDevice(inst: StoreHolder): void {
  const id = uuid();
  inst._store._set({ distinct_id: DEVICE_PREFIX + id, $device_id: id });
}

/** `register(props, days)`: the record's cookie lives that many days from now on, as upstream. */
export function keepFor(inst: StoreHolder, days: unknown): void {
  if (typeof days == 'number' && days > 0) inst._store._cookie._days = days;
}
