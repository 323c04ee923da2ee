#!/usr/bin/env node
// Prints raw, gzip (level 9) and brotli (quality 11) sizes of every shipped file, and of a small
// ES-module app that imports only createInstance + track, bundled by rollup like a user would,
// once from 'tracklet' and once from 'tracklet/lite': what a widget adds to its own bundle.
import { readFileSync, existsSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function sizes(buf) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** The apps measured: label → the dist module they import createInstance from. */
export const APPS = {
  'app: createInstance + track': 'dist/tracklet.mjs',
  'app (lite): createInstance + track': 'dist/tracklet-lite.mjs',
};

/** A minified bundle of an app that imports createInstance from `module` and tracks one event. */
export async function appBundle(module) {
  const { rollup } = await import('rollup');
  const { default: terser } = await import('@rollup/plugin-terser');
  const dir = mkdtempSync(path.join(tmpdir(), 'tracklet-size-'));
  try {
    const entry = path.join(dir, 'app.mjs');
    writeFileSync(entry, `import { createInstance } from ${JSON.stringify(path.resolve(ROOT, module))};\ncreateInstance('token', {}).track('Hello', { a: 1 });\n`);
    const bundle = await rollup({ input: entry, onwarn: () => {} });
    const { output } = await bundle.generate({ format: 'es', plugins: [terser({ ecma: 2018, module: true })] });
    return Buffer.from(output[0].code);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const files = ['dist/snippet.min.js', 'dist/tracklet.min.js', 'dist/tracklet.mjs', 'dist/tracklet.cjs', 'dist/tracklet-lite.mjs', 'dist/tracklet-lite.cjs'];
  const rows = [];
  for (const f of files) if (existsSync(path.join(ROOT, f))) rows.push([f, sizes(readFileSync(path.join(ROOT, f)))]);
  for (const [label, module] of Object.entries(APPS)) if (existsSync(path.join(ROOT, module))) rows.push([label, sizes(await appBundle(module))]);

  const pad = (s, n) => String(s).padStart(n);
  console.log(`\n${'file'.padEnd(36)}${pad('raw', 9)}${pad('gzip', 9)}${pad('brotli', 9)}`);
  for (const [f, s] of rows) console.log(`${f.padEnd(36)}${pad(s.raw, 9)}${pad(s.gzip, 9)}${pad(s.brotli, 9)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
