// Decoding of one ingestion request into payloads, the way Mixpanel's /track, /engage and
// /groups accept them. Pure: no sockets, no files, no clock — the server does the I/O, so
// every encoding rule here can be unit-tested with plain values.

import zlib from 'node:zlib';
import { checkJsonBounds } from './jsonBounds.mjs';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Payloads in one request: Mixpanel's own limit for a /track batch. More is a 413 (split it). */
export const MAX_ITEMS = 2000;
/** Nesting of arrays and objects in one request. Mixpanel keeps 3 levels; past this it is an attack. */
export const MAX_DEPTH = 64;

// Same paths with or without the trailing slash, as Mixpanel treats them.
const ROUTES = new Map([
  ['/track', 'track'],
  ['/engage', 'engage'],
  ['/groups', 'groups'],
  ['/import', 'import'],
]);

/** 'track' | 'engage' | 'groups' | 'import' | null for a URL path. */
export function endpointOf(pathname) {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return ROUTES.get(trimmed) ?? null;
}

const PROFILE_OPS = ['$set', '$set_once', '$add', '$append', '$union', '$remove', '$unset', '$delete'];

/** The token a payload carries, where Mixpanel reads it for that endpoint; null if none. */
export function tokenOf(endpoint, payload) {
  if (!isPlainObject(payload)) return null;
  // Kept by flags.mjs and record.mjs, whose requests name the project in a header.
  if (endpoint === 'flags' || endpoint === 'record') return typeof payload.token === 'string' && payload.token !== '' ? payload.token : null;
  const token = endpoint === 'track'
    ? (isPlainObject(payload.properties) ? payload.properties.token : undefined)
    : payload.$token;
  return typeof token === 'string' && token !== '' ? token : null;
}

/** What the viewer shows as the payload's name: the event, or the profile operation. */
export function nameOf(endpoint, payload) {
  if (!isPlainObject(payload)) return null;
  if (endpoint === 'track') return typeof payload.event === 'string' ? payload.event : null;
  if (endpoint === 'flags' || endpoint === 'record') return endpoint;
  return PROFILE_OPS.find((op) => op in payload) ?? null;
}

/** Whose payload this is: distinct_id for events, $distinct_id for profiles, null for groups. */
export function distinctIdOf(endpoint, payload) {
  if (!isPlainObject(payload)) return null;
  const id = endpoint === 'track'
    ? (isPlainObject(payload.properties) ? payload.properties.distinct_id : undefined)
    : endpoint === 'flags'
      ? (isPlainObject(payload.context) ? payload.context.distinct_id : undefined)
      : endpoint === 'record' ? payload.distinct_id : payload.$distinct_id;
  return id === undefined || id === null ? null : String(id);
}

/**
 * Decode a request.
 * @param {{method: string, path: string, query?: Record<string,string>,
 *          headers?: Record<string, string|string[]|undefined>, body?: Buffer}} req
 * @returns {{ok: boolean, status: number, error: string|null, endpoint: string|null,
 *            encoding: string|null, payloads: object[], readable: unknown, tokens: string[], bodyText: string}}
 *   `payloads` is empty unless ok; `tokens` holds whatever tokens could be read even when the
 *   request is rejected, so a log of rejected requests can still be filtered by token; `readable`
 *   the decoded value when within the count and depth bounds (else null), for the lint of a
 *   refused request.
 */
export function decodeIngest({ method, path, query = {}, headers = {}, body = Buffer.alloc(0) }) {
  const endpoint = endpointOf(path);
  const result = { ok: false, status: 400, error: null, endpoint, encoding: null, payloads: [], readable: null, tokens: [], bodyText: '' };
  const fail = (status, error) => Object.assign(result, { ok: false, status, error, payloads: [] });

  // Decompress first so even refused requests are logged as readable text.
  let raw = body;
  try {
    raw = decompress(body, header(headers, 'content-encoding'));
  } catch (err) {
    result.bodyText = body.toString('utf8');
    return err instanceof RangeError
      ? fail(413, `decompressed body exceeds ${MAX_BODY_BYTES} bytes`)
      : fail(err.status ?? 400, err.message);
  }
  result.bodyText = raw.toString('utf8');

  if (endpoint === null) return fail(404, `unknown endpoint ${path}; use /track, /engage or /groups`);
  if (endpoint === 'import') return fail(401, '/import needs a secret; browser clients must not call it');
  if (method !== 'GET' && method !== 'POST') {
    return fail(405, `method ${method} not allowed; use GET or POST`);
  }

  let decoded;
  try {
    decoded = decodeData(method, result.bodyText, query, header(headers, 'content-type'));
  } catch (err) {
    return fail(err.status ?? 400, err.message);
  }
  result.encoding = decoded.encoding;

  const items = Array.isArray(decoded.value) ? decoded.value : [decoded.value];
  const isBatch = Array.isArray(decoded.value);
  result.tokens = [...new Set(items.map((p) => tokenOf(endpoint, p)).filter(Boolean))];
  if (items.length === 0) return fail(400, 'empty batch: send at least one payload');
  // Within the count and depth bounds (parseJson checked them): the lint of a refused request may walk it.
  result.readable = decoded.value;

  // Mixpanel rejects the whole request when one item is bad, so do we. Everything is checked
  // here, before anything is stored.
  for (let i = 0; i < items.length; i++) {
    const problem = validate(endpoint, items[i]);
    if (problem) return fail(400, isBatch ? `item ${i}: ${problem}` : problem);
  }
  return Object.assign(result, { ok: true, status: 200, payloads: items });
}

