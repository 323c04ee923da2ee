// The stored form of a queue record: the one reader and writer, shared by the queue, the tests,
// the soak run and the backlog bench (plain JavaScript, like guard/credentials.mjs, so Node runs it).
//
// A record is lines: a header `{"t":…,"d":…}` (write time, 0 once the page left; dropped count),
// then a payload a line as `<n> <rest>`: its JSON is the first n characters of the JSON on the
// line before (n is 0 on the first) and then `rest`. Events of a page share device, page and
// super properties, so a line is about a quarter of the JSON. (JSON text has no raw line breaks.)
// Beside each record `<prefix>:<id>` a tiny key `__tkh<…>:<id>` tells whether its page lives:
// the time of its last sign of life, 0 once it left.

/** The key where the page owning record `key` (`__tkq…`) shows it is alive. */
export const beatOf = (key) => '__tkh' + key.slice(5);

/**
 * The record text: the header, then the oldest payloads (JSON strings) up to `max` stored
 * characters. The shared prefix is first guessed to be as long as the line before's (a native
 * compare), then extended a character at a time: a character loop from the start costs a
 * burst ~10 ms, about what the smaller write saves.
 */
export function encodeRecord(t, d, jsons, max) {
  const lines = [`{"t":${t},"d":${d}}`];
  let size = 0;
  let prev = '';
  let shared = 0;
  for (const json of jsons) {
    if (!json.startsWith(prev.slice(0, shared))) shared = 0;
    while (json.charCodeAt(shared) === prev.charCodeAt(shared)) shared++;
    const line = shared + ' ' + json.slice(shared);
    size += line.length + 1;
    if (size > max) break;
    lines.push(line);
    prev = json;
  }
  return lines.join('\n');
}

/** The header line's text (parse it with the caller's own JSON reader). */
export const headerOf = (text) => text.split('\n', 1)[0];

/** The payloads' JSON strings, in order. */
export function payloadsOf(text) {
  let prev = '';
  return text
    .split('\n')
    .slice(1)
    .map((line) => (prev = prev.slice(0, parseInt(line)) + line.slice(line.indexOf(' ') + 1)));
}

/** For tests and tools: the header's fields and the payloads parsed. */
export const readRecord = (text) => ({ ...JSON.parse(headerOf(text)), q: payloadsOf(text).map((j) => JSON.parse(j)) });

/** For tests and tools: a record as a tab leaves it, every payload stored whole. */
export const writeRecord = ({ t, d, q }) => [JSON.stringify({ t, d }), ...q.map((p) => '0 ' + JSON.stringify(p))].join('\n');
