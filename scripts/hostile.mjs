// The soak run's hostile mode (node scripts/soak.mjs --hostile): while the tabs track, a client
// sends the collector random bad requests (broken JSON, a million tiny items, 100,000-deep
// nesting, a gzip bomb, an oversized body, unknown encodings, bad base64, good batches spoiled by
// one bad item, attempts to read or steer the collector from another origin or Host) mixed with
// good requests of its own. What it reports: how the bad ones were answered, how many of their
// payloads were stored (must be 0), and how many of its good events were lost or stored twice
// (must be 0), and the slowest answer to a good request.

import { gzipSync } from 'node:zlib';
import http from 'node:http';

const FORM = 'application/x-www-form-urlencoded';

/** The bad requests, each a function of (random, marker token) → request. */
const BAD = {
  'broken JSON': (r, t) => ({ type: 'application/json', body: `[{"event":"x","properties":{"token":"${t}"` }),
  'a million tiny items': () => ({ type: 'application/json', body: `[${Array(1_000_000).fill('1').join(',')}]` }),
  '3,000 events': (r, t) => ({ type: 'application/json', body: JSON.stringify(Array.from({ length: 3000 }, (_, i) => marked(t, i))) }),
  '100,000-deep nesting': (r, t) => ({ type: 'application/json', body: `[{"event":"x","properties":{"token":"${t}","d":${'['.repeat(100_000)}${']'.repeat(100_000)}}}]` }),
  'a gzip bomb': (r, t) => ({ type: 'application/json', encoding: 'gzip', body: gzipSync(JSON.stringify([marked(t, 0, ' '.repeat(11 << 20))])) }),
  'a body over 10 MB': (r, t) => ({ type: 'application/json', body: JSON.stringify([marked(t, 0, 'x'.repeat(10.5 * (1 << 20)))]) }),
  'an unknown encoding': (r, t) => ({ type: 'application/json', encoding: 'zstd', body: JSON.stringify([marked(t, 0)]) }),
  'bad base64': () => ({ type: FORM, body: 'data=eyJldmVudCI6!!!' }),
  'random bytes': (r) => ({ type: FORM, body: Buffer.from(Array.from({ length: 1 + Math.floor(r() * 4096) }, () => Math.floor(r() * 256))) }),
  'a good batch with one bad item': (r, t) => ({ type: FORM, body: `data=${encodeURIComponent(JSON.stringify([marked(t, 1), marked(t, 2), { event: 'no token', properties: {} }]))}` }),
  'items nested 70 deep': (r, t) => ({ type: 'application/json', body: JSON.stringify([marked(t, 0, JSON.parse('['.repeat(70) + ']'.repeat(70)))]) }),
};

/** Attempts on the collector's own API that must be refused (status 403 or 415). */
const STEER = {
  'a text/plain fault rule': (api, t) => ({ url: `${api}/_/faults`, method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: 'http://evil.example' }, body: JSON.stringify({ token: t, status: 200, body: '1', count: -1 }) }),
  'a JSON fault rule from another origin': (api, t) => ({ url: `${api}/_/faults`, method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' }, body: JSON.stringify({ status: 200, body: '1', count: -1 }) }),
  'a read from another origin': (api) => ({ url: `${api}/_/received`, method: 'GET', headers: { Origin: 'http://evil.example' } }),
  'a read with a rebound Host': (api) => ({ url: `${api}/_/requests`, method: 'GET', headers: { Host: `evil.example:${new URL(api).port}` } }),
};

const marked = (token, i, pad) => ({ event: 'hostile', properties: { token, distinct_id: 'h', $insert_id: `h${i}`, hostile: true, ...(pad === undefined ? {} : { pad }) } });

/** One request through node:http (fetch cannot set Host); resolves with the status, 0 on a network error. */
function send({ url, method = 'POST', headers = {}, body }) {
  return new Promise((resolve) => {
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/**
 * Starts sending. `store` is the collector's store (to count what was kept); returns stop(),
 * which resolves with the report once the last request was answered.
 */
export function startHostile({ api, store, random, seed }) {
  const badToken = `tk_hostile_bad_${seed}`;
  const goodToken = `tk_hostile_good_${seed}`;
  const answers = {};
  const steered = {};
  let good = 0;
  let goodRequests = 0;
  let slowestGood = 0;
  let running = true;
  const count = (map, key, status) => ((map[key] ??= {})[status] = (map[key][status] ?? 0) + 1);

  const loop = (async () => {
    while (running) {
      const roll = random();
      if (roll < 0.5) {
        // A good request: a few events, re-sent until acknowledged (as a client would).
        const batch = Array.from({ length: 1 + Math.floor(random() * 20) }, () => ({ event: 'good', properties: { token: goodToken, distinct_id: 'g', $insert_id: `g${good++}` } }));
        const body = `data=${encodeURIComponent(JSON.stringify(batch))}`;
        for (;;) {
          const started = performance.now();
          const status = await send({ url: `${api}/track`, headers: { 'Content-Type': FORM }, body });
          slowestGood = Math.max(slowestGood, performance.now() - started);
          goodRequests++;
          if (status === 200) break;
        }
      } else if (roll < 0.9) {
        const kinds = Object.keys(BAD);
        const kind = kinds[Math.floor(random() * kinds.length)];
        const { type, encoding, body } = BAD[kind](random, badToken);
        const endpoint = ['track', 'engage', 'groups'][Math.floor(random() * 3)];
        const headers = { 'Content-Type': type, ...(encoding ? { 'Content-Encoding': encoding } : {}) };
        count(answers, kind, await send({ url: `${api}/${endpoint}`, headers, body }));
      } else {
        const kinds = Object.keys(STEER);
        const kind = kinds[Math.floor(random() * kinds.length)];
        count(steered, kind, await send(STEER[kind](api, goodToken)));
      }
      await new Promise((r) => setTimeout(r, Math.floor(random() * 30)));
    }
  })();

  return {
    async stop() {
      running = false;
      await loop;
      const stored = store.query({ token: goodToken });
      const ids = new Set(stored.map((r) => r.payload.properties.$insert_id));
      return {
        answers,
        steered,
        badStored: store.query({ token: badToken }).length + store.query({ event: 'hostile' }).length,
        good,
        goodRequests,
        goodLost: good - ids.size,
        goodDoubled: stored.length - ids.size,
        slowestGood,
      };
    },
  };
}

/** The report's lines. */
export function describeHostile(h) {
  const statuses = (m) => Object.entries(m).map(([kind, by]) => `    ${kind}: ${Object.entries(by).map(([s, n]) => `${n} × ${s === '0' ? 'no answer' : s}`).join(', ')}`);
  return [
    `  hostile       ${Object.values(h.answers).reduce((a, by) => a + Object.values(by).reduce((x, y) => x + y, 0), 0)} bad requests, answered:`,
    ...statuses(h.answers),
    `                payloads of bad requests stored: ${h.badStored}`,
    '  steering      attempts on the collector\'s own API, answered:',
    ...statuses(h.steered),
    `  good (raw)    ${h.good} events in ${h.goodRequests} requests among them; lost ${h.goodLost}, stored twice ${h.goodDoubled}; slowest answer ${h.slowestGood.toFixed(0)} ms`,
  ];
}
