// What a request's callback receives, as mixpanel-browser 2.84 types it.

/** A request's outcome with `verbose: true`. */
export type VerboseResponse = { status: 1; error: null } | { status: 0; error: string };
/** `1` accepted (or safely queued when batching), `0` refused or dropped. */
export type NormalResponse = 1 | 0;
export type Response = VerboseResponse | NormalResponse;
