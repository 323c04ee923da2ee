// What autocapture may say about an element. Values typed into fields are never read: no
// `.value`, no `value` attribute (frameworks mirror typed text into it), no text of anything
// editable. Secret fields (passwords, hidden inputs, card and identity numbers) are not even
// described: an event on one is not sent at all.

/** Names and ids that say a field holds a card, a password or an identity number. */
const SECRET_NAME = /^cc|card(num|no|number)|creditcard|cv[cv2]|csc|^exp(iry|iration)?(date|month|year)?$|pass|pwd|routing|iban|seccode|securitycode|securitynum|socialsec|socsec|ssn|^pin$/;
/** autocomplete tokens of the same kind of fields. */
const SECRET_AUTOCOMPLETE = /\b(cc-|current-password|new-password|one-time-code)/;

/** Classes Mixpanel's autocapture honours: no event at all, and no attributes or text. */
export const NO_TRACK = 'mp-no-track';
const SENSITIVE = 'mp-sensitive';

export const tagOf = (el: Element): string => el.tagName.toLowerCase();

export function classNameOf(el: Element): string {
  const c = (el as any).className;
  // SVG elements have an SVGAnimatedString here.
  return typeof c == 'string' ? c : c && typeof c == 'object' ? c.baseVal || el.getAttribute('class') || '' : '';
}

export const hasClass = (el: Element, name: string): boolean => classNameOf(el).split(/\s+/).indexOf(name) >= 0;

/** A form field, or anything a visitor can type into. */
export function isField(el: Element): boolean {
  const tag = tagOf(el);
  return tag == 'input' || tag == 'select' || tag == 'textarea' || !!(el as HTMLElement).isContentEditable;
}

/** A field whose very presence in an event would say too much: never described. */
export function isSecretField(el: Element): boolean {
  const tag = tagOf(el);
  if (tag != 'input' && tag != 'select' && tag != 'textarea') return false;
  const type = String(el.getAttribute('type') || '').toLowerCase();
  if (type == 'password' || type == 'hidden') return true;
  if (SECRET_AUTOCOMPLETE.test(String(el.getAttribute('autocomplete') || '').toLowerCase())) return true;
  const name = (String(el.getAttribute('name') || '') + ' ' + el.id).toLowerCase().replace(/[^a-z0-9 ]/g, '');
  return name.split(' ').some((n) => !!n && SECRET_NAME.test(n));
}

/** Card numbers (13 to 19 digits, spaces or dashes between) and US social security numbers. */
export function looksSecret(value: string): boolean {
  const v = value.trim();
  return /^\d{13,19}$/.test(v.replace(/[- ]/g, '')) || /^\d{3}-?\d{2}-?\d{4}$/.test(v);
}

/** The chain from `el` up to (not past) <body>, or a shadow root's host boundary. */
export function ancestry(el: Element): Element[] {
  const out: Element[] = [el];
  for (let n: Element | null = el; n.parentNode && tagOf(n) != 'body'; ) {
    n = n.parentNode as Element;
    if (n.nodeType != 1) break;
    out.push(n);
  }
  return out;
}

/**
 * Whether `el`'s attributes and text may be described (its tag, id, classes and place always
 * are). Never for fields, editable regions or anything under an `mp-sensitive` / `mp-no-track`
 * element. (Mixpanel's `mp-include` class opens a field's attributes; here it does not: pages
 * mirror typed text into them.)
 */
export function mayDescribe(el: Element, allowed: (el: Element) => boolean): boolean {
  if (!allowed(el) || isField(el)) return false;
  for (const n of ancestry(el)) if (hasClass(n, SENSITIVE) || hasClass(n, NO_TRACK)) return false;
  return true;
}

const MAX_TEXT = 255;

/** Card-like digit runs (also written in groups) and SSNs inside a text. */
const SECRET_IN_TEXT = /\b\d(?:[ -]?\d){12,18}\b|\b\d{3}-\d{2}-\d{4}\b/g;

/**
 * The element's own text (its text nodes, not its children's, which may be fields or secrets),
 * card- and SSN-like numbers left out, spaces folded, at most 255 characters in all.
 */
export function ownText(el: Element): string {
  let text = '';
  for (const child of Array.from(el.childNodes)) {
    if (child.nodeType == 3 && child.textContent) text += ' ' + child.textContent;
    if (text.length > MAX_TEXT * 4) break; // enough to fill the cap after scrubbing
  }
  return text
    .replace(SECRET_IN_TEXT, ' ')
    .split(/\s+/)
    .filter((w) => w && !looksSecret(w))
    .join(' ')
    .slice(0, MAX_TEXT)
    .trim();
}
