#!/usr/bin/env node
// Prints raw, gzip (level 9) and brotli (quality 11) sizes of every shipped file, and of a small
// ES-module app that imports only createInstance + track, bundled by rollup like a user would,
// once from 'tracklet' and once from 'tracklet/lite': what a widget adds to its own bundle.
// `npm run size -- --modules` adds where the script-tag bundle's bytes come from, per source file;
// `--switches`, what each module's switch costs it (switchCost.mjs).
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

/**
 * The script-tag bundle rebuilt with a source map, its minified characters attributed to the
 * source file they came from. Brotli is per file alone, scaled so the files add up to the
 * bundle's: a file's share of the compressed bundle, not what deleting it would save.
 */
async function bySource() {
  const { rollup } = await import('rollup');
  const { decode } = await import('@jridgewell/sourcemap-codec');
  const { default: configs, ts } = await import('../rollup.config.mjs');
  const cfg = configs.find((c) => c.input == 'src/cdn.ts');
  // The same plugins, with source maps through the TypeScript step too.
  // (module-sri rewrites the code without a map: left out, its few bytes of hashes with it.)
  const plugins = cfg.plugins.filter((p) => p.name != 'module-sri').map((p) => (p.name == 'typescript' ? ts({ sourceMap: true }) : p));
  const bundle = await rollup({ input: cfg.input, plugins, onwarn: () => {} });
  const { output } = await bundle.generate({ format: 'iife', sourcemap: true });
  const { code, map } = output[0];
  const lines = code.split('\n');
  const text = {};
  decode(map.mappings).forEach((segments, line) => {
    for (let i = 0; i < segments.length; i++) {
      const [col, src] = segments[i];
      const end = i + 1 < segments.length ? segments[i + 1][0] : lines[line].length;
      const file = src === undefined ? '(wrapper)' : path.relative(ROOT, path.resolve(map.sources[src]).replace(/^.*?(?=src\/)/, ROOT + '/'));
      text[file] = (text[file] || '') + lines[line].slice(col, end);
    }
  });
  const total = sizes(Buffer.from(code));
  const alone = Object.fromEntries(Object.entries(text).map(([f, t]) => [f, sizes(Buffer.from(t)).brotli]));
  const scale = total.brotli / Object.values(alone).reduce((a, b) => a + b, 0);
  const pad = (s, n) => String(s).padStart(n);
  console.log(`\nwhere dist/tracklet.min.js's bytes come from (rebuilt with a source map: ${total.raw} raw, ${total.brotli} brotli)`);
  console.log(`${'source'.padEnd(36)}${pad('raw', 9)}${pad('brotli≈', 9)}`);
  for (const [f, t] of Object.entries(text).sort((a, b) => b[1].length - a[1].length)) console.log(`${f.padEnd(36)}${pad(t.length, 9)}${pad(Math.round(alone[f] * scale), 9)}`);
}

async function main() {
  const { MODULES } = await import('../rollup.config.mjs');
  // Each module loaded on demand: its script file and its ES module chunk.
  const modules = MODULES.flatMap((m) => [`dist/tracklet-${m}.min.js`, `dist/tracklet-${m}.mjs`]);
  // A pinned core's list of the modules' hashes (read before its first module).
  const files = ['dist/snippet.min.js', 'dist/tracklet.min.js', 'dist/tracklet-sri.min.js', ...modules, 'dist/tracklet.mjs', 'dist/tracklet.cjs', 'dist/tracklet-lite.mjs', 'dist/tracklet-lite.cjs'];
  const rows = [];
  for (const f of files) if (existsSync(path.join(ROOT, f))) rows.push([f, sizes(readFileSync(path.join(ROOT, f)))]);
  for (const [label, module] of Object.entries(APPS)) if (existsSync(path.join(ROOT, module))) rows.push([label, sizes(await appBundle(module))]);

  const pad = (s, n) => String(s).padStart(n);
  console.log(`\n${'file'.padEnd(36)}${pad('raw', 9)}${pad('gzip', 9)}${pad('brotli', 9)}`);
  for (const [f, s] of rows) console.log(`${f.padEnd(36)}${pad(s.raw, 9)}${pad(s.gzip, 9)}${pad(s.brotli, 9)}`);
  if (process.argv.includes('--modules')) await bySource();
  if (process.argv.includes('--switches')) await (await import('./switchCost.mjs')).switchCosts();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
