// Ids from the platform's CSPRNG. Bytes are drawn in blocks so that track() pays for one
// subarray per event rather than one getRandomValues call.

let pool = new Uint8Array(0);
let offset = 0;

function bytes(n: number): Uint8Array {
  if (offset + n > pool.length) {
    pool = new Uint8Array(4096);
    offset = 0;
    try {
      crypto.getRandomValues(pool);
    } catch {
      // No Web Crypto (very old engines): ids stay unique enough for dedup, not for secrecy.
      for (let i = 0; i < 4096; i++) pool[i] = Math.random() * 256;
    }
  }
  offset += n;
  return pool.subarray(offset - n, offset);
}

/** Two hex digits per byte value, built on first use (nothing runs at import). */
let HEX: string[] | undefined;

function hex(n: number): string {
  const digits = HEX || (HEX = [...Array(256)].map((_, i) => (i + 256).toString(16).slice(1)));
  const b = bytes(n);
  let s = '';
  // An index loop and a table: track() calls this once per event.
  for (let i = 0; i < n; i++) s += digits[b[i]];
  return s;
}

/** A random (version 4) UUID, the shape Mixpanel uses for `$device_id`. */
export function uuid(): string {
  const h = hex(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) & 3]}${h.slice(17, 20)}-${h.slice(20)}`;
}

/** `$insert_id`: 32 hex characters, inside the server's 36-character `[A-Za-z0-9-]` rule. */
export const insertId = (): string => hex(16);
