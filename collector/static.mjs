// Static files: the viewer page, and the folders of `root` it serves (dist/, examples/, and
// the tests' own). A path never leaves its folder, by `..` or by a symlink; a folder without an
// index.html answers a listing of its files (/dist/ shows the build).

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sendJson, sendText } from './reply.mjs';
import { CONTENT_TYPES, listing } from './listing.mjs';

const PAGE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'page.html');
const REPLAY_PAGE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'replay.html');
const PAGE_PATHS = new Set(['/', '/index.html', '/favicon.ico', '/replay']);

/** The served folder ('dist', 'examples', ...) the path lies under, else null. */
function staticDir(ctx, pathname) {
  return ctx.staticDirs.find((dir) => pathname === `/${dir}` || pathname.startsWith(`/${dir}/`)) ?? null;
}

export function isStaticPath(ctx, pathname) {
  return PAGE_PATHS.has(pathname) || staticDir(ctx, pathname) !== null;
}

export async function serveStatic(ctx, req, res, pathname, search) {
  // Public files: any page may load them (a bundle pinned with SRI is fetched with CORS).
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (req.method === 'OPTIONS') return void res.writeHead(204).end();
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendJson(res, 405, { error: `method ${req.method} not allowed` });
  }
  if (pathname === '/favicon.ico') return void res.writeHead(204).end();
  if (pathname === '/' || pathname === '/index.html') return sendFile(req, res, PAGE);
  if (pathname === '/replay') return sendFile(req, res, REPLAY_PAGE);

  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return sendText(res, 400, 'bad path encoding');
  }
  const segments = decoded.split('/');
  if (segments.includes('..') || decoded.includes('\0') || decoded.includes('\\')) {
    return sendText(res, 400, 'path must not contain .., \\ or NUL');
  }
  // segments: ['', 'dist' | 'examples', ...rest]
  let base;
  let file;
  try {
    // Real paths, so a symlink that points out of the folder is refused like `..`.
    base = await fs.promises.realpath(path.join(ctx.root, segments[1]));
    file = await fs.promises.realpath(path.join(base, ...segments.slice(2)));
  } catch {
    return sendText(res, 404, `not found: ${pathname}`);
  }
  if (file !== base && !file.startsWith(base + path.sep)) return sendText(res, 404, `not found: ${pathname}`);

  const stat = await fs.promises.stat(file);
  if (!stat.isDirectory()) return sendStaticFile(ctx, req, res, file, pathname);
  // Relative links inside examples/x/index.html only resolve against a trailing slash.
  if (!pathname.endsWith('/')) {
    res.writeHead(301, { Location: pathname + '/' + (search ? `?${search}` : '') });
    return void res.end();
  }
  const index = path.join(file, 'index.html');
  if (fs.existsSync(index)) return sendStaticFile(ctx, req, res, index, pathname);
  const html = await listing(file, base, pathname);
  res.writeHead(200, { 'Content-Type': CONTENT_TYPES['.html'], 'Content-Length': Buffer.byteLength(html) });
  res.end(req.method === 'HEAD' ? undefined : html);
}

// Example (and test) pages install tracklet the way a real site does, with the snippet pasted
// inline: each marker below becomes the current contents of its file, read on every request so
// a page never shows a stale copy. Mixpanel's own official snippet is available the same way
// (from the mixpanel-browser devDependency) to prove tracklet's bundle accepts it.
const INLINE_SCRIPTS = {
  '<!-- tracklet:snippet -->': 'dist/snippet.min.js',
  '<!-- mixpanel:snippet -->': 'node_modules/mixpanel-browser/dist/mixpanel-jslib-snippet.min.js',
};

function sendStaticFile(ctx, req, res, file, shownPath) {
  if (path.extname(file).toLowerCase() !== '.html') return sendFile(req, res, file, shownPath);
  return sendPage(ctx, req, res, file, shownPath);
}

async function sendPage(ctx, req, res, file, shownPath) {
  let html;
  try {
    html = await fs.promises.readFile(file, 'utf8');
  } catch {
    return sendText(res, 404, `not found: ${shownPath}`);
  }
  for (const [marker, source] of Object.entries(INLINE_SCRIPTS)) {
    if (!html.includes(marker)) continue;
    let script;
    try {
      // Carries the page's nonce, so the inline snippet runs under a strict CSP too.
      script = `<script nonce="{{CSP_NONCE}}">${await fs.promises.readFile(path.join(ctx.root, source), 'utf8')}</script>`;
    } catch {
      script = `<!-- tracklet collector: ${source} is missing; run npm run build / npm install -->`;
    }
    html = html.split(marker).join(script);
  }
  // A page may come with response headers in `<page>.headers.json` (a CSP, for instance);
  // `{{CSP_NONCE}}` in them and in the page becomes a fresh nonce for every response.
  const headers = { 'Content-Type': CONTENT_TYPES['.html'] };
  const nonce = crypto.randomBytes(16).toString('base64');
  try {
    // `{ "variants": { name: headers } }` serves one page under several policies (`?variant=name`).
    const sidecar = JSON.parse(await fs.promises.readFile(file + '.headers.json', 'utf8'));
    const variant = new URL(req.url, 'http://x').searchParams.get('variant');
    const extra = sidecar.variants ? sidecar.variants[variant] ?? {} : sidecar;
    for (const [k, v] of Object.entries(extra)) headers[k] = String(v).split('{{CSP_NONCE}}').join(nonce);
  } catch {
    // no sidecar: plain page
  }
  const data = Buffer.from(html.split('{{CSP_NONCE}}').join(nonce), 'utf8');
  res.writeHead(200, { ...headers, 'Content-Length': data.length });
  res.end(req.method === 'HEAD' ? undefined : data);
}

async function sendFile(req, res, file, shownPath = '/') {
  let data;
  try {
    data = await fs.promises.readFile(file);
  } catch {
    return sendText(res, 404, `not found: ${shownPath}`);
  }
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, { 'Content-Type': type, 'Content-Length': data.length });
  res.end(req.method === 'HEAD' ? undefined : data);
}
