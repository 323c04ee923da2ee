// Reads and writes a queue record in its stored form (src/delivery/queue.ts): a header line
// {"t","d"}, then one payload a line as `<n> <rest>`, the first n characters of the JSON on the
// line before followed by `rest`.

export interface QueueRecord {
  t: number;
  d: number;
  q: any[];
}

export function readRecord(text: string): QueueRecord {
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
export const writeRecord = (r: QueueRecord): string => [JSON.stringify({ t: r.t, d: r.d }), ...r.q.map((p) => '0 ' + JSON.stringify(p))].join('\n');
