// Builds every artifact other tools load (names are fixed): the stub, the script-tag bundle,
// the ES module, the CommonJS build and bundled declaration files (.d.ts for the ES module,
// .d.cts for CommonJS), each of the last three for 'tracklet' and for 'tracklet/lite'.
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
// Where the snippet loads the bundle from unless the page sets MIXPANEL_CUSTOM_LIB_URL.
const BUNDLE_URL = process.env.TRACKLET_BUNDLE_URL || `https://cdn.jsdelivr.net/npm/tracklet@${pkg.version}/dist/tracklet.min.js`;
// Where a problem's code links to (lib/report.ts): docs/messages.md of this very version.
const DOCS_URL = `https://cdn.jsdelivr.net/npm/tracklet@${pkg.version}/docs/messages.md`;

/** The TypeScript step of every JS build; `npm run size -- --modules` adds source maps to it. */
export const ts = (extra = {}) => typescript({ tsconfig: './tsconfig.json', compilerOptions: { declaration: false, outDir: undefined, removeComments: true, ...extra } });

const min = (module) =>
  terser({
    ecma: 2018,
    module,
    // hoist_funs: measured smaller under brotli (-55 B on tracklet.min.js with the data path split
    // into one module per concern, issue #15; -8 B before the split).
    compress: { passes: 3, hoist_funs: true, unsafe_arrows: true, pure_getters: true, global_defs: { __BUNDLE_URL__: BUNDLE_URL, __DOCS_URL__: DOCS_URL } },
    // Private members are `_x` (never `__x`: those are Mixpanel's own persisted names).
    mangle: { properties: { regex: /^_[a-zA-Z]/, keep_quoted: true } },
    format: { comments: false },
  });

// dist/integrity.json: { "<file>": "sha384-<base64>" } for every dist file, the value a page
// pins in <script integrity>; for a module's script file the sha256 value the core pins it by
// (MODULE_SRI). Written by the last build (rollup -c builds in order), when every other file is in dist/.
const integrity = () => ({
  name: 'integrity',
  writeBundle() {
    const sri = {};
    for (const file of readdirSync('dist').sort()) {
      if (file !== 'integrity.json') sri[file] = integrityOf(readFileSync(`dist/${file}`), MODULE_FILES.includes(file) ? MODULE_SRI : 'sha384');
    }
    writeFileSync('dist/integrity.json', JSON.stringify(sri, null, 2) + '\n');
  },
});

// The .d.cts of an entry: its ES declarations with the export statements turned into the
// CommonJS shape, `export =` of the default instance with the other values on it, and the types
// in a namespace of the same name, so `import mixpanel = require('tracklet')` and
// `mixpanel.Config` both type-check. Aliases (`__T_x`) keep the namespace from naming itself.
const exportEquals = () => ({
  name: 'export-equals',
  renderChunk(code) {
    const values = [];
    const types = [];
    const body = code.replace(/^export (type )?\{([^}]*)\};\n?/gm, (_, typeOnly, list) => {
      for (const spec of list.split(',').map((x) => x.trim()).filter(Boolean)) {
        const [local, name = local] = spec.replace(/^type /, '').split(' as ');
        (typeOnly || spec.startsWith('type ') ? types : values).push([local, name]);
      }
      return '';
    });
    const main = values.find(([, name]) => name == 'default');
    if (!main || /^export /m.test(body)) throw new Error('exportEquals: an export statement it does not know');
    const extra = values.filter((v) => v !== main).map(([local, name]) => `${name}: typeof ${local}`);
    return [
      body.trimEnd(),
      ...types.map(([local]) => `type __T_${local} = ${local};`),
      `declare const __main: typeof ${main[0]} & { ${extra.join('; ')} };`,
      `declare namespace __main {`,
      ...types.map(([local, name]) => `  export type ${name} = __T_${local};`),
      `}`,
      `export = __main;`,
      '',
    ].join('\n');
  },
});

// `npm run build` runs rollup --silent: an import cycle (modules half-initialised in an order
// that depends on the entry) fails the build instead of scrolling by.
const onwarn = (warning, warn) => {
  if (warning.code === 'CIRCULAR_DEPENDENCY') throw new Error(warning.message);
  warn(warning);
};

// Modules loaded on demand (src/modules/): each is a script file for the script-tag core, and a
// chunk of the ES module build. Built first, so the core can carry their SRI hashes.
// messages: the sentences of problems, for pages with debug or an error_reporter (lib/report.ts).
// targeting: the JsonLogic evaluator the flags module and the recorder ask for (through the core's
// loader) when a first-time event or a recording trigger has property filters.
// held: anonymous profile updates beyond $set_once, and mixpanel-browser's left outboxes.
export const MODULES = ['autotrack', 'autocapture', 'flags', 'recorder', 'messages', 'targeting', 'held'];

/**
 * The recorder bundles rrweb's recorder (@rrweb/record, a devDependency): its self-contained ES
 * build, resolved by path (the build has no node-resolve step).
 */
const rrweb = {
  name: 'rrweb',
  resolveId: (source) => (source === '@rrweb/record' ? path.resolve('node_modules/@rrweb/record/dist/record.js') : null),
};

