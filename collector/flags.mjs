// flags/ (GET): Mixpanel's feature-flag endpoint, answered from a file of flag definitions
// (`--flags <file>`) so a developer can try variants with no account. The project is named by
// `token` in the query and by `Authorization: Basic base64(<token>:)`; anything after the colon
// would be a secret, and a secret never belongs in a browser: such a request is refused.
//
// The file (JSON, read on each request, parsed again when it changed):
//   { "<flag key>": { "variants": { "<variant key>": <any JSON value>, ... },
//                     "rollout": { "<variant key>": <percent>, ... },   optional: else the first variant for all
//                     "users": { "<distinct id>": "<variant key>", ... }, optional: fixed answers
//                     "experiment_id": "...", "is_experiment_active": true,
//                     "flag_id": "...", "first_time_events": [...] }, ... }  optional: firstTimeEvents.mjs
// A visitor's variant is stable: a hash of flag key and distinct id picks it; a rollout under
// 100 % leaves the rest without the flag, and the client falls back.

import fs from 'node:fs';
import path from 'node:path';
import { sendJson } from './reply.mjs';
import { logRequest } from './ingestion.mjs';
import { basicToken } from './projectAuth.mjs';
import { injectFault } from './faults.mjs';
import { checkFirstTimeEvents, firstTimeState, handleFirstTime, fnv1a } from './firstTimeEvents.mjs';

export const FLAGS_PATH = /^\/flags\/?$/;
// Upstream's client posts here when a visitor did a flag's first-time event (firstTimeEvents.mjs).
export const FIRST_TIME_PATH = /^\/flags\/[^/]{1,200}\/first-time-events\/?$/;
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_FLAGS = 1000;
const FLAG_FIELDS = new Set(['variants', 'rollout', 'users', 'experiment_id', 'is_experiment_active', 'flag_id', 'first_time_events']);

