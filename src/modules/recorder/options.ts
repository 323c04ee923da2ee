// The `record_*` config as the recorder reads it: mixpanel-browser 2.84's keys and defaults
// (kept here, not in the core: only a sampled-in page pays for them), and the rrweb options
// they make. Privacy is upstream's, made stricter where a value could leave the page:
//   - every input is masked unless an unmask selector names it, and password, email, tel and
//     hidden fields, fields that look sensitive by name and fields with autocomplete on stay
//     masked whatever the config says;
//   - a masked input value leaves as a fixed run of stars, so not even its length is sent;
//   - text is masked unless unmasked (upstream's default); blocked elements are never serialized.

import { allowedOrigins } from './iframes';

type Cfg = Record<string, unknown>;

/** Upstream caps `record_max_ms` at 24 h and `record_min_ms` at 8 s. */
export const MAX_RECORDING_MS = 24 * 60 * 60 * 1000;
export const MAX_MIN_MS = 8000;

/** 2.84's defaults for the keys the recorder reads (mixpanel-core.js DEFAULT_CONFIG). */
const DEFAULTS: Cfg = {
  record_block_class: /^(mp-block|fs-exclude|amp-block|rr-block|ph-no-capture)$/,
  record_block_selector: 'img, video, audio',
  record_canvas: false,
  record_collect_fonts: false,
  record_idle_timeout_ms: 30 * 60 * 1000,
  record_max_ms: MAX_RECORDING_MS,
  record_min_ms: 0,
};

/** A key's value, or 2.84's default when the page left it unset. */
export const setting = (cfg: Cfg, key: string): any => (cfg[key] === undefined ? DEFAULTS[key] : cfg[key]);

/**
 * A duration key's value: 2.84's default unless it is a positive number a timer can wait for
 * (0, NaN or past 2^31 ms, a timer fires at once: recordings would end in a loop).
 */
export function ms(cfg: Cfg, key: string): number {
  const v = cfg[key];
  return typeof v == 'number' && v > 0 && v < 2 ** 31 ? v : (DEFAULTS[key] as number);
}

const COMMON_MASK = '.mp-mask, .fs-mask, .amp-mask, .rr-mask, .ph-mask';
const ALWAYS_MASKED = ['password', 'email', 'tel', 'hidden'];
const SENSITIVE_NAME = /^cc|cardnum|ccnum|creditcard|csc|cvc|cvv|exp|pass|pwd|routing|seccode|securitycode|securitynum|socialsec|socsec|ssn/i;
/** What a masked input value becomes: the same whatever was typed. */
const MASKED_INPUT = '********';

const selectors = (v: unknown): string => (Array.isArray(v) ? v.filter((s) => typeof s == 'string' && s).join(',') : typeof v == 'string' ? v : '');

/** Whether `el` or an ancestor matches `selector`; a bad selector counts as a match (mask). */
function under(el: Element, selector: string): boolean {
  if (!selector) return false;
  try {
    return !!el.closest(selector);
  } catch {
    return true;
  }
}

interface Rules {
  _mask: string;
  _unmask: string;
  _all: boolean;
  _classRe?: RegExp;
}

function inputRules(cfg: Cfg): Rules {
  return { _mask: selectors(cfg.record_mask_input_selector), _unmask: selectors(cfg.record_unmask_input_selector), _all: cfg.record_mask_all_inputs !== false };
}

function textRules(cfg: Cfg): Rules {
  const mask = selectors(cfg.record_mask_text_selector);
  const legacy = cfg.record_mask_text_class;
  const all = cfg.record_mask_all_text;
  return {
    _mask: [mask, typeof legacy == 'string' && legacy ? '.' + legacy : ''].filter(Boolean).join(','),
    _unmask: selectors(cfg.record_unmask_text_selector),
    // As upstream: a mask selector alone (no record_mask_all_text) means "mask only these".
    _all: all === undefined ? cfg.record_mask_text_selector === undefined : all !== false,
    _classRe: legacy instanceof RegExp ? legacy : undefined,
  };
}

function masked(el: Element, r: Rules): boolean {
  if (r._all) return !under(el, r._unmask);
  return under(el, r._mask) || under(el, COMMON_MASK);
}

/** Inputs no config unmasks. */
function alwaysMasked(el: Element): boolean {
  const type = (el.getAttribute('type') || '').toLowerCase();
  const auto = (el.getAttribute('autocomplete') || '').toLowerCase();
  const name = String((el as HTMLInputElement).name || el.id || '').replace(/[^a-zA-Z0-9]/g, '');
  return ALWAYS_MASKED.indexOf(type) >= 0 || (!!auto && auto != 'off') || el.hasAttribute('data-rr-is-password') || SENSITIVE_NAME.test(name);
}

function classMatches(el: Element | null, re: RegExp): boolean {
  for (; el; el = el.parentElement) {
    for (const c of Array.from(el.classList || [])) if (re.test(c)) return true;
  }
  return false;
}

/** rrweb's record() options for this config (emit and plugins aside). */
export function rrwebOptions(cfg: Cfg, report: (message: string, error?: unknown) => void): Record<string, unknown> {
  const input = inputRules(cfg);
  const text = textRules(cfg);
  const block = setting(cfg, 'record_block_selector');
  const maskInput = (value: string, el: Element | null): string => {
    if (!value || !value.trim()) return '';
    try {
      if (el && !alwaysMasked(el) && !masked(el, input)) return value;
    } catch (err) {
      report('session replay: could not tell whether an input is masked; masked', err);
    }
    return MASKED_INPUT;
  };
  const maskText = (value: string, el: Element | null): string => {
    if (!value.trim()) return '';
    let hide = true;
    try {
      hide = !!el && ((!!text._classRe && classMatches(el, text._classRe)) || masked(el, text));
    } catch (err) {
      report('session replay: could not tell whether a text is masked; masked', err);
    }
    return hide ? '*'.repeat(Math.min(value.length, 10000)) : value;
  };
  return {
    blockClass: setting(cfg, 'record_block_class'),
    blockSelector: block || undefined,
    collectFonts: !!setting(cfg, 'record_collect_fonts'),
    dataURLOptions: { type: 'image/webp', quality: 0.6 },
    // Everything masked at rrweb's level; the functions decide what may be shown.
    maskAllInputs: true,
    maskInputOptions: { password: true },
    maskTextSelector: '*',
    maskInputFn: maskInput,
    maskTextFn: maskText,
    recordCanvas: !!setting(cfg, 'record_canvas'),
    // Cross-origin iframes of the listed origins (iframes.ts): an iframe's rrweb passes its events to the parent's.
    recordCrossOriginIframes: allowedOrigins(cfg.record_allowed_iframe_origins, () => {}).length > 0,
    sampling: { canvas: 15 },
  };
}
