// record/ (POST): a batch of a session recording, as mixpanel-browser's recorder sends it. The
// query carries replay_id, seq, format (gzip | body), the ids and the replay's times; the body is
// the batch's rrweb events as a JSON array, gzipped when format=gzip; the project is named by the
// Basic header (projectAuth.mjs). Batches go to the replay store (replays.mjs); a short record of
// each goes to the main store, so the viewer shows it among the events and tests can wait on it.

import zlib from 'node:zlib';
import { readBody } from './readBody.mjs';
import { logRequest } from './ingestion.mjs';
import { basicToken } from './projectAuth.mjs';
import { REPLAY_ID } from './replays.mjs';
import { sendJson } from './reply.mjs';
import { injectFault } from './faults.mjs';

export const RECORD_PATH = /^\/record\/?$/;
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Decompressed, a batch may be larger than on the wire, but not without bound. */
const MAX_JSON_BYTES = 32 * 1024 * 1024;
const MAX_EVENTS = 100_000;
/** The query parameters a stored batch keeps (all are short strings or numbers). */
const META = ['distinct_id', '$device_id', '$user_id', '$current_url', '$lib_version', 'mp_lib', 'batch_start_time', 'replay_length_ms', 'replay_start_time', 'replay_start_url', 'format'];

/** The batch's events, or { error } saying why they cannot be read. Pure. */
export function decodeBatch(format, body) {
  let text;
  if (format === 'gzip') {
    try {
      text = zlib.gunzipSync(body, { maxOutputLength: MAX_JSON_BYTES }).toString('utf8');
    } catch (err) {
      return { error: err.code === 'ERR_BUFFER_TOO_LARGE' ? `the batch inflates past ${MAX_JSON_BYTES} bytes` : 'format=gzip but the body is not gzip' };
    }
  } else if (format === 'body') text = body.toString('utf8');
  else return { error: 'format must be gzip or body' };
  let events;
  try {
    events = JSON.parse(text);
  } catch {
    return { error: 'the body is not JSON' };
  }
  if (!Array.isArray(events) || !events.length) return { error: 'the body must be a non-empty JSON array of rrweb events' };
  if (events.length > MAX_EVENTS) return { error: `more than ${MAX_EVENTS} events in one batch` };
  const bad = events.findIndex((e) => e === null || typeof e !== 'object' || typeof e.type !== 'number' || typeof e.timestamp !== 'number');
  if (bad >= 0) return { error: `event ${bad} is not an rrweb event ({ type, timestamp, data })` };
  return { events };
}

export async function handleRecord(ctx, req, res, pathname, query) {
  const answer = (status, error, tokens = []) => {
    logRequest(ctx, req, pathname, query, { status, bodyText: '', tokens, endpoint: 'record', error });
    if (error) ctx.store.reject({ time: Date.now(), method: req.method, endpoint: 'record', status, error, tokens, warnings: [] });
    // The recorder reads the reply as JSON whatever its status.
    sendJson(res, status, { status: error ? 0 : 1, error: error ?? null });
  };
  if (req.method !== 'POST') {
    req.resume();
    return answer(405, `method ${req.method} not allowed; record/ takes POST`);
  }
  const auth = basicToken(req.headers.authorization, 'record/');
  const tokens = auth.token ? [auth.token] : [];
  const { body, tooLarge, aborted } = await readBody(req, MAX_BODY_BYTES);
  if (aborted) return void res.destroy();
  if (auth.problem) return answer(401, auth.problem);
  // Fault rules (tests): record/ fails as the ingestion endpoints do.
  if (ctx.faults && (await injectFault(ctx, req, res, { tokens, endpoint: 'record' }, (status) => logRequest(ctx, req, pathname, query, { status, bodyText: '', tokens, endpoint: 'record' })))) return;
  if (tooLarge) return answer(413, `body exceeds ${MAX_BODY_BYTES} bytes`, tokens);
  if (typeof query.replay_id !== 'string' || !REPLAY_ID.test(query.replay_id)) return answer(400, 'replay_id must be 1-128 letters, digits, - or _', tokens);
  if (!/^\d{1,7}$/.test(query.seq ?? '')) return answer(400, 'seq must be the batch number (0, 1, 2, ...)', tokens);
  const batch = decodeBatch(query.format, body);
  if (batch.error) return answer(400, batch.error, tokens);

  const meta = {};
  for (const key of META) if (typeof query[key] === 'string') meta[key] = query[key].slice(0, 2048);
  const seq = Number(query.seq);
  const kept = ctx.replays.add({ token: auth.token, replay_id: query.replay_id, seq, meta, events: batch.events });
  if (!kept.ok) return answer(kept.status, kept.error, tokens);
  if (!kept.duplicate) {
    const payload = { token: auth.token, replay_id: query.replay_id, seq, events: batch.events.length, bytes: body.length, ...meta };
    ctx.store.append('record', [payload], { method: 'POST', content_type: req.headers['content-type'] ?? null, encoding: meta.format ?? null, origin: req.headers.origin ?? null, user_agent: req.headers['user-agent'] ?? null, query: {} });
  }
  answer(200, null, tokens);
}
