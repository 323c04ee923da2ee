// The wire contract as warnings: what Mixpanel's pipeline would silently truncate, drop or
// refuse in one payload, found before the developer ships. Pure: a payload (and the clock,
// passed in) in, a list of { code, message, path } out. The facts come from Mixpanel's
// published ingestion schema (shared/vendor/mixpanel-ingestion.openapi.yaml, read with its two
// known slips fixed: group $union requires $union, group $delete requires $delete) and from
// the limits in Mixpanel's docs and official libraries (see shared/brief/wire-contract.md).

import { detach } from './detach.mjs';

const LIMITS = Object.freeze({
  /** Mixpanel truncates longer strings (values, names, ids) to 255 characters. */
  maxStringLength: 255,
  /** An event must have fewer than 255 properties. */
  maxProperties: 254,
  /** Arrays must have fewer than 255 elements. */
  maxArrayLength: 254,
  /** Nested objects deeper than this are not kept. */
  maxDepth: 3,
  /** /track accepts events of the last 5 days only. */
  maxAgeMs: 5 * 24 * 3600 * 1000,
  /** A time in the future is overwritten with the time of ingestion; a little clock skew is normal. */
  maxFutureMs: 60 * 60 * 1000,
  /** An event must be under 1 MB of JSON. */
  maxEventBytes: 1024 * 1024,
  /** $insert_id: at most 36 characters of [A-Za-z0-9-]. */
  insertId: /^[A-Za-z0-9-]{1,36}$/,
  /** Warnings kept per payload; the rest are summed up in one last warning. */
  maxWarnings: 25,
});

/** Keys that name a credential, compared lower-cased without punctuation (as the client does). */
const CREDENTIAL_NAME = /secret|passw(or)?d|apikey|authori[sz]ation|bearer|credential|serviceaccount|privatekey|accesstoken|authtoken|sessiontoken/;
// An Authorization header's value: the scheme, then one long opaque word ("Basic plan" is not one).
const CREDENTIAL_VALUE = /^\s*(basic|bearer|digest)\s+[A-Za-z0-9+/=._~-]{12,}\s*$/i;

/** distinct_id values Mixpanel's ingestion refuses (compared lower-cased, trimmed). */
const REFUSED_IDS = new Set(['anon', 'anonymous', 'nil', 'none', 'null', 'n/a', 'na', 'undefined', 'unknown', '0', '-1', 'true', 'false', '[]', '{}', '00000000-0000-0000-0000-000000000000']);

const PROFILE_OPS = ['$set', '$set_once', '$add', '$append', '$union', '$remove', '$unset', '$delete'];
const GROUP_OPS = ['$set', '$set_once', '$unset', '$remove', '$union', '$delete'];
const ENGAGE_KEYS = new Set(['$token', '$distinct_id', '$device_id', '$user_id', '$ip', '$ignore_time', '$ignore_alias', '$time', ...PROFILE_OPS]);
const GROUP_KEYS = new Set(['$token', '$group_key', '$group_id', '$ip', '$ignore_time', '$time', ...GROUP_OPS]);

export const isCredentialKey = (key) => CREDENTIAL_NAME.test(String(key).toLowerCase().replace(/[^a-z0-9]/g, ''));

/**
 * Warnings for one payload of /track, /engage or /groups.
 * @param {'track'|'engage'|'groups'|string} endpoint
 * @param {unknown} payload
 * @param {{now?: number}} [options] now: the time of receipt, for the 5-day window of /track
 * @returns {{code: string, message: string, path: string}[]}
 */
export function lintPayload(endpoint, payload, { now = Date.now() } = {}) {
  const out = [];
  const warn = (code, path, message) => out.push({ code, message, path });

  if (!isPlainObject(payload)) {
    warn('schema', '', `a payload must be a JSON object, got ${describe(payload)}`);
    return out;
  }
  if (endpoint === 'track') lintEvent(payload, warn, now);
  else if (endpoint === 'engage') lintUpdate(payload, warn, { ops: PROFILE_OPS, known: ENGAGE_KEYS, kind: 'profile' });
  else if (endpoint === 'groups') lintUpdate(payload, warn, { ops: GROUP_OPS, known: GROUP_KEYS, kind: 'group' });
  // flags/ and record/ requests are checked by flags.mjs and record.mjs before they are kept.
  else if (endpoint === 'flags' || endpoint === 'record') return out;
  else warn('endpoint', '', `unknown endpoint ${String(endpoint)}; browser clients use /track, /engage and /groups`);

  walk(payload, '', 0, warn, endpoint);
  return cap(out);
}

