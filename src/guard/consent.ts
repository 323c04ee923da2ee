// The opt-in/opt-out flag, under Mixpanel's name (`__mp_opt_in_out_<token>`) and values
// ('1' in, '0' out) in localStorage by default or a cookie, so consent survives the switch.

import { readCookie, writeCookie, removeCookie } from '../lib/cookie';
import { localGet, localSet, localRemove } from '../lib/localStore';
import { win, attempt } from '../lib/env';
import type { Config } from '../types';

const key = (c: Config): string => (c.opt_out_tracking_cookie_prefix || '__mp_opt_in_out_') + c.token;
const inCookie = (c: Config): boolean => c.opt_out_tracking_persistence_type == 'cookie';

export const readConsent = (c: Config): string | null => (inCookie(c) ? readCookie(key(c)) : localGet(key(c)));

export function writeConsent(c: Config, value: '0' | '1' | null): void {
  if (value == null) return inCookie(c) ? removeCookie(key(c), '') : localRemove(key(c));
  if (inCookie(c)) writeCookie(key(c), value, { _days: c.cookie_expiration, _domain: c.cookie_domain, _crossSite: c.cross_site_cookie });
  else localSet(key(c), value);
}

/** The browser asks not to be tracked: Do-Not-Track (unless ignored) or, when respected, GPC. */
function browserSaysNo(c: Config): boolean {
  const w = win() as any;
  return attempt(
    () => (!c.ignore_dnt && [w.navigator.doNotTrack, w.navigator.msDoNotTrack, w.doNotTrack].some((v) => v === '1' || v === 'yes')) || (!!c.respect_gpc && w.navigator.globalPrivacyControl === true),
    false,
  );
}

export function optedOut(c: Config): boolean {
  const stored = readConsent(c);
  return browserSaysNo(c) || stored == '0' || (stored == null && !!c.opt_out_tracking_by_default);
}
