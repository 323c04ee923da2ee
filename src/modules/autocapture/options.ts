// The `autocapture` config as Mixpanel 2.84 reads it: `true` for every default, or an object
// whose keys override them one by one. Falsy turns autocapture off.

export type ElementCallback = (el: Element, ev: Event) => boolean;

export interface RageClickOptions {
  threshold_px?: number;
  timeout_ms?: number;
  click_count?: number;
  interactive_elements_only?: boolean;
}

export interface Options {
  click: boolean;
  input: boolean;
  submit: boolean;
  scroll: boolean;
  page_leave: boolean;
  /** `true` (the first page only) or which part of the URL makes a new page. */
  pageview: boolean | 'full-url' | 'url-with-path-and-query-string' | 'url-with-path';
  rage_click: boolean | RageClickOptions;
  dead_click: boolean | { timeout_ms?: number };
  allow_selectors: string[];
  block_selectors: string[];
  allow_url_regexes: (RegExp | string)[];
  block_url_regexes: (RegExp | string)[];
  allow_element_callback?: ElementCallback;
  block_element_callback?: ElementCallback;
  block_attrs: string[];
  capture_extra_attrs: string[];
  capture_text_content: boolean;
  scroll_capture_all: boolean;
  scroll_depth_percent_checkpoints: number[];
}

const DEFAULTS: Options = {
  click: true,
  input: true,
  submit: true,
  scroll: true,
  page_leave: false,
  pageview: 'full-url',
  rage_click: true,
  dead_click: true,
  allow_selectors: [],
  block_selectors: [],
  allow_url_regexes: [],
  block_url_regexes: [],
  block_attrs: [],
  capture_extra_attrs: [],
  capture_text_content: false,
  scroll_capture_all: false,
  scroll_depth_percent_checkpoints: [25, 50, 75, 100],
};

/** Every capture off: what runs for `record_heatmap_data` alone (autocapture.ts). */
export const NONE = { click: false, input: false, submit: false, scroll: false, pageview: false, rage_click: false, dead_click: false };

const LISTS = ['allow_selectors', 'block_selectors', 'allow_url_regexes', 'block_url_regexes', 'block_attrs', 'capture_extra_attrs', 'scroll_depth_percent_checkpoints'] as const;

/** The options in effect, or null when autocapture is off. A list given as something else is read as empty. */
export function readOptions(config: unknown): Options | null {
  if (!config) return null;
  const o: Options = { ...DEFAULTS };
  if (typeof config == 'object') {
    for (const key of Object.keys(config)) (o as any)[key] = (config as any)[key];
    for (const key of LISTS) if (!Array.isArray(o[key])) (o as any)[key] = [];
  }
  return o;
}

/** A click option (`rage_click`, `dead_click`) as an object of settings, or null when off. */
export const clickOption = <T extends object>(value: boolean | T): T | null => (!value ? null : typeof value == 'object' ? value : ({} as T));