/** Warnings for a batch (array) or single payload; paths are prefixed with [i] for batches. */
export function lintBatch(endpoint, value, options) {
  if (!Array.isArray(value)) return lintPayload(endpoint, value, options);
  const out = [];
  value.forEach((payload, i) => {
    for (const w of lintPayload(endpoint, payload, options)) out.push({ ...w, path: w.path ? `[${i}].${w.path}` : `[${i}]` });
  });
  if (value.length === 0) out.push({ code: 'schema', message: 'empty batch: send at least one payload', path: '' });
  if (endpoint === 'track' && value.length > 2000) out.push({ code: 'batch_size', message: `${value.length} events in one request; /track takes at most 2000`, path: '' });
  return cap(out);
}

function lintEvent(payload, warn, now) {
  for (const key of Object.keys(payload)) {
    if (key !== 'event' && key !== 'properties') warn('schema', key, `unexpected top-level key "${key}": an event has only "event" and "properties" (Mixpanel ignores the rest)`);
  }
  if (typeof payload.event !== 'string' || payload.event === '') warn('event_missing', 'event', '"event" must be a non-empty string; Mixpanel refuses the request');
  const props = payload.properties;
  if (!isPlainObject(props)) {
    warn('schema', 'properties', `"properties" must be an object holding the token, got ${describe(props)}`);
    warn('token_missing', 'properties.token', 'no project token: Mixpanel refuses the whole request');
    return;
  }
  lintToken(props.token, 'properties.token', warn);

  const count = Object.keys(props).length;
  if (count > LIMITS.maxProperties) warn('too_many_properties', 'properties', `${count} properties; Mixpanel keeps events with fewer than 255 properties`);

  if (!('$insert_id' in props)) warn('insert_id', 'properties.$insert_id', 'no $insert_id: a retried event will be counted twice');
  else if (typeof props.$insert_id !== 'string' || !LIMITS.insertId.test(props.$insert_id)) {
    warn('insert_id', 'properties.$insert_id', `$insert_id ${short(props.$insert_id)} is not 1-36 characters of [A-Za-z0-9-]; Mixpanel refuses or ignores it, so retries are not deduplicated`);
  }

  if ('distinct_id' in props) lintDistinctId(props.distinct_id, 'properties.distinct_id', warn);
  if ('time' in props) lintTime(props.time, warn, now);

  const bytes = Buffer.byteLength(safeStringify(payload));
  if (bytes >= LIMITS.maxEventBytes) warn('too_large', '', `event is ${bytes} bytes of JSON; Mixpanel drops events of 1 MB or more`);
}

function lintTime(time, warn, now) {
  const path = 'properties.time';
  if (typeof time !== 'number' || !Number.isFinite(time)) {
    warn('time', path, `time must be a number of seconds or milliseconds since the epoch, got ${short(time)}`);
    return;
  }
  if (!Number.isInteger(time)) warn('time', path, `time ${time} is not an integer: the ingestion schema types it as an integer (send integer milliseconds)`);
  // Mixpanel reads values below 1e11 as seconds (1e11 seconds is the year 5138; 1e11 ms is 1973).
  const ms = Math.abs(time) < 1e11 ? time * 1000 : time;
  if (ms < now - LIMITS.maxAgeMs) warn('time', path, `time ${new Date(ms).toISOString()} is more than 5 days old: /track drops it (older events need /import, which needs a secret)`);
  else if (ms > now + LIMITS.maxFutureMs) warn('time', path, `time ${new Date(ms).toISOString()} is in the future: Mixpanel overwrites it with the time of ingestion`);
}

function lintUpdate(payload, warn, { ops, known, kind }) {
  lintToken(payload.$token, '$token', warn);
  if (kind === 'profile') {
    if (!('$distinct_id' in payload)) warn('schema', '$distinct_id', 'a profile update needs "$distinct_id"');
    else lintDistinctId(payload.$distinct_id, '$distinct_id', warn);
  } else {
    for (const key of ['$group_key', '$group_id']) {
      const v = payload[key];
      if (v === undefined || v === null || v === '') warn('schema', key, `a group update needs "${key}"`);
      else if (typeof v !== 'string' && key === '$group_key') warn('schema', key, `"${key}" must be a string, got ${describe(v)}`);
    }
  }
  const present = ops.filter((op) => op in payload);
  if (present.length === 0) warn('schema', '', `no operation: a ${kind} update needs one of ${ops.join(', ')}`);
  if (present.length > 1) warn('schema', '', `${present.length} operations (${present.join(', ')}) in one update: send one per update, Mixpanel applies only one`);
  for (const key of Object.keys(payload)) {
    if (!known.has(key)) warn('schema', key, `unexpected key "${key}" in a ${kind} update (Mixpanel ignores it)`);
  }
  for (const op of present) lintOp(op, payload[op], warn, kind);
}

