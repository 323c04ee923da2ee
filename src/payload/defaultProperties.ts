// The default properties Mixpanel's library puts on every event, with the same names and the
// same values, so reports built on `$browser` or `$os` do not shift when a site switches.
// Device facts are computed once per page; page facts whenever the URL changes.

import { win, doc } from '../lib/env';
import type { Properties } from '../types';

export const LIB_VERSION = '0.1.0';

// [name, test on the user agent, version pattern]; order matters, as upstream's does.
const BROWSERS: [string, RegExp, RegExp?][] = [
  ['Opera Mini', / OPR\/.*Mini|Opera Mini/, /(?:Opera|OPR)\/(\d+(\.\d+)?)/],
  ['Opera', / OPR\/|Opera/, /(?:Opera|OPR)\/(\d+(\.\d+)?)/],
  ['BlackBerry', /BlackBerry|PlayBook|BB10/i, /BlackBerry (\d+(\.\d+)?)/],
  ['Internet Explorer Mobile', /IEMobile|WPDesktop/, /rv:(\d+(\.\d+)?)/],
  ['Samsung Internet', /SamsungBrowser\//, /SamsungBrowser\/(\d+(\.\d+)?)/],
  ['Microsoft Edge', /Edge|Edg\//, /Edge?\/(\d+(\.\d+)?)/],
  ['Facebook Mobile', /FBIOS/],
  ['Whale Browser', /Whale\//, /Whale\/(\d+(\.\d+)?)/],
  ['Chrome', /Chrome/, /Chrome\/(\d+(\.\d+)?)/],
  ['Chrome iOS', /CriOS/, /CriOS\/(\d+(\.\d+)?)/],
  ['UC Browser', /UCWEB|UCBrowser/, /(?:UCBrowser|UCWEB)\/(\d+(\.\d+)?)/],
  ['Firefox iOS', /FxiOS/, /FxiOS\/(\d+(\.\d+)?)/],
];

const OSES: [string, RegExp][] = [
  ['Windows Phone', /Windows.*(Phone|WPDesktop)|WPDesktop/i],
  ['Windows', /Windows/i],
  ['iOS', /iPhone|iPad|iPod/],
  ['Android', /Android/],
  ['BlackBerry', /BlackBerry|PlayBook|BB10/i],
  ['Mac OS X', /Mac/i],
  ['Linux', /Linux/],
  ['Chrome OS', /CrOS/],
];

const DEVICES: [string, RegExp][] = [
  ['Windows Phone', /Windows Phone|WPDesktop/i],
  ['iPad', /iPad/],
  ['iPod Touch', /iPod/],
  ['iPhone', /iPhone/],
  ['BlackBerry', /BlackBerry|PlayBook|BB10/i],
  ['Android', /Android/],
];

const first = (table: [string, RegExp, ...unknown[]][], ua: string): string => {
  for (const row of table) if (row[1].test(ua)) return row[0];
  return '';
};

/** `[$browser, $browser_version]` exactly as Mixpanel derives them from the user agent. */
export function browserOf(ua: string, vendor: string): [string, number | null] {
  let name = first(BROWSERS, ua);
  let version: RegExp | undefined = (BROWSERS.find((b) => b[0] == name) || [])[2];
  if (!name) {
    // Past the table: Safari is recognized by its vendor, the rest by their tokens.
    if (/Apple/.test(vendor)) name = /Mobile/.test(ua) ? 'Mobile Safari' : 'Safari', version = /Version\/(\d+(\.\d+)?)/;
    else if (/Android/.test(ua)) name = 'Android Mobile', version = /android\s(\d+(\.\d+)?)/;
    else if (/Konqueror/.test(ua)) name = 'Konqueror', version = /Konqueror:(\d+(\.\d+)?)/;
    else if (/Firefox/.test(ua)) name = 'Firefox', version = /Firefox\/(\d+(\.\d+)?)/;
    else if (/MSIE|Trident\//.test(ua)) name = 'Internet Explorer', version = /(?:rv:|MSIE )(\d+(\.\d+)?)/;
    else if (/Gecko/.test(ua)) name = 'Mozilla', version = /rv:(\d+(\.\d+)?)/;
  }
  const m = version && ua.match(version);
  return [name, m ? parseFloat(m[1]) : null];
}

/** Facts about the device that do not change during a page's life. Empty values are left out. */
export function deviceProperties(): Properties {
  const w = win();
  const nav = (w && w.navigator) || ({} as Navigator);
  const ua = nav.userAgent || '';
  const [browser, version] = browserOf(ua, nav.vendor || '');
  const props: Properties = {};
  const put = (k: string, v: unknown) => {
    if (v) props[k] = v;
  };
  put('$os', first(OSES, ua));
  put('$browser', browser);
  put('$device', first(DEVICES, ua));
  props.$browser_version = version;
  if (w && w.screen) (props.$screen_height = w.screen.height), (props.$screen_width = w.screen.width);
  props.mp_lib = 'web';
  props.$lib_version = LIB_VERSION;
  return props;
}

/** Host part of a referrer URL, as Mixpanel reports it. */
export const domainOf = (url: string): string => url.split('/')[2] || '';

/** Facts about the current page: URL and referrer. */
export function pageProperties(): Properties {
  const d = doc();
  const props: Properties = {};
  if (!d) return props;
  const ref = d.referrer || '';
  if (ref) (props.$referrer = ref), (props.$referring_domain = domainOf(ref));
  props.$current_url = d.location ? d.location.href : '';
  return props;
}
