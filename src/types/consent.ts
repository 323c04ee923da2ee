// Options of the opt-in/out methods, as mixpanel-browser 2.84 types them (methods take a
// `Partial` of each). tracklet reads `track`, `track_event_name`, `track_properties`,
// `delete_user` and `clear_persistence`; where the flag is kept comes from the config.

import type { Dict } from './base';

/** Options of `has_opted_in_tracking()` / `has_opted_out_tracking()` (accepted; the config decides). */
export interface HasOptedInOutOptions {
  persistence_type: 'cookie' | 'localStorage';
  cookie_prefix: string;
}

export interface ClearOptOutInOutOptions extends HasOptedInOutOptions {
  cookie_expiration: number;
  cross_subdomain_cookie: boolean;
  secure_cookie: boolean;
}

/** Options of `opt_in_tracking()`: `track: false` skips the `$opt_in` event. */
export interface InTrackingOptions extends ClearOptOutInOutOptions {
  track: boolean | (() => void);
  track_event_name: string;
  track_properties: Dict;
}

/** Options of `opt_out_tracking()`. */
export interface OutTrackingOptions extends ClearOptOutInOutOptions {
  delete_user: boolean;
  clear_persistence: boolean;
}
