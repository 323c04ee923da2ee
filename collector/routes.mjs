// Which handler answers a request, and under which access rule (access.mjs): ingestion is open
// to every origin, /_/ only to the collector's own, static files are public.

import { endpointOf } from './ingest.mjs';
import { FORWARDED_PATH } from './forward.mjs';
import { handleFaults } from './faults.mjs';
import { handleForward, handleIngest, logRequest } from './ingestion.mjs';
import { FIRST_TIME_PATH, FLAGS_PATH, handleFlags } from './flags.mjs';
import { RECORD_PATH, handleRecord } from './record.mjs';
import { handleReadApi } from './readApi.mjs';
import { isStaticPath, serveStatic } from './static.mjs';
import { privateAccess, setIngestionCors } from './access.mjs';
import { sendJson } from './reply.mjs';

export async function route(ctx, req, res) {
  const { pathname, search } = splitUrl(req.url);
  const query = Object.fromEntries(new URLSearchParams(search));
  res.setHeader('Cache-Control', 'no-store');

  if (pathname.startsWith('/_/')) {
    const refused = privateAccess(ctx, req, res);
    if (refused) return sendJson(res, 403, { error: refused });
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (ctx.forward && !ctx.forward.record && pathname !== '/_/health') return notForwarded(res, pathname);
    if (pathname === '/_/faults') {
      if (!ctx.faults) return sendJson(res, 404, { error: 'fault injection is off; start the collector with faults: true (--faults) to use it' });
      return handleFaults(ctx, req, res, query);
    }
    return handleReadApi(ctx, req, res, pathname, query);
  }
  if (ctx.forward && !ctx.forward.record && !FORWARDED_PATH.test(pathname)) return notForwarded(res, pathname);
  if (isStaticPath(ctx, pathname) && !(ctx.forward && FORWARDED_PATH.test(pathname))) {
    return serveStatic(ctx, req, res, pathname, search);
  }

  setIngestionCors(req, res);
  if (req.method === 'OPTIONS') {
    // Preflights are logged too (hidden from /_/requests by default): a client asking to send
    // an Authorization header is worth seeing even if it never follows through.
    if (!ctx.forward || ctx.forward.record) logRequest(ctx, req, pathname, query, { status: 204, bodyText: '', tokens: [], endpoint: endpointOf(pathname) });
    return void res.writeHead(204).end();
  }
  if (ctx.forward && FORWARDED_PATH.test(pathname)) return handleForward(ctx, req, res, pathname, search, query);
  if (FLAGS_PATH.test(pathname) || FIRST_TIME_PATH.test(pathname)) return handleFlags(ctx, req, res, pathname, query);
  if (RECORD_PATH.test(pathname)) return handleRecord(ctx, req, res, pathname, query);
  return handleIngest(ctx, req, res, pathname, query);
}

// A production proxy serves nothing else: no stored data, no files.
const notForwarded = (res, pathname) => sendJson(res, 404, { error: `not forwarded: ${pathname}; this proxy passes on /track, /engage and /groups` });

// Not `new URL(req.url, base)`: a path like //evil.com/x would be read as a host.
function splitUrl(rawUrl = '/') {
  let url = rawUrl;
  if (/^https?:\/\//i.test(url)) url = url.replace(/^https?:\/\/[^/?]*/i, '') || '/';
  const q = url.indexOf('?');
  return { pathname: q < 0 ? url : url.slice(0, q), search: q < 0 ? '' : url.slice(q + 1) };
}
