// The `autocapture` config: mixpanel-browser 2.84's shape.

import type { TrackPageView } from './base';

/** Rage clicks: `true`, or how many clicks, how close and how fast make one. */
export type RageClickConfig =
  | boolean
  | { threshold_px?: number; timeout_ms?: number; click_count?: number; interactive_elements_only?: boolean };

/** Dead clicks: `true`, or how long a click may go without a page response. */
export type DeadClickConfig = boolean | { timeout_ms?: number };

/** What autocapture records (each kind on by default with `autocapture: true`), and where not. */
export interface AutocaptureConfig {
  click?: boolean;
  input?: boolean;
  pageview?: TrackPageView;
  rage_click?: RageClickConfig;
  dead_click?: DeadClickConfig;
  scroll?: boolean;
  submit?: boolean;
  capture_text_content?: boolean;
  capture_extra_attrs?: string[];
  scroll_depth_percent_checkpoints?: number[];
  scroll_capture_all?: boolean;
  block_url_regexes?: RegExp[];
  allow_url_regexes?: RegExp[];
  block_selectors?: string[];
  allow_selectors?: string[];
  block_attrs?: string[];
  /** Return `true` to capture this element's event. */
  allow_element_callback?: (element: Element, event: Event) => boolean;
  /** Return `true` never to capture this element's event. */
  block_element_callback?: (element: Element, event: Event) => boolean;
}
