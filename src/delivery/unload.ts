// The unload budget: keepalive requests share a 64 KiB in-flight budget per page, so what goes
// out at hide or pagehide is chosen to fit under it.

/** Keepalive requests share a 64 KiB in-flight budget per page; stay under it. */
const KEEPALIVE_BUDGET = 60000;
/** `data=%5B%5D`: the form body of an empty batch. */
const EMPTY_BODY = 11;

let inFlight = 0;

/** Counts a keepalive body in flight (`n` characters; negative once it settled). */
export function keepaliveSent(n: number): void {
  inFlight += n;
}

/** Characters keepalive requests may still carry. */
export const keepaliveRoom = (): number => KEEPALIVE_BUDGET - inFlight;

/**
 * Sends `items` in batches of at most `max` whose encoded bodies fit `room` in all; what does not
 * fit is skipped, as are items `json` gives no text for. `send` posts a batch and returns its
 * body's length.
 */
export function sendWithin<T>(items: T[], json: (item: T) => string | undefined, room: number, max: number, send: (batch: T[]) => number): void {
  let batch: T[] = [];
  let size = EMPTY_BODY;
  const fire = () => {
    if (!batch.length) return;
    room -= send(batch);
    batch = [];
    size = EMPTY_BODY;
  };
  for (const item of items) {
    const text = json(item);
    // Encoded is never shorter than raw: what cannot fit raw is skipped before paying to encode
    // it (a full queue is megabytes; the budget is 60 KB).
    if (text === undefined || size + text.length + 3 > room) continue;
    const n = encodeURIComponent(text).length + 3;
    if (size + n > room) continue;
    batch.push(item);
    size += n;
    if (batch.length >= max) fire();
  }
  fire();
}
