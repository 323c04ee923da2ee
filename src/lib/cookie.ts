// Cookies, written the way Mixpanel's library writes them (URL-encoded JSON, path=/) so a
// visitor's identity survives the switch, with safer defaults: SameSite=Lax, Secure on https.

import { doc, attempt } from './env';

export interface CookieOptions {
  /** Lifetime in days; 0 for a session cookie, negative to delete. */
  _days: number;
  /** `domain=` attribute, '' for a host-only cookie. */
  _domain: string;
  /** SameSite=None; Secure, for third-party contexts. */
  _crossSite?: boolean;
}

/** All of the page's cookies: one read of document.cookie, which blocks on the browser. */
export const cookieJar = (): string => attempt(() => doc()!.cookie, '');

export function readCookie(name: string, jar = cookieJar()): string | null {
  for (const part of jar.split(';')) {
    const eq = part.indexOf('=');
    if (part.slice(0, eq).trim() == name) return attempt(() => decodeURIComponent(part.slice(eq + 1)), null);
  }
  return null;
}

/** Never throws: no document (server-side rendering) or a sandbox refusing cookies writes nothing. */
export function writeCookie(name: string, value: string, o: CookieOptions): void {
  attempt(() => {
    const d = doc()!;
    let c = `${name}=${encodeURIComponent(value)}; path=/`;
    if (o._days) c += '; expires=' + new Date(Date.now() + o._days * 864e5).toUTCString();
    if (o._domain) c += '; domain=' + o._domain;
    // Secure on https, always. On http a Secure (or SameSite=None) cookie would be refused by the
    // browser, losing the visitor's identity, so secure_cookie / cross_site_cookie wait for https.
    c += d.location.protocol == 'https:' ? (o._crossSite ? '; SameSite=None; Secure' : '; SameSite=Lax; Secure') : '; SameSite=Lax';
    d.cookie = c;
  }, undefined);
}

export const removeCookie = (name: string, domain: string): void =>
  writeCookie(name, '', { _days: -1, _domain: domain });

const placed: Record<string, string | null> = {};

/**
 * Where this page's cookies stick, and the cookies as read then: the `domain=` attribute to write
 * with ('' for host-only), or null when the browser takes none. With `crossSubdomain` that is the
 * registrable domain (`shop.example.co.uk` → `example.co.uk`), found by asking the browser: it
 * refuses a cookie on a public suffix, so the shortest suffix that takes a test cookie is the one
 * to share. No suffix list, no regex guesswork. The same test tells whether cookies work at all,
 * so a first visit costs one blocking read of document.cookie per suffix tried, once a page.
 */
export function cookieDomain(host: string, crossSubdomain: boolean, domain: string): [string | null, string] {
  const labels = host.split('.');
  const tries = domain ? [domain] : [];
  // Single-label hosts (localhost) and IP addresses never take a domain attribute.
  if (!domain && crossSubdomain && labels.length > 1 && !/^[\d.]+$|:/.test(host))
    for (let i = labels.length - 2; i >= 0; i--) tries.push(labels.slice(i).join('.'));
  tries.push(''); // host-only; also where a cookie_domain the browser refuses falls back to
  const key = tries.join();
  if (key in placed) return [placed[key], cookieJar()];
  const probe = '__tk_probe';
  const mark = String(Math.random());
  let jar = '';
  for (const d of tries) {
    writeCookie(probe, mark, { _days: 0, _domain: d });
    if (readCookie(probe, (jar = cookieJar())) == mark) return removeCookie(probe, d), [(placed[key] = d), jar];
  }
  return [(placed[key] = null), jar];
}
