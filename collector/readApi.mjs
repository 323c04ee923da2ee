// The read API: what tests and the viewer page ask. Reached only through the access policy
// (access.mjs) of everything under /_/.

import { openStream } from './stream.mjs';
import { sendJson } from './reply.mjs';
import { REPLAY_ID } from './replays.mjs';
import { sendPlayer } from './player.mjs';

export function handleReadApi(ctx, req, res, pathname, query) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendJson(res, 405, { error: `method ${req.method} not allowed` });
  }
  switch (pathname.replace(/\/+$/, '')) {
    case '/_/health':
      return sendJson(res, 200, { ok: true });
    case '/_/received':
      // ?before=SEQ&limit=N pages back from the newest; total counts the matches, stored all.
      return sendJson(res, 200, ctx.store.page(query));
    case '/_/rejected':
      return sendJson(res, 200, { rejected: ctx.store.rejections(query) });
    case '/_/requests':
      return sendJson(res, 200, { requests: ctx.requests.query(query) });
    case '/_/stream':
      return openStream(ctx, req, res, query);
    case '/_/player.js':
      return sendPlayer(res, 'js');
    case '/_/player.css':
      return sendPlayer(res, 'css');
    case '/_/replays':
      return sendJson(res, 200, { replays: ctx.replays.list(query) });
    default:
      if (pathname.startsWith('/_/replays/')) return sendReplay(ctx, res, pathname.slice('/_/replays/'.length).replace(/\/+$/, ''));
      return sendJson(res, 404, { error: `no such path ${pathname}` });
  }
}

/** One recording's events in order, for the player (replay.html). */
function sendReplay(ctx, res, id) {
  const replay = REPLAY_ID.test(id) ? ctx.replays.get(id) : null;
  if (!replay) return sendJson(res, 404, { error: `no replay ${id}` });
  sendJson(res, 200, replay);
}
