// `tracklet collector`: the local collector (the one `npm start` runs), or a first-party proxy.
import path from 'node:path';
import { parseArgs, UsageError } from './args.mjs';
import { plainError } from './plainError.mjs';

/** startCollector() options from the command line and the environment. Throws a UsageError. */
export function collectorOptions(args, env = process.env) {
  const o = parseArgs(args, { values: ['port', 'host', 'data', 'forward', 'flags'], flags: ['record', 'trust-proxy', 'faults'], lists: ['allow-origin'] });
  const portText = o.port ?? (env.PORT || '8080');
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new UsageError(`--port must be 0-65535, got ${JSON.stringify(portText)}`);
  if ((o.record !== undefined || o['trust-proxy'] !== undefined) && !o.forward) throw new UsageError('--record and --trust-proxy go with --forward <url>');
  const options = {
    port: Number(portText),
    host: o.host ?? (env.HOST || '127.0.0.1'),
    dataDir: o.data ?? (env.TRACKLET_DATA || '.tracklet'),
  };
  if (o.forward) Object.assign(options, { forward: o.forward, record: o.record === true, trustProxy: o['trust-proxy'] === true });
  // Passed on only when given, so the collector's own defaults stay in one place.
  if (o.faults !== undefined) options.faults = o.faults;
  if (o.flags !== undefined) {
    if (o.forward) throw new UsageError('--flags serves flags/ locally; a --forward proxy passes only /track, /engage and /groups');
    options.flags = o.flags;
  }
  if (o['allow-origin']) options.allowOrigins = o['allow-origin'].map(checkOrigin);
  return options;
}

/** An origin as browsers send it in the Origin header: scheme://host[:port], nothing after. */
function checkOrigin(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--allow-origin takes an origin such as https://www.example.com, got ${JSON.stringify(value)}`);
  }
  if (url.origin === 'null' || url.origin !== value.replace(/\/$/, '')) {
    throw new UsageError(`--allow-origin takes an origin such as https://www.example.com (scheme, host and port only), got ${JSON.stringify(value)}`);
  }
  return url.origin;
}

/**
 * Starts the collector the arguments describe and says where it is. Resolves to the collector;
 * a port or folder problem rejects with one plain sentence.
 */
export async function startFromArgs(args, { env = process.env, log = console.log } = {}) {
  const options = collectorOptions(args, env);
  const { startCollector } = await import('../collector/server.mjs');
  let c;
  try {
    c = await startCollector(options);
  } catch (err) {
    const sentence = plainError(err, { port: options.port, host: options.host });
    throw sentence ? Object.assign(new Error(sentence), { code: err.code }) : err;
  }
  const stored = `${path.resolve(options.dataDir)}/received.jsonl`;
  if (options.forward) {
    log(`tracklet proxy: ${c.url} -> ${options.forward}`);
    log(`  set api_host: '<this server's public URL>' in init(); /track, /engage, /groups are forwarded`);
    if (options.record) log(`  recorded in:  ${stored}, shown on ${c.url}`);
  } else {
    log(`tracklet collector: ${c.url}`);
    log(`  live events:  ${c.url}`);
    log(`  examples:     ${c.url}examples/`);
    log(`  the build:    ${c.url}dist/tracklet.min.js (npx tracklet snippet --collector ${c.url.replace(/\/$/, '')})`);
    log(`  ingestion:    api_host: '${c.url.replace(/\/$/, '')}'`);
    log(`  stored in:    ${stored}`);
    if (options.flags) log(`  flags from:   ${path.resolve(options.flags)} (re-read when it changes)`);
  }
  return c;
}

/** Runs `tracklet collector <args>` until SIGINT or SIGTERM. */
export async function collectorCommand(args) {
  const c = await startFromArgs(args);
  const stop = () => c.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