function lintOp(op, value, warn, kind) {
  const path = op;
  switch (op) {
    case '$set':
    case '$set_once':
    case '$append':
    case '$remove':
      if (!isPlainObject(value)) return warn('schema', path, `${op} takes an object of property: value, got ${describe(value)}`);
      if (Object.keys(value).length > LIMITS.maxProperties) warn('too_many_properties', path, `${Object.keys(value).length} properties in one ${op}; keep fewer than 255`);
      return;
    case '$add':
      if (!isPlainObject(value)) return warn('schema', path, `$add takes an object of property: number, got ${describe(value)}`);
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'number' || !Number.isFinite(v)) warn('schema', `${path}.${k}`, `$add needs a number, got ${short(v)}`);
      }
      return;
    case '$union':
      if (!isPlainObject(value) || Object.keys(value).length === 0) return warn('schema', path, `$union takes a non-empty object of property: [values], got ${describe(value)}`);
      for (const [k, v] of Object.entries(value)) {
        if (!Array.isArray(v) || v.length === 0) warn('schema', `${path}.${k}`, `$union needs a non-empty array, got ${describe(v)}`);
        else if (v.some((x) => typeof x !== 'string' && typeof x !== 'number')) warn('schema', `${path}.${k}`, '$union lists may hold only strings and numbers');
      }
      return;
    case '$unset':
      if (!Array.isArray(value) || value.length === 0) return warn('schema', path, `$unset takes a non-empty array of property names, got ${describe(value)}`);
      if (value.some((x) => typeof x !== 'string')) warn('schema', path, '$unset lists property names: strings only');
      return;
    case '$delete':
      return; // the value is ignored
    default:
      return warn('schema', path, `unknown ${kind} operation ${op}`);
  }
}

function lintToken(token, path, warn) {
  if (typeof token !== 'string' || token === '') return warn('token_missing', path, 'no project token: Mixpanel refuses the whole request');
  if (/\s|:/.test(token) || CREDENTIAL_VALUE.test(token)) {
    warn('credential', path, 'the token contains a space or ":" — it looks like a credential (user:secret or an Authorization value), not a public project token');
  }
}

function lintDistinctId(id, path, warn) {
  if (typeof id !== 'string' && typeof id !== 'number') return warn('distinct_id', path, `distinct id must be a string, got ${describe(id)}`);
  const text = String(id);
  if (REFUSED_IDS.has(text.trim().toLowerCase()) || text.trim() === '') warn('distinct_id', path, `distinct id ${short(text)} is one Mixpanel refuses (it would merge unrelated users)`);
}

// One walk over everything: long strings and keys, credential-looking keys and values, deep
// nesting and long arrays, wherever they are.
function walk(value, path, depth, warn, endpoint) {
  if (typeof value === 'string') {
    if (value.length > LIMITS.maxStringLength) warn('string_too_long', path, `${value.length} characters: Mixpanel truncates strings to 255`);
    else if (CREDENTIAL_VALUE.test(value)) warn('credential', path, 'the value looks like an Authorization header (Basic/Bearer ...): never send credentials from a browser');
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > LIMITS.maxArrayLength) warn('array_too_long', path, `${value.length} elements: Mixpanel keeps lists of fewer than 255`);
    for (let i = 0; i < value.length; i++) walk(value[i], `${path}[${i}]`, depth + 1, warn, endpoint);
    return;
  }
  if (!isPlainObject(value)) return;
  // Depth counts objects below the payload's own property bags (properties, $set, ...).
  const bagDepth = depth - 1;
  if (bagDepth > LIMITS.maxDepth) {
    warn('too_deep', path, `nested ${bagDepth} levels deep; Mixpanel keeps objects nested at most 3 levels`);
    return;
  }
  for (const key of Object.keys(value)) {
    const child = path ? `${path}.${key}` : key;
    if (isCredentialKey(key)) warn('credential', child, `key "${key}" names a credential: secrets must never be sent from a browser (tracklet removes such keys)`);
    if (key.length > LIMITS.maxStringLength) warn('string_too_long', child, `property name of ${key.length} characters: Mixpanel truncates names to 255`);
    walk(value[key], child, depth + 1, warn, endpoint);
  }
}

function cap(list) {
  if (list.length <= LIMITS.maxWarnings) return list;
  const kept = list.slice(0, LIMITS.maxWarnings - 1);
  kept.push({ code: 'more', message: `${list.length - kept.length} more warnings not listed`, path: '' });
  return kept;
}

function safeStringify(v) {
  try {
    return JSON.stringify(v) ?? '';
  } catch {
    return '';
  }
}

// A preview that holds no reference to the value it shows (see detach.mjs).
function short(v) {
  const text = typeof v === 'string' ? JSON.stringify(v.slice(0, 60)) : safeStringify(v) || String(v);
  return text.length > 60 ? `${detach(text, 57)}...` : detach(text);
}

function isPlainObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v) {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : v === undefined ? 'nothing' : typeof v;
}
