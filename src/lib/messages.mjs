// The sentences of report.ts's codes: never part of the core, only of the messages module
// (modules/messages/: dist/tracklet-messages.min.js|.mjs), fetched only by a page with
// `debug: true` or an `error_reporter`. Each code is explained in docs/messages.md. Plain
// JavaScript so the `tracklet` command shares the token reasons.
//
// THE RULE: a code never changes meaning once shipped. A sentence may be reworded; a problem
// that changes or goes away retires its code (left out of the table, never reused), and a new
// problem takes the next unused number.

/** Why a token is not a public project token (codes 31-35): the CLI says the same. */
export const TOKEN = {
  31: 'the project token must be a non-empty string',
  32: 'a space or ":" (user:secret, "Bearer ...") is the shape of a credential, not the public project token; secrets stay on your server',
  33: 'a secret key or signed token (JWT) is the shape of a credential, not the public project token; secrets stay on your server',
  34: 'base64 of "user:secret" is the shape of a credential, not the public project token; secrets stay on your server',
  35: 'a project token is 1-255 letters, digits, "_", "-" or "."',
};

/** Sentences by code; {0}, {1}... are the report's parts. */
export const TEXT = {
  1: 'your callback threw',
  2: 'module "{0}": page or instance going; call dropped',
  3: 'module "{0}" did not load; its call skipped',
  4: 'queued for /{0}',
  5: '{0} queue full: oldest dropped',
  6: '{0} queue kept in memory: storage full or blocked',
  7: 'gzip refused (HTTP {0}): sending plain',
  8: 'HTTP {0} {1}: {2} {3} payload(s) refused, dropped',
  9: 'get_group: key must be a string, id a string or number; dropped',
  10: 'people.increment: "{0}" needs a number; skipped',
  11: 'people.delete_user() needs identify() first',
  12: 'people.track_charge() is deprecated (no effect)',
  13: 'track() needs a non-empty event name',
  14: '{0}: id must be a string or number',
  15: '{0}: id is empty',
  16: '{0}: id is over 255 characters',
  17: '{0}: "{1}" is a placeholder id Mixpanel rejects',
  18: '{0}: id starts with "$device:"',
  19: '{0}: id is shaped like a credential (a bearer token, JWT or secret key)',
  20: 'alias: this id is already the profile id',
  21: 'alias: same as the original id',
  22: 'createInstance: already live; returned as is',
  23: "{0} is not in tracklet/lite (import 'tracklet' for it); ignored",
  24: "track_pageview: \"{0}\" follows navigation in 'tracklet' only; first page view only",
  25: "autocapture: in 'tracklet' only; ignored",
  26: 'flags.{0} failed; fallback answered',
  28: 'queued call "{0}" is not a tracklet method; skipped',
  29: 'a queued function threw',
  30: 'a queued call failed',
  36: 'the loaded callback threw',
  37: 'property "{0}" names a credential; removed',
  38: 'init: destroyed; create a new instance',
  39: 'init: {0} already has another token; ignored',
  41: 'init: "{0}" is taken on {1}; choose another name',
  42: 'the {0} hook threw; data dropped',
  43: 'the {0} hook returned nothing; data dropped',
  44: 'track("{0}"): replaced invalid {1}',
  45: 'bundle loaded twice; the second copy does nothing',
  46: '{0}() failed; skipped',
  47: 'config "{0}" refused (a credential): secrets stay on your server',
  48: 'config "{0}" refused (user:password@ in the URL): secrets stay on your server',
  49: 'config "{0}" refused (a credential in its query ({1})): secrets stay on your server',
  50: 'config "{0}": feature not in tracklet; ignored',
  51: 'config "{0}" must be {1}; ignored',
  52: 'track_links/track_forms: callback threw',
  53: 'track_links/track_forms: properties function threw',
  54: 'session replay: the recorder did not load; nothing recorded',
  55: 'module "held" did not load; what it merges or adopts stays stored for a later page',
};

// init refuses a token with its reason (the CLI's `--token` gives the reason alone).
for (const code in TOKEN) TEXT[code] = `init: ${TOKEN[code]}; {0} stays inactive`;

/** The sentence of `code` with its parts; a code this version does not know says so. */
export const text = (code, args) =>
  (TEXT[code] || `problem ${code} (see docs/messages.md)`).replace(/\{(\d)\}/g, (_, i) => String(args[i]));