function validate(endpoint, payload) {
  if (!isPlainObject(payload)) return `payload must be a JSON object, got ${describe(payload)}`;
  if (endpoint === 'track') {
    if (typeof payload.event !== 'string' || payload.event === '') return 'event name missing ("event" must be a non-empty string)';
    if (!isPlainObject(payload.properties)) return '"properties" must be an object holding the token';
    if (tokenOf(endpoint, payload) === null) return 'token missing ("properties.token" must be a non-empty string)';
  } else if (tokenOf(endpoint, payload) === null) {
    return 'token missing ("$token" must be a non-empty string)';
  }
  return null;
}

// Where the `data` value lives depends on method and body; everything ends up as one JSON
// value plus a label saying how it was encoded (json | form-json | base64). The body's shape
// decides, not the content type: sendBeacon sends form data as text/plain, and some clients
// label a data= body as JSON.
function decodeData(method, bodyText, query, contentType) {
  const body = method === 'POST' ? bodyText.trim() : '';
  if (body === '') {
    // GET, or a POST that carries its data in the query string (Mixpanel accepts both).
    if (typeof query.data !== 'string') throw new Error('no data: send data=<base64 or JSON> in the query or a POST body');
    return decodeDataValue(query.data);
  }
  if (body.startsWith('{') || body.startsWith('[')) return { value: parseJson(body, 'body'), encoding: 'json' };
  if (/(^|&)data=/.test(body)) return decodeForm(body);

  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return { value: parseJson(body, 'body'), encoding: 'json' }; // throws the parse error
  if (type === '' || type === 'application/x-www-form-urlencoded' || type === 'text/plain') {
    throw new Error('body has no data= field');
  }
  throw new Error(`unsupported content-type ${contentType}; use application/x-www-form-urlencoded, application/json or text/plain`);
}

function decodeForm(text) {
  return decodeDataValue(new URLSearchParams(text).get('data'));
}

/** A `data` value is JSON as-is, or base64 of JSON (standard or url-safe, padded or not). */
export function decodeDataValue(value) {
  const text = value.trim();
  if (text === '') throw new Error('data is empty');
  if (text.startsWith('{') || text.startsWith('[')) return { value: parseJson(text, 'data'), encoding: 'form-json' };
  // Literals such as null or 42 are JSON too (and get a clear "not an object" later). Safe to
  // try first: base64 of an object or array starts with e or W, which never parses as JSON.
  try {
    return { value: JSON.parse(text), encoding: 'form-json' };
  } catch {
    // not JSON: fall through to base64
  }

  // A literal '+' becomes a space when a client forgets to percent-encode it; base64 has no spaces.
  const b64 = text.replace(/ /g, '+').replace(/[\r\n\t]/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.replace(/=+$/, '').length % 4 === 1) {
    throw new Error('data is neither JSON nor base64');
  }
  const json = Buffer.from(b64, 'base64').toString('utf8');
  return { value: parseJson(json, 'base64-decoded data'), encoding: 'base64' };
}

// Bounded before parsing: a body of a million tiny items must cost one scan that stops early,
// not a parse of a million values, their validation, lint and records.
function parseJson(text, what) {
  checkJsonBounds(text, { maxItems: MAX_ITEMS, maxDepth: MAX_DEPTH });
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${what} is not valid JSON: ${err.message}`);
  }
}

function decompress(body, encoding) {
  const enc = (encoding ?? '').trim().toLowerCase();
  // maxOutputLength turns a zip bomb into a RangeError instead of an out-of-memory crash.
  const opts = { maxOutputLength: MAX_BODY_BYTES };
  try {
    if (enc === '' || enc === 'identity') return body;
    if (enc === 'gzip' || enc === 'x-gzip') return zlib.gunzipSync(body, opts);
    if (enc === 'br') return zlib.brotliDecompressSync(body, opts);
    if (enc === 'deflate') {
      // "deflate" on the web means zlib-wrapped, but some clients send raw deflate.
      try {
        return zlib.inflateSync(body, opts);
      } catch (err) {
        if (err instanceof RangeError) throw err;
        return zlib.inflateRawSync(body, opts);
      }
    }
  } catch (err) {
    if (err instanceof RangeError) throw err;
    throw new Error(`body is not valid ${enc}: ${err.message}`);
  }
  throw Object.assign(new Error(`unsupported content-encoding ${encoding}; use gzip or deflate`), { status: 415 });
}

function header(headers, name) {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function isPlainObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v) {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}
