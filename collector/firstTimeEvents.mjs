// First-time events of the flags file: a flag may switch a visitor to another variant the first
// time they do something ("first_time_events": [{ "event", "variant", "property_filters"? }]).
// flags/ lists the ones a visitor has not done yet as `pending_first_time_events`, in Mixpanel's
// reply shape; the client watches its own events and, on a match, switches the variant at once
// and posts flags/<flag id>/first-time-events. That post is kept (endpoint `flags`, shown in the
// viewer) and remembered, so the visitor's later flags/ requests serve the new variant.

import { readBody } from './readBody.mjs';
import { sendJson } from './reply.mjs';
import { logRequest } from './ingestion.mjs';
import { basicToken } from './projectAuth.mjs';

const MAX_EVENTS_PER_FLAG = 20;
const MAX_NAME = 255;
const MAX_POST_BYTES = 4096;
// Remembered activations (token, flag, event, visitor); the oldest go first past this.
const MAX_REMEMBERED = 10_000;
const FIELDS = new Set(['event', 'variant', 'property_filters']);

/** Checks a flag's `first_time_events` (and `flag_id`); `fail(message)` throws. */
export function checkFirstTimeEvents(key, def, fail) {
  if (def.flag_id !== undefined && !(typeof def.flag_id === 'string' && /^[\w.-]{1,200}$/.test(def.flag_id))) fail(`flag "${key}": "flag_id" must be letters, digits, "_", "-" or "." (at most 200)`);
  const list = def.first_time_events;
  if (list === undefined) return;
  if (!Array.isArray(list) || list.length > MAX_EVENTS_PER_FLAG) fail(`flag "${key}": "first_time_events" must be a list of at most ${MAX_EVENTS_PER_FLAG} { "event", "variant" }`);
  list.forEach((e, i) => {
    const at = `flag "${key}": first_time_events[${i}]`;
    if (!e || typeof e !== 'object' || Array.isArray(e)) fail(`${at} must be { "event": "<event name>", "variant": "<variant key>" }`);
    for (const field of Object.keys(e)) if (!FIELDS.has(field)) fail(`${at} has an unknown field "${field}" (known: ${[...FIELDS].join(', ')})`);
    if (typeof e.event !== 'string' || !e.event || e.event.length > MAX_NAME) fail(`${at}: "event" must be an event name (1-${MAX_NAME} characters)`);
    if (!(typeof e.variant === 'string' && Object.hasOwn(def.variants, e.variant))) fail(`${at}: "variant" must name one of the flag's variants`);
    if (e.property_filters !== undefined && (!e.property_filters || typeof e.property_filters !== 'object' || Array.isArray(e.property_filters))) fail(`${at}: "property_filters" must be a JsonLogic rule (an object)`);
  });
}

const flagIdOf = (key, def) => def.flag_id ?? key;
// Stable per definition: the same event of the same flag keeps its hash across edits of others.
const hashOf = (key, e) => fnv1a(`${key}\n${e.event}\n${e.variant}\n${JSON.stringify(e.property_filters ?? null)}`).toString(16).padStart(8, '0');
const memoryKey = (token, flagId, hash, id) => JSON.stringify([token, flagId, hash, String(id)]);

/** Per collector: which visitors did which first-time event (bounded, oldest forgotten first). */
const done = new WeakMap();
function doneOf(ctx) {
  let m = done.get(ctx);
  if (!m) done.set(ctx, (m = new Map()));
  return m;
}

/**
 * For one flags/ request: the variant each flag switches to for a visitor who already did its
 * first-time event (flag key → variant key), and the reply's `pending_first_time_events`.
 */
export function firstTimeState(ctx, defs, token, id) {
  const remembered = doneOf(ctx);
  const switched = {};
  const pending = [];
  for (const [key, def] of Object.entries(defs)) {
    for (const e of def.first_time_events ?? []) {
      const hash = hashOf(key, e);
      if (id != null && remembered.has(memoryKey(token, flagIdOf(key, def), hash, id))) {
        switched[key] = e.variant;
        continue;
      }
      const variant = { variant_key: e.variant, variant_value: def.variants[e.variant] };
      if (def.experiment_id !== undefined) variant.experiment_id = def.experiment_id;
      if (def.is_experiment_active !== undefined) variant.is_experiment_active = def.is_experiment_active;
      pending.push({ flag_key: key, flag_id: flagIdOf(key, def), project_id: 1, first_time_event_hash: hash, event_name: e.event, property_filters: e.property_filters ?? {}, pending_variant: variant });
    }
  }
  return { switched, pending };
}

/** POST flags/<flag id>/first-time-events: kept (endpoint `flags`) and remembered for the visitor. */
export async function handleFirstTime(ctx, req, res, pathname, query) {
  const answer = (status, body, error, tokens = []) => {
    logRequest(ctx, req, pathname, query, { status, bodyText: '', tokens, endpoint: 'flags', error });
    sendJson(res, status, body);
  };
  if (req.method !== 'POST') return answer(405, { error: 'use POST' }, 'method');
  const auth = basicToken(req.headers.authorization, 'flags/');
  if (auth.problem) {
    req.resume();
    ctx.store.reject({ time: Date.now(), method: req.method, endpoint: 'flags', status: 401, error: auth.problem, tokens: [], warnings: [] });
    return answer(401, { error: auth.problem }, auth.problem);
  }
  const tokens = [auth.token];
  const { body, tooLarge, aborted } = await readBody(req, MAX_POST_BYTES);
  if (aborted) return void res.destroy();
  if (tooLarge) return answer(413, { error: `a first-time event is at most ${MAX_POST_BYTES} bytes` }, 'size', tokens);
  let got;
  try {
    got = JSON.parse(body.toString('utf8'));
  } catch {
    got = null;
  }
  const hash = got && got.first_time_event_hash;
  const id = got && got.distinct_id;
  if (!got || typeof got !== 'object' || typeof hash !== 'string' || hash.length > 200 || !(typeof id === 'string' || typeof id === 'number') || String(id).length > MAX_NAME) {
    return answer(400, { error: 'expected JSON { distinct_id, project_id, first_time_event_hash }' }, 'body', tokens);
  }
  let flagId;
  try {
    flagId = decodeURIComponent(pathname.split('/')[2]);
  } catch {
    return answer(400, { error: 'the flag id in the path is not valid percent-encoding' }, 'path', tokens);
  }
  const remembered = doneOf(ctx);
  remembered.set(memoryKey(auth.token, flagId, hash, id), true);
  if (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value);
  const kept = { flag_id: flagId, distinct_id: String(id), first_time_event_hash: hash };
  if (got.project_id !== undefined) kept.project_id = got.project_id;
  ctx.store.append('flags', [{ token: auth.token, first_time_event: kept }], { method: 'POST', origin: req.headers.origin ?? null, user_agent: req.headers['user-agent'] ?? null, query: { mp_lib: query.mp_lib, $lib_version: query.$lib_version } });
  answer(200, {}, null, tokens);
}

export function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
