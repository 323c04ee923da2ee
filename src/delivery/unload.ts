// The unload budget: keepalive requests share a 64 KiB in-flight budget per page (the browsers'
// limit), so what goes out at hide or pagehide is chosen to fit what is left of it.

/** Keepalive requests share a 64 KiB in-flight budget per page; stay under it. */
const KEEPALIVE_BUDGET = 60000;

/** Characters of keepalive bodies in flight from this page. */
let inFlight = 0;

/** Counts a keepalive body in flight (`n` characters; negative once it settled). */
export function keepaliveSent(n: number): void {
  inFlight += n;
}

/** Characters keepalive requests may still carry. */
export const keepaliveRoom = (): number => KEEPALIVE_BUDGET - inFlight;

/** `data=%5B%5D`: the form body of an empty batch. */
export const EMPTY_BODY = 11;
