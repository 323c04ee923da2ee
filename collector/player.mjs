// The ecosystem's session player, rrweb-player, for replay.html: served from wherever npm put it
// (this repo's devDependency, or the user's project after `npm install rrweb-player`), never bundled
// into tracklet's package: visitors' sites never need it.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { sendJson } from './reply.mjs';

const FILES = { js: 'dist/rrweb-player.umd.min.cjs', css: 'dist/style.min.css' };
const TYPES = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

/** rrweb-player's folder, from the collector's own install or the current project; null if neither has it. */
function playerDir() {
  for (const from of [import.meta.url, path.join(process.cwd(), 'package.json')]) {
    try {
      // Its package.json is not exported; its main file lies in dist/.
      return path.dirname(path.dirname(createRequire(from).resolve('rrweb-player')));
    } catch {
      // not installed there
    }
  }
  return null;
}

export function sendPlayer(res, which) {
  const dir = playerDir();
  if (!dir) return sendJson(res, 404, { error: 'rrweb-player is not installed: run `npm install rrweb-player` where you run the collector to play recordings back' });
  const data = fs.readFileSync(path.join(dir, FILES[which]));
  res.writeHead(200, { 'Content-Type': TYPES[which], 'Content-Length': data.length });
  res.end(data);
}
