// One DOM event (click, change, submit) → the properties of Mixpanel's autocapture events:
// the target and its ancestors (`$elements`, `$target`, `$el_*`), the page, the pointer. Null
// when the event is not for autocapture or the privacy rules say nothing may be sent.

import type { Options } from './options';
import { ancestry, classNameOf, hasClass, isSecretField, looksSecret, mayDescribe, NO_TRACK, ownText, tagOf } from './privacy';

type Props = Record<string, unknown>;

/** Attributes described on every element that may be described. */
const ATTRS = ['aria-label', 'aria-labelledby', 'aria-describedby', 'href', 'name', 'role', 'title', 'type'];
const POINTER = ['clientX', 'clientY', 'offsetX', 'offsetY', 'pageX', 'pageY', 'screenX', 'screenY', 'x', 'y'];

/** Per element: whether its event type is the one autocapture reports for it. */
function reported(el: Element, type: string): boolean {
  const tag = tagOf(el);
  if (tag == 'html') return false;
  if (tag == 'form') return type == 'submit';
  if (tag == 'input') return ['button', 'submit'].indexOf(el.getAttribute('type') as string) < 0 ? type == 'change' : type == 'click';
  if (tag == 'select' || tag == 'textarea') return type == 'change';
  return type == 'click';
}

type Check = (el: Element) => boolean;

/** The allow and block rules of the config for one event: a broken selector or callback is reported, never thrown. */
export interface Rules {
  _allowed: Check;
  _blocked: Check;
}

export function rules(o: Options, ev: Event, report: (m: string, e?: unknown) => void): Rules {
  const call = (fn: unknown, el: Element, onError: boolean): boolean => {
    try {
      return !!(fn as (el: Element, ev: Event) => unknown)(el, ev);
    } catch (err) {
      report('autocapture: element callback threw', err);
      return onError;
    }
  };
  const matchesAny = (el: Element, list: string[]): boolean =>
    list.some((sel) => {
      try {
        return el.matches(sel);
      } catch (err) {
        report(`autocapture: "${sel}" is not a valid selector`, err);
        return false;
      }
    });
  return {
    _allowed: (el) =>
      !(typeof o.allow_element_callback == 'function' && !call(o.allow_element_callback, el, false)) && (!o.allow_selectors.length || matchesAny(el, o.allow_selectors)),
    _blocked: (el) =>
      (typeof o.block_element_callback == 'function' && call(o.block_element_callback, el, true)) || matchesAny(el, o.block_selectors) || hasClass(el, NO_TRACK),
  };
}

function attrValue(el: Element, attr: string, blocked: string[]): string | undefined {
  // `value` mirrors what was typed in many frameworks: never read, whatever the config says.
  if (attr == 'value' || blocked.indexOf(attr) >= 0 || !el.hasAttribute(attr)) return undefined;
  const v = el.getAttribute(attr) as string;
  return looksSecret(v) ? undefined : v;
}

function element(el: Element, o: Options, r: Rules): Props {
  const p: Props = { $classes: classNameOf(el).split(' '), $tag_name: tagOf(el) };
  if (el.id) p.$id = el.id;
  if (mayDescribe(el, r._allowed)) {
    for (const attr of ATTRS.concat(o.capture_extra_attrs)) {
      const v = attrValue(el, attr, o.block_attrs);
      if (v !== undefined) p['$attr-' + attr] = v;
    }
  }
  let nth = 1;
  let ofType = 1;
  for (let s = el.previousElementSibling; s; s = s.previousElementSibling) {
    nth++;
    if (s.tagName == el.tagName) ofType++;
  }
  p.$nth_child = nth;
  p.$nth_of_type = ofType;
  return p;
}

/** In a shadow tree the event is retargeted to the host: the control inside that was clicked. */
function realTarget(path: EventTarget[], target: Element): Element {
  for (const n of path) {
    if (n === target) break;
    const el = n as Element;
    if (el.nodeType == 1 && (/^(a|button|input|select)$/.test(tagOf(el)) || el.getAttribute('role') == 'button')) return el;
  }
  return target;
}

/** `target`: the event's target as seen while it was dispatched (it is gone from a shadow tree's event afterwards). */
export function describe(ev: Event, o: Options, r: Rules, target: EventTarget | null, path?: EventTarget[]): Props | null {
  let el = target as Element | null;
  if (el && el.nodeType == 3) el = el.parentNode as Element;
  if (!el || el.nodeType != 1 || !reported(el, ev.type) || !r._allowed(el) || isSecretField(el)) return null;
  const chain = ancestry(el);
  if (chain.some(r._blocked)) return null;

  const w = window;
  const d = document.documentElement;
  const props: Props = {
    $event_type: ev.type,
    $host: w.location.host,
    $pathname: w.location.pathname,
    $elements: chain.map((n) => element(n, o, r)),
    $viewportHeight: Math.max(d.clientHeight, w.innerHeight || 0),
    $viewportWidth: Math.max(d.clientWidth, w.innerWidth || 0),
    $pageHeight: (document.body && document.body.offsetHeight) || 0,
    $pageWidth: (document.body && document.body.offsetWidth) || 0,
  };
  // The outermost link around the target, as Mixpanel reports it (false: not describable).
  if (o.block_attrs.indexOf('href') < 0) {
    for (const n of chain) if (tagOf(n) == 'a') props.$el_attr__href = mayDescribe(n, r._allowed) && attrValue(n, 'href', []) !== undefined && n.getAttribute('href');
  }
  const describable = mayDescribe(el, r._allowed);
  if (describable) {
    for (const attr of o.capture_extra_attrs) {
      const v = attrValue(el, attr, o.block_attrs);
      if (v !== undefined) props['$el_attr__' + attr] = v;
    }
  }
  if (ev.type == 'click') {
    for (const k of POINTER) if (k in ev) props['$' + k] = (ev as any)[k];
    if (path) el = realTarget(path, el);
    if (!r._allowed(el) || r._blocked(el) || isSecretField(el)) return null;
  }
  if (o.capture_text_content && mayDescribe(el, r._allowed)) {
    const text = ownText(el);
    if (text) props.$el_text = text;
  }
  const t = element(el, o, r);
  props.$target = t;
  props.$el_classes = t.$classes;
  if (t.$id) props.$el_id = t.$id;
  props.$el_tag_name = t.$tag_name;
  props.$mp_autocapture = true;
  return props;
}
