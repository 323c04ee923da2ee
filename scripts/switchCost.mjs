#!/usr/bin/env node
// What a module's switch costs the eager core: the script-tag core (dist/tracklet.min.js) built
// as it is, then again from a copy of src/ where the switch is replaced by the inert methods issue
// #16 asked for before the feature landed (they exist, answer as with the feature off, never
// throw). The difference in brotli bytes is the switch's cost to every visitor. Each edit must
// match the source exactly once, so a switch that changed shape fails loudly instead of
// measuring nothing. `npm run size -- --switches`.

import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The session-replay switch (issue #17), down to #16's inert methods: [file, from, to]. */
const RECORDER = [
  ['src/instance/Instance.ts', "import { withRecorder, sample, tabId } from '../modules/recorder/calls';", "import { tabId } from '../modules/recorder/calls';"],
  ['src/instance/Instance.ts', 'withRecorder(this, (r) => r.start());', ''],
  ['src/instance/Instance.ts', 'return this._rec && (this._rec.stop() as unknown as void);', ''],
  ['src/instance/Instance.ts', 'return this._rec && (this._rec.pause() as unknown as void);', ''],
  ['src/instance/Instance.ts', 'if (this._rec) this._rec.resume();', ''],
  ['src/instance/Instance.ts', 'return this._rec ? this._rec.props() : {};', 'return {};'],
  ['src/instance/Instance.ts', 'return this._rec ? this._rec.url() : null;', 'return null;'],
  ['src/instance/Instance.ts', /\n {2}override _record\(\): void \{\n {4}sample\(this\);\n {2}\}\n/, '\n'],
  ['src/instance/Instance.ts', /\n {4}const t = this\._cfg\.recording_event_triggers;\n/, '\n'],
  ['src/instance/Instance.ts', /\n {4}if \(t && .*withRecorder\(this, \(r\) => r\.trigger\(event, props\)\);\n/, '\n'],
  ['src/instance/Instance.ts', /\n {2}\/\*\* As upstream: a new visitor[^\n]*\n {2}override reset\(\): void \{\n[^}]*\}\n/, '\n'],
  ['src/instance/Instance.ts', /\n {2}override opt_out_tracking\([^\n]*\n[^}]*\}\n/, '\n'],
  ['src/instance/Instance.ts', '    this.stop_session_recording();\n    return super.destroy();', '    return super.destroy();'],
  ['src/instance/Base.ts', /\n {2}\/\*\* `record_sessions_percent`[^\n]*\n {2}_record\(\): void \{\}\n/, '\n'],
  ['src/instance/start.ts', /\n {2}_record\(\): void;/, ''],
  ['src/instance/start.ts', /\n {2}inst\._record\(\);/, ''],
];

/** get_tab_id (issue #16's list of upstream methods): upstream's sessionStorage id, down to `null`. */
const TAB_ID = [
  ['src/instance/Instance.ts', "import { tabId } from '../modules/recorder/calls';\n", ''],
  ['src/instance/Instance.ts', 'return tabId(this);', 'return null;'],
];

/** Measured one after the other, each on top of the ones before it: [name, what it is, edits]. */
export const SWITCHES = [
  ['recorder', 'the switch that loads the session recorder (#17)', RECORDER],
  ['get_tab_id', "upstream's per-tab id (#16's list of methods)", TAB_ID],
];

function edit(dir, [file, from, to]) {
  const where = path.join(dir, file);
  const text = readFileSync(where, 'utf8');
  const hits = typeof from == 'string' ? text.split(from).length - 1 : (text.match(new RegExp(from.source, 'g')) || []).length;
  if (hits != 1) throw new Error(`switchCost: ${file}: expected one match of ${from}, found ${hits}`);
  writeFileSync(where, text.replace(from, to));
}

/** The script-tag core built from `dir` (a project copy): its brotli bytes. */
async function coreBytes(dir) {
  const { rollup } = await import('rollup');
  const { sizes } = await import('./size.mjs');
  const { default: configs, ts } = await import('../rollup.config.mjs');
  const cfg = configs.find((c) => c.input == 'src/cdn.ts');
  const here = process.cwd();
  process.chdir(dir); // the build's paths are relative to the project
  try {
    // A TypeScript step of its own: the config's was set up for the project's own src/.
    const plugins = cfg.plugins.map((p) => (p.name == 'typescript' ? ts() : p));
    const bundle = await rollup({ input: cfg.input, plugins, onwarn: () => {} });
    const { output } = await bundle.generate(cfg.output);
    return sizes(Buffer.from(output[0].code)).brotli;
  } finally {
    process.chdir(here);
  }
}

/** { name: brotli bytes the core spends on it }, printed as a table. */
export async function switchCosts() {
  const costs = {};
  const dir = mkdtempSync(path.join(tmpdir(), 'tracklet-switch-'));
  try {
    for (const part of ['src', 'dist', 'tsconfig.json', 'package.json']) cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    let before = await coreBytes(dir);
    console.log(`\nwhat each switch costs dist/tracklet.min.js (brotli; rebuilt without it: ${before} B as built)`);
    for (const [name, label, edits] of SWITCHES) {
      for (const e of edits) edit(dir, e);
      const after = await coreBytes(dir);
      costs[name] = before - after;
      console.log(`${`${name}: ${label}`.padEnd(64)}${String(costs[name]).padStart(6)}`);
      before = after;
    }
    return costs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await switchCosts();
