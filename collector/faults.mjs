// Fault injection: tests and the soak script make the collector misbehave on purpose. Off unless
// the collector is started with `faults: true` (--faults); rules are posted as JSON.
//
//   POST   /_/faults   {token?, endpoint?, query?, encoding?, status?, count?, rate?, retryAfter?, delayMs?, drop?, body?}
//                      (or an array of them) queues rules; answers {rules}
//   GET    /_/faults   {rules, inFlight, maxInFlight}: the rules left, and per token the ingestion
//                      requests open now and the most ever open at once
//   DELETE /_/faults[?token=]   removes the rules (of that token), resets its counters
//
// Each ingestion request is decoded first (so its token is known), then meets the rules in order:
// the first one that matches (same token and endpoint, the query parameters of `query`, and the
// request's Content-Encoding when the rule names `encoding`: "gzip", or "" for an uncompressed
// body, so a rule can play a server that refuses gzip) and fires
// (probability `rate`, default 1) is used up once (`count`, default 1; -1 means forever) and
// decides the answer, before anything is stored:
//   delayMs     wait this long first (alone: then answer normally, and store)
//   drop        destroy the connection without a reply (the client sees a network error)
//   status      answer with this status, not storing anything; a 200 answers {"status":0} (a
//               refusal) unless `body` gives the reply text
//   retryAfter  add a Retry-After header (seconds, or any text)

import { readBody } from './readBody.mjs';
import { sendJson } from './reply.mjs';

const MAX_RULES_BYTES = 64 * 1024;
const MAX_RULES = 1000;

const state = new WeakMap();

function stateOf(ctx) {
  let s = state.get(ctx);
  if (!s) state.set(ctx, (s = { rules: [], open: new Map(), max: new Map() }));
  return s;
}

const COUNTERS = ['open', 'max'];

function ruleProblem(r) {
  if (r.status !== undefined && !(Number.isInteger(r.status) && r.status >= 100 && r.status <= 599)) return 'status must be an HTTP status (100-599)';
  if (r.body !== undefined && typeof r.body !== 'string') return 'body must be a string';
  if (r.delayMs !== undefined && !(Number(r.delayMs) >= 0 && Number(r.delayMs) <= 600_000)) return 'delayMs must be 0-600000';
  return null;
}

/** The /_/faults API (only when the collector was started with `faults: true`). */
export async function handleFaults(ctx, req, res, query) {
  const s = stateOf(ctx);
  if (req.method === 'POST') {
    // A simple (text/plain, form) POST needs no preflight, so any page could send one: only a
    // JSON body or the custom header, which a browser sends cross-origin only after a preflight.
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json' && req.headers['x-tracklet-faults'] === undefined) {
      return sendJson(res, 415, { error: 'fault rules are sent as Content-Type: application/json (or with an X-Tracklet-Faults header)' });
    }
    const { body, tooLarge, aborted } = await readBody(req, MAX_RULES_BYTES);
    if (aborted) return void res.destroy();
    if (tooLarge) return sendJson(res, 413, { error: `fault rules exceed ${MAX_RULES_BYTES} bytes` });
    let rules;
    try {
      rules = [].concat(JSON.parse(body.toString('utf8') || 'null'));
      if (!rules.every((r) => r && typeof r === 'object' && !Array.isArray(r))) throw new Error('a rule is an object');
      for (const r of rules) if (ruleProblem(r)) throw new Error(ruleProblem(r));
      if (s.rules.length + rules.length > MAX_RULES) throw new Error(`at most ${MAX_RULES} rules at once; DELETE /_/faults first`);
    } catch (err) {
      return sendJson(res, 400, { error: `bad fault rule: ${err.message}` });
    }
    for (const r of rules) s.rules.push({ ...r, count: r.count === undefined ? 1 : Number(r.count), hits: 0 });
  } else if (req.method === 'DELETE') {
    s.rules = query.token ? s.rules.filter((r) => r.token !== query.token) : [];
    for (const c of COUNTERS) query.token ? s[c].delete(query.token) : s[c].clear();
  } else if (req.method !== 'GET') {
    return sendJson(res, 405, { error: `method ${req.method} not allowed` });
  }
  const pick = (m) => Object.fromEntries(query.token ? [[query.token, m.get(query.token) ?? 0]] : m);
  sendJson(res, 200, {
    rules: s.rules.filter((r) => !query.token || r.token === query.token),
    inFlight: pick(s.open),
    maxInFlight: pick(s.max),
  });
}

/**
 * Called for every decoded ingestion request. Counts requests in flight per token; applies the
 * first rule that fires. Returns true when the fault answered (or dropped) the request, after
 * calling `log(status)` so the request log shows what the client got.
 */
export async function injectFault(ctx, req, res, result, log) {
  const s = stateOf(ctx);
  const token = result.tokens[0] ?? '';
  s.open.set(token, (s.open.get(token) ?? 0) + 1);
  s.max.set(token, Math.max(s.max.get(token) ?? 0, s.open.get(token)));
  res.once('close', () => s.open.set(token, s.open.get(token) - 1));

  const params = new URL(req.url, 'http://collector').searchParams;
  const rule = s.rules.find(
    (r) =>
      r.count !== 0 &&
      (!r.token || result.tokens.includes(r.token)) &&
      (!r.endpoint || r.endpoint.replace(/\//g, '') === result.endpoint) &&
      Object.entries(r.query ?? {}).every(([k, v]) => params.get(k) === String(v)) &&
      (r.encoding === undefined || (req.headers['content-encoding'] ?? '').toLowerCase() === r.encoding) &&
      (r.rate === undefined || Math.random() < r.rate),
  );
  if (!rule) return false;
  if (rule.count > 0) rule.count--;
  rule.hits++;
  if (rule.delayMs > 0) await new Promise((r) => setTimeout(r, rule.delayMs));
  if (rule.drop) {
    log(0);
    req.socket.destroy();
    return true;
  }
  if (!rule.status) return false;
  log(rule.status);
  if (rule.retryAfter !== undefined) res.setHeader('Retry-After', String(rule.retryAfter));
  const text = rule.body ?? JSON.stringify({ status: 0, error: `injected fault: HTTP ${rule.status}` });
  res.writeHead(rule.status, { 'Content-Type': text[0] === '{' ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
  return true;
}
