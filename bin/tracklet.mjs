#!/usr/bin/env node
// The `tracklet` command:
//   tracklet snippet [--src <bundle url>]          print the <script> snippet to paste in <head>
//   tracklet collector [--port N] [--data DIR]      run the local collector
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...rest] = process.argv.slice(2);

function option(name, fallback) {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 && rest[i + 1] !== undefined ? rest[i + 1] : fallback;
}

if (command === 'snippet') {
  const stub = readFileSync(path.join(root, 'dist/snippet.min.js'), 'utf8').trim();
  const src = option('src');
  const pre = src ? `window.MIXPANEL_CUSTOM_LIB_URL=${JSON.stringify(src)};` : '';
  console.log(`<script>${pre}${stub}</script>`);
} else if (command === 'collector') {
  const { startCollector } = await import('../collector/server.mjs');
  const c = await startCollector({ port: Number(option('port', process.env.PORT || 8080)), dataDir: option('data', process.env.TRACKLET_DATA || '.tracklet') });
  console.log(`tracklet collector: ${c.url}`);
} else {
  console.error('usage: tracklet snippet [--src <bundle url>]\n       tracklet collector [--port N] [--data DIR]');
  process.exit(command ? 2 : 0);
}
