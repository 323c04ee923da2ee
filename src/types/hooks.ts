// The `hooks` config: mixpanel-browser 2.84's hooks with its argument and return types, plus
// tracklet's `before_send_people` / `before_send_groups`.

import type { Dict, RegisterOptions } from './base';

/** The event `before_send_events` sees and returns. */
export interface BeforeSendHookPayload {
  event: string;
  properties: Record<string, any>;
}

/**
 * Mixpanel's config hooks, each a function (or a list of them, run in turn). Returning nothing
 * drops the data; an array or a value replaces the arguments, as upstream.
 */
export interface Hooks {
  before_identify?: (new_distinct_id: string) => string | null | void;
  before_register?: (props: Dict, days_or_options?: number | Partial<RegisterOptions>) => Dict | Array<Dict | number | Partial<RegisterOptions>> | null | void;
  before_register_once?: (props: Dict, default_value?: any, days_or_options?: number | Partial<RegisterOptions>) => Dict | Array<any> | null | void;
  before_unregister?: (property: string, options?: Partial<RegisterOptions>) => string | Partial<RegisterOptions> | null | void;
  before_track?: (event_name: string, properties: Dict) => string | Array<string | Dict> | null | void;
  on_track?: (event_name: string, properties: Dict) => string | Array<string | Dict> | null | void;
  before_send_events?: (event: BeforeSendHookPayload) => BeforeSendHookPayload | null | void;
  before_send_people?: (payload: Dict) => Dict | null | void;
  before_send_groups?: (payload: Dict) => Dict | null | void;
}
