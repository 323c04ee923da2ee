// The content types of served files, and the listing of a served folder without index.html.

import fs from 'node:fs';
import path from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An HTML page listing `dir` (shown as `shownPath`): folders first, then files with their sizes. */
export async function listing(dir, base, shownPath) {
  const entries = await fs.promises.readdir(dir, { withFileTypes: true });
  const rows = [];
  for (const e of entries.sort((a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || a.name.localeCompare(b.name))) {
    let size = '';
    if (e.isFile()) size = `${(await fs.promises.stat(path.join(dir, e.name))).size.toLocaleString('en')} B`;
    else if (!e.isDirectory()) continue; // symlinks and the like: served only if they stay inside, not listed
    const name = e.name + (e.isDirectory() ? '/' : '');
    rows.push(`<tr><td><a href="${escape(encodeURIComponent(e.name) + (e.isDirectory() ? '/' : ''))}">${escape(name)}</a></td><td>${size}</td></tr>`);
  }
  const up = dir === base ? '' : '<tr><td><a href="../">../</a></td><td></td></tr>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(shownPath)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}td{padding:2px 1em 2px 0}td:last-child{text-align:right;color:#666}</style></head>
<body><h1>${escape(shownPath)}</h1><table>${up}${rows.join('')}</table></body></html>
`;
}
