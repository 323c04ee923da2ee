// The token-only rule, in one place: which names, values and tokens are credentials. Plain
// JavaScript so the library (through TypeScript) and the `tracklet` command (Node) share it.

/**
 * Names of credentials, matched against a key lower-cased with every non-alphanumeric removed
 * (so `api_secret`, `apiSecret` and `API-Secret` are one name). A bare `token` is the public
 * project token and stays allowed.
 */
const NAME = /secret|passw(or)?d|pwd|passphrase|apikey|authori[sz]ation|bearer|credential|serviceaccount|privatekey|(access|auth|session|refresh|id|api|oauth|csrf)token/;

/** Header names that carry credentials, beyond the names above (same normalizing). */
const HEADER = /auth|token|key|cookie|session/;

/** An HTTP authorization value: a scheme, then the credential. */
const SCHEME = /^\s*(basic|bearer|token|digest)\s+\S/i;

/** Values shaped like a credential wherever they appear: a bearer token, a JWT, a secret key. */
const VALUE = /^\s*bearer\s+[\w.~+/-]{8,}=*\s*$|^eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*$|^(sk|rk)_(live|test)_\w/i;

const squash = (name) => String(name).toLowerCase().replace(/[^a-z0-9]/g, '');

/** Base64 of `user:pass` (an HTTP Basic credential)? */
function basicPair(text) {
  if (!/^[A-Za-z0-9+/]{8,}={0,2}$/.test(text) || text.length % 4) return false;
  try {
    return /^[\x20-\x7e]+:[\x20-\x7e]+$/.test(atob(text));
  } catch {
    return false;
  }
}

/** @param {string} name */
export const credentialName = (name) => NAME.test(squash(name));

/** @param {string} value */
export const credentialValue = (value) => VALUE.test(value) || (/^\s*basic\s/i.test(value) && basicPair(value.trim().slice(6).trim()));

/** A header that must not be sent: a credential's name or value. */
export const credentialHeader = (name, value) => credentialName(name) || HEADER.test(squash(name)) || (typeof value == 'string' && (SCHEME.test(value) || credentialValue(value)));

// The reasons are codes of docs/messages.md (their sentences: lib/messages.mjs).

/** Why `token` is not a usable public project token (a code, 31-35), or 0 when it is. */
export function tokenProblem(token) {
  if (typeof token != 'string' || !token) return 31;
  if (/\s|:/.test(token)) return 32;
  if (/^(sk|rk|secret|api[_-]?secret)[_-]/i.test(token) || credentialValue(token)) return 33;
  if (basicPair(token)) return 34;
  if (!/^[\w.-]{1,255}$/.test(token)) return 35;
  return 0;
}

/** Why `url` must not be used as an API host (it carries a credential): a code and its part, or undefined. */
export function hostProblem(url) {
  if (/^[a-z][\w+.-]*:\/\/[^/?#]*@/i.test(url)) return [48];
  const query = url.split('#')[0].split('?')[1] || '';
  for (const pair of query.split('&')) {
    const [name, value = ''] = pair.split('=');
    if (credentialName(name) || credentialValue(value)) return [49, name];
  }
  return undefined;
}
