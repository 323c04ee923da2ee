#!/usr/bin/env node
// Prints raw, gzip (level 9) and brotli (quality 11) sizes of every shipped file, and of a small
// ES-module app that imports only createInstance + track, bundled by rollup like a user would.
import { readFileSync, existsSync, writeFileSync, mkdtempSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function sizes(buf) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

async function appSize() {
  const { rollup } = await import('rollup');
  const { default: terser } = await import('@rollup/plugin-terser');
  const dir = mkdtempSync(path.join(tmpdir(), 'tracklet-size-'));
  const entry = path.join(dir, 'app.mjs');
  writeFileSync(entry, `import { createInstance } from ${JSON.stringify(path.resolve('dist/tracklet.mjs'))};\ncreateInstance('token', {}).track('Hello', { a: 1 });\n`);
  const bundle = await rollup({ input: entry, onwarn: () => {} });
  const { output } = await bundle.generate({ format: 'es', plugins: [terser({ ecma: 2018, module: true })] });
  return Buffer.from(output[0].code);
}

const files = ['dist/snippet.min.js', 'dist/tracklet.min.js', 'dist/tracklet.mjs', 'dist/tracklet.cjs'];
const rows = [];
for (const f of files) if (existsSync(f)) rows.push([f, sizes(readFileSync(f))]);
if (existsSync('dist/tracklet.mjs')) rows.push(['app: createInstance + track', sizes(await appSize())]);

const pad = (s, n) => String(s).padStart(n);
console.log(`\n${'file'.padEnd(30)}${pad('raw', 9)}${pad('gzip', 9)}${pad('brotli', 9)}`);
for (const [f, s] of rows) console.log(`${f.padEnd(30)}${pad(s.raw, 9)}${pad(s.gzip, 9)}${pad(s.brotli, 9)}`);
