// Cookies, written the way Mixpanel's library writes them (URL-encoded JSON, path=/) so a
// visitor's identity survives the switch, with safer defaults: SameSite=Lax, Secure on https.

import { doc, attempt } from '../lib/env';

export interface CookieOptions {
  /** Lifetime in days; 0 for a session cookie, negative to delete. */
  _days: number;
  /** `domain=` attribute, '' for a host-only cookie. */
  _domain: string;
  /** SameSite=None; Secure, for third-party contexts. */
  _crossSite?: boolean;
}

export function readCookie(name: string): string | null {
  const d = doc();
  const all = d ? attempt(() => d.cookie, '') : '';
  for (const part of all.split(';')) {
    const eq = part.indexOf('=');
    if (part.slice(0, eq).trim() == name) return attempt(() => decodeURIComponent(part.slice(eq + 1)), null);
  }
  return null;
}

export function writeCookie(name: string, value: string, o: CookieOptions): void {
  const d = doc();
  if (!d) return;
  let c = `${name}=${encodeURIComponent(value)}; path=/`;
  if (o._days) c += '; expires=' + new Date(Date.now() + o._days * 864e5).toUTCString();
  if (o._domain) c += '; domain=' + o._domain;
  // Secure on https, always. On http a Secure (or SameSite=None) cookie would be refused by the
  // browser, losing the visitor's identity, so secure_cookie / cross_site_cookie wait for https.
  const https = attempt(() => d.location.protocol == 'https:', false);
  c += https ? (o._crossSite ? '; SameSite=None; Secure' : '; SameSite=Lax; Secure') : '; SameSite=Lax';
  attempt(() => (d.cookie = c), '');
}

export const removeCookie = (name: string, domain: string): void =>
  writeCookie(name, '', { _days: -1, _domain: domain });

const domains: Record<string, string> = {};

/**
 * The registrable domain of `host` (`shop.example.co.uk` → `example.co.uk`), found by asking
 * the browser: it refuses a cookie on a public suffix, so the shortest suffix that takes a test
 * cookie is the one to share across subdomains. No suffix list, no regex guesswork.
 */
export function registrableDomain(host: string): string {
  if (host in domains) return domains[host];
  const labels = host.split('.');
  let found = '';
  // Single-label hosts (localhost) and IP addresses never take a domain attribute.
  if (labels.length > 1 && !/^[\d.]+$|:/.test(host)) {
    const probe = '__tk_probe';
    for (let i = labels.length - 2; i >= 0 && !found; i--) {
      const candidate = labels.slice(i).join('.');
      writeCookie(probe, '1', { _days: 0, _domain: candidate });
      if (readCookie(probe)) {
        found = candidate;
        removeCookie(probe, candidate);
      }
    }
  }
  return (domains[host] = found);
}