/** A reader of the definitions file that re-parses it when its content changes. */
export function flagSource(file) {
  const resolved = path.resolve(file);
  let seen = '';
  let flags = {};
  return {
    file: resolved,
    /** The current definitions; throws an Error whose message says what is wrong with the file. */
    read() {
      let stat;
      try {
        stat = fs.statSync(resolved);
      } catch (err) {
        throw new Error(`cannot read the flags file ${resolved}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
      }
      if (stat.size > MAX_FILE_BYTES) throw new Error(`the flags file ${resolved} is over ${MAX_FILE_BYTES} bytes`);
      // Compared by content, not by time: two quick edits can share a timestamp.
      const text = fs.readFileSync(resolved, 'utf8');
      if (text !== seen) {
        let parsed;
        try {
          parsed = JSON.parse(text);
        } catch (err) {
          throw new Error(`the flags file ${resolved} is not valid JSON: ${err.message}`);
        }
        flags = checkDefinitions(parsed, resolved);
        seen = text;
      }
      return flags;
    },
  };
}

/** The definitions as given, or an Error naming the first field that is wrong. */
export function checkDefinitions(defs, where = 'flags') {
  const fail = (msg) => {
    throw new Error(`${where}: ${msg}`);
  };
  if (!isPlainObject(defs)) fail('must be a JSON object of flag key -> definition');
  const keys = Object.keys(defs);
  if (keys.length > MAX_FLAGS) fail(`more than ${MAX_FLAGS} flags`);
  for (const key of keys) {
    const def = defs[key];
    if (!isPlainObject(def)) fail(`flag "${key}" must be an object with "variants"`);
    for (const field of Object.keys(def)) if (!FLAG_FIELDS.has(field)) fail(`flag "${key}" has an unknown field "${field}" (known: ${[...FLAG_FIELDS].join(', ')})`);
    if (!isPlainObject(def.variants) || !Object.keys(def.variants).length) fail(`flag "${key}" needs "variants": { "<variant key>": <value> }`);
    if (def.rollout !== undefined) {
      if (!isPlainObject(def.rollout)) fail(`flag "${key}": "rollout" must be { "<variant key>": <percent> }`);
      let total = 0;
      for (const [variant, percent] of Object.entries(def.rollout)) {
        if (!(variant in def.variants)) fail(`flag "${key}": rollout names "${variant}", which is not one of its variants`);
        if (typeof percent !== 'number' || !(percent >= 0 && percent <= 100)) fail(`flag "${key}": rollout of "${variant}" must be a percent from 0 to 100`);
        total += percent;
      }
      if (total > 100.0001) fail(`flag "${key}": rollout adds up to ${total} %, over 100`);
    }
    if (def.users !== undefined) {
      if (!isPlainObject(def.users)) fail(`flag "${key}": "users" must be { "<distinct id>": "<variant key>" }`);
      for (const [id, variant] of Object.entries(def.users)) if (!(variant in def.variants)) fail(`flag "${key}": users["${id}"] names "${variant}", which is not one of its variants`);
    }
    if (def.experiment_id !== undefined && typeof def.experiment_id !== 'string') fail(`flag "${key}": "experiment_id" must be a string`);
    if (def.is_experiment_active !== undefined && typeof def.is_experiment_active !== 'boolean') fail(`flag "${key}": "is_experiment_active" must be true or false`);
    checkFirstTimeEvents(key, def, fail);
  }
  return defs;
}

/** Which variant of `key` this id gets, or null when the rollout leaves it out. Stable per id. */
export function assignVariant(key, def, id) {
  if (id != null && def.users && Object.hasOwn(def.users, String(id))) return def.users[String(id)];
  if (!def.rollout) return Object.keys(def.variants)[0];
  const bucket = (fnv1a(`${key}:${id ?? ''}`) % 10000) / 100; // 0.00 .. 99.99
  let upTo = 0;
  for (const [variant, percent] of Object.entries(def.rollout)) {
    upTo += percent;
    if (bucket < upTo) return variant;
  }
  return null;
}

/** The reply's `flags` object for one context, as Mixpanel's endpoint shapes it; `switched`: flag key → variant a first-time event gave. */
export function servedFlags(defs, context, switched = {}) {
  const id = context.distinct_id ?? context.device_id;
  const out = {};
  for (const [key, def] of Object.entries(defs)) {
    const variant = Object.hasOwn(switched, key) ? switched[key] : assignVariant(key, def, id);
    if (variant === null) continue;
    out[key] = { variant_key: variant, variant_value: def.variants[variant] };
    if (def.experiment_id !== undefined) out[key].experiment_id = def.experiment_id;
    if (def.is_experiment_active !== undefined) out[key].is_experiment_active = def.is_experiment_active;
  }
  return out;
}

/** What is wrong with a flags request's project identification, or null. */
export function identificationProblem(query, authorization) {
  const token = query.token;
  if (typeof token !== 'string' || !token) return 'missing token: flags/ needs ?token=<project token>';
  const auth = basicToken(authorization, 'flags/');
  if (auth.problem) return auth.problem;
  if (auth.token !== token) return 'Authorization names another project than ?token=';
  return null;
}

export async function handleFlags(ctx, req, res, pathname, query) {
  const answer = (status, body, error, tokens = []) => {
    logRequest(ctx, req, pathname, query, { status, bodyText: '', tokens, endpoint: 'flags', error });
    sendJson(res, status, body);
  };
  const tokens = typeof query.token === 'string' && query.token ? [query.token] : [];
  // The fault rules (endpoint "flags") play a slow, failing or vanishing flags server.
  const faulted = (status) => logRequest(ctx, req, pathname, query, { status, bodyText: '', tokens, endpoint: 'flags' });
  if (ctx.faults && (await injectFault(ctx, req, res, { tokens, endpoint: 'flags' }, faulted))) return;
  if (FIRST_TIME_PATH.test(pathname)) return handleFirstTime(ctx, req, res, pathname, query);
  if (req.method !== 'GET') return answer(405, { error: `method ${req.method} not allowed; flags/ takes GET` }, 'method');
  const problem = identificationProblem(query, req.headers.authorization);
  if (problem) {
    ctx.store.reject({ time: Date.now(), method: req.method, endpoint: 'flags', status: 401, error: problem, tokens, warnings: [] });
    return answer(401, { error: problem }, problem, tokens);
  }
  let context = {};
  if (query.context !== undefined) {
    try {
      context = JSON.parse(query.context);
    } catch {
      context = null;
    }
    if (!isPlainObject(context)) return answer(400, { error: 'context must be a JSON object' }, 'context', tokens);
  }
  let defs = {};
  if (ctx.flags) {
    try {
      defs = ctx.flags.read();
    } catch (err) {
      // The developer's file is broken: say so to the client (which falls back) and in the viewer.
      ctx.store.reject({ time: Date.now(), method: req.method, endpoint: 'flags', status: 500, error: err.message, tokens, warnings: [] });
      return answer(500, { error: err.message }, err.message, tokens);
    }
  }
  const { switched, pending } = firstTimeState(ctx, defs, query.token, context.distinct_id);
  const flags = servedFlags(defs, context, switched);
  const served = Object.fromEntries(Object.entries(flags).map(([k, v]) => [k, v.variant_key]));
  const kept = { token: query.token, context, served };
  if (pending.length) kept.pending_first_time_events = pending.map((p) => `${p.flag_key}: ${p.event_name}`);
  ctx.store.append('flags', [kept], { method: 'GET', origin: req.headers.origin ?? null, user_agent: req.headers['user-agent'] ?? null, query: { mp_lib: query.mp_lib, $lib_version: query.$lib_version } });
  answer(200, pending.length ? { flags, pending_first_time_events: pending } : { flags }, null, tokens);
}

function isPlainObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
