// The value types every other public type builds on: properties, callbacks, register options.
// Their own file, so types.ts and the files of types/ both import them and neither imports the other.

import type { Response } from './response';

/** Any JSON-able value; Dates become ISO strings, other odd values are sanitized away. */
export type PropertyValue = unknown;

/** A bag of event, super or profile properties. */
export interface Properties {
  [key: string]: PropertyValue;
}

/** Properties as upstream types them, where tracklet hands them to your code (hooks). */
export interface Dict {
  [key: string]: any;
}

/**
 * Called once per request outcome with a `Response`, and the payload as `data`. Profile updates
 * of an anonymous visitor answer `-1` (held until `identify()`), as upstream's do, though
 * upstream's types leave it out.
 */
export type Callback = (response: Response, data?: unknown) => void;

/** Options of `register()` / `register_once()` / `unregister()` (methods take a `Partial` of it). */
export interface RegisterOptions {
  /** `false` keeps the super properties for this page only, never written to storage. */
  persistent: boolean;
}

/** `track_pageview`: `true` tracks the first page view; a string also follows navigation. */
export type TrackPageView = boolean | 'url-with-path' | 'url-with-path-and-query-string' | 'full-url';
