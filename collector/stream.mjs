// The live stream (Server-Sent Events): a backlog first (the last 200, or everything after
// Last-Event-ID / ?since=), then each new record as it is stored. Filters are the same as
// /_/received. Written with backpressure: at most STREAM_BUFFER bytes wait in a client's socket
// buffer, the rest waits as references to stored records; a client that stops reading while
// more than MAX_WAITING messages pile up is dropped (EventSource reconnects with Last-Event-ID).

import { recordMatcher, rejectionMatcher } from './store.mjs';

const STREAM_BACKLOG = 200;
const STREAM_BUFFER = 256 * 1024;
const MAX_WAITING = 10_000;

const recordEvent = (record) => `id: ${record.seq}\ndata: ${JSON.stringify(record)}\n\n`;
// Refused requests go out as `event: rejected` (no id: they are not part of the replay).
const rejectedEvent = (entry) => `event: rejected\ndata: ${JSON.stringify(entry)}\n\n`;

export function openStream(ctx, req, res, query) {
  const { since: querySince, ...filter } = query;
  const since = req.headers['last-event-id'] ?? querySince;
  const match = recordMatcher(filter);
  const rejectedFor = rejectionMatcher(filter);

  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  if (req.method === 'HEAD') return void res.end();

  // [format, value] pairs not yet written: the backlog, then what arrived meanwhile.
  const waiting = ctx.store.page({ ...filter, since, limit: since ? undefined : STREAM_BACKLOG }).records.map((r) => [recordEvent, r]);
  let next = 0;
  // The backlog is what the client asked for; the cap is on what piles up after it.
  let allowance = waiting.length + MAX_WAITING;
  let open = true;
  const pump = () => {
    while (open && next < waiting.length && res.writableLength < STREAM_BUFFER) {
      const [format, value] = waiting[next++];
      res.write(format(value));
    }
    if (next === waiting.length) {
      waiting.length = next = 0;
      allowance = MAX_WAITING;
    }
  };
  const queue = (format, value) => {
    if (!open) return;
    if (waiting.length - next >= allowance) {
      close();
      return void res.destroy();
    }
    waiting.push([format, value]);
    pump();
  };

  const unsubscribe = ctx.store.subscribe((record) => match(record) && queue(recordEvent, record));
  const unsubscribeRejected = ctx.store.subscribeRejected((entry) => rejectedFor(entry) && queue(rejectedEvent, entry));
  // Pings keep proxies from closing an idle stream; a stalled client does not get them queued.
  ctx.streams.set(res, () => res.writableLength < STREAM_BUFFER && res.write(': ping\n\n'));
  function close() {
    open = false;
    unsubscribe();
    unsubscribeRejected();
    ctx.streams.delete(res);
  }
  res.on('drain', pump);
  res.on('close', close);
  res.on('error', close);

  res.write('retry: 2000\n\n');
  pump();
}
