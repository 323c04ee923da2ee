// Mixpanel's newer endpoints (flags/, record/) name the project with
// `Authorization: Basic base64(<project token>:)`. The token is public; anything after the colon
// would be a password, a secret that never belongs in a browser, so such a header is refused.

/** { token } from the header, or { problem } saying what is wrong with it. */
export function basicToken(authorization, endpoint) {
  const form = `${endpoint} needs Authorization: Basic base64(<project token>:)`;
  if (typeof authorization !== 'string') return { problem: `missing Authorization: ${form}` };
  const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization.trim());
  if (!m) return { problem: `Authorization must be Basic base64(<project token>:)` };
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { problem: 'Authorization must be Basic base64(<project token>:), with the colon' };
  if (decoded.slice(colon + 1) !== '') return { problem: `Authorization carries a password: ${endpoint} takes the public project token only, never a secret` };
  if (colon === 0) return { problem: `Authorization names no project: ${form}` };
  return { token: decoded.slice(0, colon) };
}
