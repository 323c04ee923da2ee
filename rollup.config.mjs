// Builds every artifact other tools load (names are fixed): the stub, the script-tag bundle,
// the ES module, the CommonJS build and one bundled declaration file, each of the last three
// for 'tracklet' and for 'tracklet/lite'.
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
// Where the snippet loads the bundle from unless the page sets MIXPANEL_CUSTOM_LIB_URL.
const BUNDLE_URL = process.env.TRACKLET_BUNDLE_URL || `https://cdn.jsdelivr.net/npm/tracklet@${pkg.version}/dist/tracklet.min.js`;

/** The TypeScript step of every JS build; `npm run size -- --modules` adds source maps to it. */
export const ts = (extra = {}) => typescript({ tsconfig: './tsconfig.json', compilerOptions: { declaration: false, outDir: undefined, removeComments: true, ...extra } });

const min = (module) =>
  terser({
    ecma: 2018,
    module,
    compress: { passes: 3, unsafe_arrows: true, pure_getters: true, global_defs: { __BUNDLE_URL__: BUNDLE_URL } },
    // Private members are `_x` (never `__x`: those are Mixpanel's own persisted names).
    mangle: { properties: { regex: /^_[a-zA-Z]/, keep_quoted: true } },
    format: { comments: false },
  });

// dist/integrity.json: { "<file>": "sha384-<base64>" } for every dist file, the value a page
// pins in <script integrity>. Written by the last build (rollup -c builds in order), when every
// other file is in dist/.
const integrity = () => ({
  name: 'integrity',
  writeBundle() {
    const sri = {};
    for (const file of readdirSync('dist').sort()) {
      if (file !== 'integrity.json') sri[file] = `sha384-${createHash('sha384').update(readFileSync(`dist/${file}`)).digest('base64')}`;
    }
    writeFileSync('dist/integrity.json', JSON.stringify(sri, null, 2) + '\n');
  },
});

// `npm run build` runs rollup --silent: an import cycle (modules half-initialised in an order
// that depends on the entry) fails the build instead of scrolling by.
const onwarn = (warning, warn) => {
  if (warning.code === 'CIRCULAR_DEPENDENCY') throw new Error(warning.message);
  warn(warning);
};

const entry = (input, name) => [
  {
    input,
    output: [
      { file: `dist/${name}.mjs`, format: 'es' },
      { file: `dist/${name}.cjs`, format: 'cjs', exports: 'named' },
    ],
    plugins: [ts(), min(true)],
    onwarn,
  },
  {
    input,
    output: [
      { file: `dist/${name}.d.ts`, format: 'es' },
      { file: `dist/${name}.d.cts`, format: 'es' },
    ],
    plugins: [dts({ tsconfig: './tsconfig.json' })],
  },
];

const configs = [
  {
    input: 'src/snippet.ts',
    // The stub is already one expression: no wrapper, no "use strict" prologue.
    output: { file: 'dist/snippet.min.js', format: 'es', strict: false },
    plugins: [ts(), min(false)],
    onwarn,
  },
  {
    input: 'src/cdn.ts',
    output: { file: 'dist/tracklet.min.js', format: 'iife' },
    plugins: [ts(), min(false)],
    onwarn,
  },
  // The autocapture module alone (src/modules/autocapture/), until the module loader builds it
  // with the others: the script file a script-tag core loads (it hands its export over on
  // window['tracklet:autocapture']), and an ES module of its own.
  {
    input: 'src/modules/autocapture/script.ts',
    output: { file: 'dist/tracklet-autocapture.min.js', format: 'iife' },
    plugins: [ts(), min(false)],
    onwarn,
  },
  {
    input: 'src/modules/autocapture/autocapture.ts',
    output: { file: 'dist/tracklet-autocapture.mjs', format: 'es' },
    plugins: [ts(), min(true)],
    onwarn,
  },
  // The ES-module entries, each as ESM + CJS and one declaration file per module system (so each
  // resolves to types of its own kind): `tracklet`, and `tracklet/lite` (the same modules behind
  // the smaller instance class of src/instance/Lite.ts).
  ...entry('src/index.ts', 'tracklet'),
  ...entry('src/lite.ts', 'tracklet-lite'),
];
// integrity.json hashes every other file of dist/: written by the last build.
configs.at(-1).plugins.push(integrity());

export default configs;