/**
 * CommonJS inlines the modules, but for the recorder: rrweb would weigh on every CommonJS user.
 * Its dynamic import becomes a require() of dist/tracklet-recorder.cjs, run only when a session
 * is recorded.
 */
const lazyRecorder = {
  name: 'lazy-recorder',
  resolveId(source, importer) {
    if (!importer || source !== './recorder/recorder' || path.resolve(path.dirname(importer)) !== path.resolve('src/modules')) return null;
    return { id: './tracklet-recorder.cjs', external: true };
  },
};

/** The script-tag core loads modules with a <script> (loadScript.ts), not import(). */
const SCRIPT_SWAPS = { 'src/modules/load': 'src/modules/loadScript.ts', 'src/modules/messages/source': 'src/modules/messages/sourceScript.ts' };
const scriptModules = {
  name: 'script-modules',
  resolveId(source, importer) {
    if (!importer || !/^\.\.?\/(\.\.\/)?(load|source)$/.test(source)) return null;
    const id = path.relative('.', path.resolve(path.dirname(importer), source)).split(path.sep).join('/');
    return SCRIPT_SWAPS[id] ? path.resolve(SCRIPT_SWAPS[id]) : null;
  },
};

/**
 * The algorithm of the module pins the core carries: sha256, whose 44 characters (random, so
 * incompressible) cost every visitor 20 bytes less per module than sha384's 64, for a hash as
 * collision-resistant as SRI needs.
 */
const MODULE_SRI = 'sha256';
// The core pins the list of the modules' hashes (tracklet-sri.min.js, see moduleSri) the same way.
const MODULE_FILES = [...MODULES, 'sri'].map((m) => `tracklet-${m}.min.js`);

/**
 * dist/tracklet-sri.min.js: every module file's SRI hash, handed over on window['tracklet:sri']
 * as a module file does. The core carries only this file's hash (its `__SRI_MANIFEST__`) and
 * reads the list before its first module when it was pinned: one 44-character hash instead of
 * one per module (random, so incompressible: -171 B brotli with five modules).
 */
const moduleSri = {
  name: 'module-sri',
  renderChunk(code) {
    const sri = Object.fromEntries(MODULES.map((m) => [m, integrityOf(readFileSync(`dist/tracklet-${m}.min.js`), MODULE_SRI)]));
    const manifest = `window["tracklet:sri"]=${JSON.stringify(sri)};\n`;
    writeFileSync('dist/tracklet-sri.min.js', manifest);
    return code.split('__SRI_MANIFEST__').join(JSON.stringify(integrityOf(Buffer.from(manifest), MODULE_SRI)));
  },
};

const integrityOf = (bytes, algorithm = 'sha384') => `${algorithm}-${createHash(algorithm).update(bytes).digest('base64')}`;

// The CommonJS build has an entry of its own (`cjsInput`): `module.exports` is the default
// instance with `createInstance` on it, as mixpanel-browser's; its declarations say so (`export =`).
const entry = (input, cjsInput, name) => [
  {
    input,
    // A module's dynamic import becomes a chunk of its own (dist/tracklet-<module>.mjs).
    output: { dir: 'dist', entryFileNames: `${name}.mjs`, chunkFileNames: 'tracklet-[name].mjs', format: 'es' },
    // The entry chunk may export what the module chunks share with it, instead of a facade.
    preserveEntrySignatures: 'allow-extension',
    plugins: [rrweb, ts(), min(true)],
    onwarn,
  },
  {
    input: cjsInput,
    // CommonJS inlines the modules: require() has no chunks, and CJS users bundle anyway.
    output: { file: `dist/${name}.cjs`, format: 'cjs', exports: 'default', inlineDynamicImports: true },
    plugins: [lazyRecorder, ts(), min(true)],
    onwarn,
  },
  {
    input,
    output: [
      { file: `dist/${name}.d.ts`, format: 'es' },
      { file: `dist/${name}.d.cts`, format: 'es', plugins: [exportEquals()] },
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
  ...MODULES.map((m) => ({
    input: `src/modules/${m}/script.ts`,
    output: { file: `dist/tracklet-${m}.min.js`, format: 'iife' },
    plugins: [rrweb, ts(), min(false)],
    onwarn,
  })),
  // The recorder for the CommonJS build (see lazyRecorder).
  {
    input: 'src/modules/recorder/recorder.ts',
    output: { file: 'dist/tracklet-recorder.cjs', format: 'cjs' },
    plugins: [rrweb, ts(), min(true)],
    onwarn,
  },
  {
    input: 'src/cdn.ts',
    output: { file: 'dist/tracklet.min.js', format: 'iife' },
    plugins: [scriptModules, ts(), moduleSri, min(false)],
    onwarn,
  },
  // The ES-module entries, each as ESM + CJS and one declaration file per module system (so each
  // resolves to types of its own kind): `tracklet`, and `tracklet/lite` (the same modules behind
  // the smaller instance class of src/instance/Lite.ts).
  ...entry('src/index.ts', 'src/cjs.ts', 'tracklet'),
  ...entry('src/lite.ts', 'src/liteCjs.ts', 'tracklet-lite'),
];
// integrity.json hashes every other file of dist/: written by the last build.
configs.at(-1).plugins.push(integrity());

export default configs;
