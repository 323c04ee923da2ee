/**
 * The record entry (`__tkpu`) where the core appends an anonymous visitor's profile updates as
 * `[op, value]` until the held module merges them into upstream's keys: written at the call, so
 * a page left while the module loads keeps them. Shared by the core's side and the module.
 */
export const UNMERGED = '__tkpu';
