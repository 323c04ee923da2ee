// Session replay's config keys and types (mixpanel-browser 2.84's names): docs/session-replay.md
// says which the recorder module reads (record_console and record_network are accepted and not
// read).

/** How a recording is triggered by an event: a sampling percentage and a property filter (JsonLogic). */
export interface EventTriggerProps {
  percentage: number;
  property_filters?: unknown;
}

export interface RecordingEventTriggers {
  [eventName: string]: EventTriggerProps;
}

export type InitiatorType =
  | 'audio' | 'beacon' | 'body' | 'css' | 'early-hint' | 'embed' | 'fetch' | 'frame' | 'iframe' | 'icon' | 'image'
  | 'img' | 'input' | 'link' | 'navigation' | 'object' | 'ping' | 'script' | 'track' | 'video' | 'xmlhttprequest';

/** One request as network recording sees it. */
export interface NetworkRequest {
  url: string;
  method?: string;
  initiatorType: InitiatorType;
  status?: number;
  startTime: number;
  endTime: number;
  timeOrigin: number;
  requestHeaders?: Record<string, string>;
  requestBody?: string;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
}

export interface NetworkRecordOptions {
  initiatorTypes?: InitiatorType[];
  ignoreRequestUrls?: string[];
  ignoreRequestFn?: (data: NetworkRequest) => boolean;
  recordHeaders?: { request: string[]; response: string[] };
  recordBodyUrls?: { request: string[]; response: string[] };
  recordInitialRequests?: boolean;
}

export interface NetworkData {
  requests: NetworkRequest[];
  isInitial?: boolean;
}

/** Session replay's config keys. */
export interface ReplayConfig {
  recorder_src: string;
  record_block_class: string | RegExp;
  record_block_selector: string;
  record_console: boolean;
  record_network: boolean;
  record_network_options: NetworkRecordOptions;
  record_collect_fonts: boolean;
  record_idle_timeout_ms: number;
  record_inline_images: boolean;
  record_mask_text_class: string | RegExp;
  record_mask_text_selector: string | string[];
  record_unmask_text_selector: string | string[];
  record_mask_all_text: boolean;
  record_mask_input_selector: string | string[];
  record_unmask_input_selector: string | string[];
  record_mask_all_inputs: boolean;
  record_min_ms: number;
  record_max_ms: number;
  record_allowed_iframe_origins: string[];
  record_canvas: boolean;
  recording_event_triggers: RecordingEventTriggers;
  record_heatmap_data: boolean;
  record_sessions_percent: number;
}

/** Config keys of mixpanel-browser that concern nothing tracklet does (old features, its CDN). */
export interface LegacyConfig {
  app_host: string;
  autotrack: boolean;
  cdn: string;
  store_google: boolean;
  img: boolean;
  upgrade: boolean;
  disable_notifications: boolean;
  inapp_protocol: string;
  inapp_link_new_window: boolean;
}
