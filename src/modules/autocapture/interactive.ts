// Whether a click target surely does nothing when clicked (text, layout): such clicks are never
// dead clicks, and are left out of rage clicks when `interactive_elements_only` asks.

const NEVER = /^(base|head|html|link|meta|script|style|title|br|hr|wbr|noscript|picture|source|template|track)$/;
const TEXT = /^(article|div|h[1-6]|p|section|span)$/;
const CONTROL = /^(button|input|select|textarea|details|dialog)$/;
const ROLES = /^(button|checkbox|combobox|grid|link|listbox|menu|menubar|menuitem|menuitemcheckbox|menuitemradio|navigation|option|radio|radiogroup|searchbox|slider|spinbutton|switch|tab|tablist|textbox|tree|treegrid|treeitem)$/;
const HANDLERS = ['onclick', 'onmousedown', 'onmouseup', 'onpointerdown', 'onpointerup', 'ontouchstart', 'ontouchend'];
/** How many ancestors may lend their interactivity to a target. */
const DEPTH = 5;

function looksInteractive(el: Element): boolean {
  const tag = el.tagName.toLowerCase();
  if (CONTROL.test(tag) || (el as HTMLElement).isContentEditable) return true;
  if (tag == 'a' && el.hasAttribute('href')) return true;
  if (el.hasAttribute('tabindex')) return true;
  if (ROLES.test((el.getAttribute('role') || '').trim().split(/\s+/)[0].toLowerCase())) return true;
  return HANDLERS.some((h) => !!(el as any)[h] || el.hasAttribute(h));
}

export function surelyInert(el: Element | null): boolean {
  if (!el || !el.tagName) return true;
  const tag = el.tagName.toLowerCase();
  if (NEVER.test(tag)) return true;
  if (looksInteractive(el)) return false;
  let n: Element | null = el.parentElement;
  for (let depth = 0; n && depth < DEPTH; depth++, n = n.parentElement) {
    if (looksInteractive(n)) return false;
    const host = (n.getRootNode() as ShadowRoot).host;
    if (host && looksInteractive(host)) return false;
  }
  return TEXT.test(tag);
}
