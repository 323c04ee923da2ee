// The default properties Mixpanel's library puts on every event, with the same names and the
// same values, so reports built on `$browser` or `$os` do not shift when a site switches.
// Device facts are computed once per page; page facts whenever the URL changes.

import { win, doc } from '../lib/env';
import type { Properties } from '../types';

export const LIB_VERSION = '0.1.0';

// Upstream's user-agent rules, in upstream's order: rows `name;test;version prefix`, parsed
// when used. A test starting with `~` ignores case. Safari's test is on navigator.vendor.
const BROWSERS =
  'Opera Mini; OPR/.*Mini|Opera Mini;(?:Opera|OPR)/,Opera; OPR/|Opera;(?:Opera|OPR)/,BlackBerry;~BlackBerry|PlayBook|BB10;BlackBerry ,' +
  'Internet Explorer Mobile;IEMobile|WPDesktop;rv:,Samsung Internet;SamsungBrowser/;SamsungBrowser/,Microsoft Edge;Edge|Edg/;Edge?/,' +
  'Facebook Mobile;FBIOS,Whale Browser;Whale/;Whale/,Chrome;Chrome;Chrome/,Chrome iOS;CriOS;CriOS/,' +
  'UC Browser;UCWEB|UCBrowser;(?:UCBrowser|UCWEB)/,Firefox iOS;FxiOS;FxiOS/,Safari;Apple;Version/,Android Mobile;Android;android\\s,' +
  'Konqueror;Konqueror;Konqueror:,Firefox;Firefox;Firefox/,Internet Explorer;MSIE|Trident/;(?:rv:|MSIE ),Mozilla;Gecko;rv:';
const OSES = 'Windows Phone;~Windows.*(Phone|WPDesktop)|WPDesktop,Windows;~Windows,iOS;iPhone|iPad|iPod,Android;Android,BlackBerry;~BlackBerry|PlayBook|BB10,Mac OS X;~Mac,Linux;Linux,Chrome OS;CrOS';
const DEVICES = 'Windows Phone;~Windows Phone|WPDesktop,iPad;iPad,iPod Touch;iPod,iPhone;iPhone,BlackBerry;~BlackBerry|PlayBook|BB10,Android;Android';

/** The first row of `table` whose test matches (`vendor` for Safari): [name, version prefix]. */
function first(table: string, ua: string, vendor = ''): string[] {
  for (const row of table.split(',')) {
    const [name, test, version] = row.split(';');
    if (new RegExp(test.replace('~', ''), test[0] == '~' ? 'i' : '').test(name == 'Safari' ? vendor : ua)) return [name, version];
  }
  return [''];
}

/** `[$browser, $browser_version]` exactly as Mixpanel derives them from the user agent. */
export function browserOf(ua: string, vendor: string): [string, number | null] {
  const [name, version] = first(BROWSERS, ua, vendor);
  const m = version && ua.match(version + '(\\d+(\\.\\d+)?)');
  return [name == 'Safari' && /Mobile/.test(ua) ? 'Mobile Safari' : name, m ? parseFloat(m[1]) : null];
}

/** Facts about the device that do not change during a page's life (read at start, in a window). Empty values are left out. */
export function deviceProperties(): Properties {
  const w = win()!;
  const nav = w.navigator;
  const ua = nav.userAgent || '';
  const [browser, version] = browserOf(ua, nav.vendor || '');
  const props: Properties = {};
  const put = (k: string, v: unknown) => {
    if (v) props[k] = v;
  };
  put('$os', first(OSES, ua)[0]);
  put('$browser', browser);
  put('$device', first(DEVICES, ua)[0]);
  props.$browser_version = version;
  props.$screen_height = w.screen.height;
  props.$screen_width = w.screen.width;
  props.mp_lib = 'web';
  props.$lib_version = LIB_VERSION;
  return props;
}

/** Host part of a referrer URL, as Mixpanel reports it. */
export const domainOf = (url: string): string => url.split('/')[2] || '';

/** Facts about the current page: URL and referrer. */
export function pageProperties(): Properties {
  const d = doc()!;
  const props: Properties = {};
  const ref = d.referrer;
  if (ref) {
    props.$referrer = ref;
    props.$referring_domain = domainOf(ref);
  }
  props.$current_url = d.location.href;
  return props;
}
