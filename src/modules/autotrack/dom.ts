// What link and form tracking decide about one DOM event, shared by the module and by the ES
// module build's catcher (catch.ts), which holds events that come before the module.

import { win } from '../../lib/env';
import { isObject, safeAssign } from '../../lib/json';
import type { Properties } from '../../types';

export type Query = string | Element | ArrayLike<Element>;
/**
 * A click or submit as seen when it happened: the event, its composed path, whether the page had
 * prevented it, and whether the ES build's catcher already let it go (its hold ran out: the
 * callback was asked and the navigation done), so the module only tracks it.
 */
export type Seen = [MouseEvent & SubmitEvent, EventTarget[], boolean, boolean?];

export type PropsArg = Properties | ((el: Element) => Properties);

/** The event's properties: the caller's (an object, or a function of the element) and a link's url. */
export function propsOf(type: string, el: HTMLAnchorElement, properties: unknown, threw: (err: unknown) => void): Properties {
  let props: Properties = {};
  try {
    props = safeAssign({}, typeof properties == 'function' ? properties(el) : isObject(properties) ? properties : {});
  } catch (err) {
    threw(err);
  }
  if (type == 'click' && el.href) props.url = el.href;
  return props;
}

/** The element of the path that `query` names (a selector, an element or a list of them). */
export const matching = (query: Query, path: EventTarget[]): (HTMLAnchorElement & HTMLFormElement) | undefined =>
  path.find(
    (n) =>
      !!n &&
      (n as Element).nodeType == 1 &&
      (typeof query == 'string' ? (n as Element).matches(query) : 'length' in query ? Array.prototype.indexOf.call(query, n) >= 0 : n === query),
  ) as (HTMLAnchorElement & HTMLFormElement) | undefined;

/** Whether the event would leave the page, so tracking holds it until the event is sent. */
export const leaves = ([e, , prevented]: Seen, el: HTMLAnchorElement): boolean =>
  !prevented && (e.type == 'submit' || (!!el.href && e.button == 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey && el.target != '_blank'));

/** Does what a held event would have done: follows the link or submits the form. */
export const go = (type: string, el: HTMLAnchorElement & HTMLFormElement): void =>
  type == 'click' ? win()!.location.assign(el.href) : HTMLFormElement.prototype.submit.call(el);
