// Reads and writes a queue record in its stored form (src/delivery/queue.ts): a header line
// {"t","d"}, then one payload a line as `<n> <rest>`, the first n characters of the JSON on the
// line before followed by `rest`. For the tests and the soak run, which look into storage.

/** The header's fields and the payloads (types: record.d.mts). */
export function readRecord(text) {
  const [head, ...lines] = text.split('\n');
  let prev = '';
  const q = lines.map((line) => {
    const sp = line.indexOf(' ');
    prev = prev.slice(0, Number(line.slice(0, sp))) + line.slice(sp + 1);
    return JSON.parse(prev);
  });
  return { ...JSON.parse(head), q };
}

/** A record as a tab leaves it, every payload stored whole. */
export const writeRecord = ({ t, d, q }) => [JSON.stringify({ t, d }), ...q.map((p) => '0 ' + JSON.stringify(p))].join('\n');
