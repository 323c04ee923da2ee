#!/usr/bin/env node
// The API reference, generated from the types: reads src/types.ts and src/types/ (every public
// type and its doc comment), src/guard/config.ts (the defaults) and src/instance/createInstance.ts with the
// TypeScript compiler API, and writes docs/api.md plus the config table of README.md (between
// its <!-- config-table:start --> and <!-- config-table:end --> markers).
//
//   node scripts/api-docs.mjs           write both (npm run docs)
//   node scripts/api-docs.mjs --check   exit 1 if either is out of date (the unit tests run this)
import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (p) => path.join(ROOT, p);
const TABLE_START = '<!-- config-table:start -->';
const TABLE_END = '<!-- config-table:end -->';

function parse(file) {
  return ts.createSourceFile(file, readFileSync(at(file), 'utf8'), ts.ScriptTarget.Latest, true);
}

/** The JSDoc text of a node, whitespace-normalized ('' when none). */
function docOf(node) {
  const parts = (node.jsDoc ?? []).map((d) => (typeof d.comment === 'string' ? d.comment : ts.getTextOfJSDocComment(d.comment) ?? ''));
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

const oneLine = (text) => text.replace(/\s+/g, ' ').trim();

/** Interfaces and type aliases of a file, by name. */
function declarations(sf) {
  const out = new Map();
  for (const stmt of sf.statements) {
    if (ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt)) out.set(stmt.name.text, stmt);
  }
  return out;
}

function memberName(m) {
  if (ts.isIndexSignatureDeclaration(m)) return null;
  return m.name && (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) ? m.name.text : m.name?.getText() ?? null;
}

/** { name, kind: 'method'|'property'|'index', signature, doc } for each member of an interface. */
function members(decl) {
  const sf = decl.getSourceFile();
  return decl.members.map((m) => {
    const doc = docOf(m);
    if (ts.isIndexSignatureDeclaration(m)) return { name: null, kind: 'index', signature: oneLine(m.getText(sf).replace(/\/\*\*[\s\S]*?\*\/\s*/, '').replace(/;$/, '')), doc };
    const name = memberName(m);
    if (ts.isMethodSignature(m)) {
      const params = m.parameters.map((p) => oneLine(p.getText(sf))).join(', ');
      const ret = m.type ? oneLine(m.type.getText(sf)) : 'void';
      const generics = m.typeParameters ? `<${m.typeParameters.map((t) => t.getText(sf)).join(', ')}>` : '';
      return { name, kind: 'method', signature: `${name}${generics}(${params}): ${ret}`, doc };
    }
    const type = m.type ? oneLine(m.type.getText(sf)) : 'unknown';
    return { name, kind: 'property', optional: !!m.questionToken, type, signature: `${name}${m.questionToken ? '?' : ''}: ${type}`, doc };
  });
}

/** DEFAULTS of src/guard/config.ts: key → source text of its value. */
function defaults() {
  const sf = parse('src/guard/config.ts');
  const out = new Map();
  const visit = (node) => {
    if (ts.isVariableDeclaration(node) && node.name.getText(sf) === 'DEFAULTS' && node.initializer && ts.isObjectLiteralExpression(node.initializer)) {
      for (const p of node.initializer.properties) {
        if (ts.isPropertyAssignment(p)) out.set(p.name.getText(sf).replace(/^['"]|['"]$/g, ''), oneLine(p.initializer.getText(sf)));
        else if (ts.isShorthandPropertyAssignment(p)) out.set(p.name.text, p.name.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

const showDefault = (v) => (v === undefined ? '—' : v === 'noop' ? 'no-op' : `\`${v}\``);
const cellText = (text) => text.replace(/\|/g, '\\|');
/** The first sentence, without the "Default `x`." that the table shows in its own column. */
function meaning(doc) {
  const text = doc.replace(/\s*Default `[^`]*`( ms)?(\s*\([^)]*\))?\.?/g, '').replace(/\s*Default:?\s*`[^`]*`\.?/g, '').trim();
  const guarded = text.replace(/\b(e\.g|i\.e)\./g, (m) => m.replace(/\./g, '\u0000'));
  const first = guarded.match(/^.*?[.!?](?=\s|$)/);
  return ((first ? first[0] : guarded).trim() || doc).replace(/\u0000/g, '.');
}

/** The default column: the code's value, and the effective one when the doc names another. */
function defaultCell(code, doc) {
  const said = /Default `([^`]*)`/.exec(doc)?.[1];
  if (code === undefined) {
    // Not in DEFAULTS: the doc comment says what happens when the key is absent.
    const prose = /Default: ([^.]*)\./.exec(doc)?.[1];
    return said !== undefined ? `\`${said}\`` : prose ?? '—';
  }
  const shown = showDefault(code);
  const bare = (v) => String(v ?? '').replace(/^'(.*)'$/, '$1');
  return said !== undefined && code !== undefined && bare(code) !== bare(said) ? `${shown} (means \`${said}\`)` : shown;
}

function functionDoc(file, name) {
  const sf = parse(file);
  for (const stmt of sf.statements) {
    if (ts.isFunctionDeclaration(stmt) && stmt.name?.text === name) {
      const params = stmt.parameters.map((p) => oneLine(p.getText(sf))).join(', ');
      return { signature: `${name}(${params}): ${stmt.type ? oneLine(stmt.type.getText(sf)) : 'void'}`, doc: docOf(stmt) };
    }
  }
  throw new Error(`${name} not found in ${file}`);
}

export function generate() {
  // src/types.ts and the feature types it re-exports from src/types/.
  const types = new Map([...readdirSync(at('src/types')).sort().flatMap((f) => [...declarations(parse(`src/types/${f}`))]), ...declarations(parse('src/types.ts'))]);
  const need = (name) => {
    const d = types.get(name);
    if (!d) throw new Error(`src/types.ts has no ${name}`);
    return d;
  };
  const defs = defaults();
  const config = members(need('Config'));
  const configKeys = config.filter((m) => m.kind === 'property');
  const undocumented = [...defs.keys()].filter((k) => !configKeys.some((m) => m.name === k));

  const configRows = [
    ...configKeys.map((m) => ({ key: m.name, type: m.type, def: defs.get(m.name), doc: m.doc })),
    ...undocumented.map((k) => ({ key: k, type: '—', def: defs.get(k), doc: '(not declared in src/types.ts Config)' })),
  ];

  const L = [];
  L.push('# tracklet API reference', '');
  L.push('<!-- Generated by `npm run docs` (scripts/api-docs.mjs) from src/types.ts, src/guard/config.ts and src/instance/createInstance.ts. Do not edit by hand. -->', '');
  L.push('Names and semantics follow Mixpanel\'s browser library, so code written against `mixpanel-browser` works unchanged.', '');
  L.push('## Entry points', '');
  L.push('| how | what you get |', '|---|---|');
  L.push('| `import mixpanel from \'tracklet\'` | the primary instance (a `Tracklet`), uninitialized until `init()` |');
  L.push('| `import { createInstance } from \'tracklet\'` | isolated instances for third-party widgets |');
  L.push('| `import mixpanel, { createInstance } from \'tracklet/lite\'` | the same, as a `TrackletLite`: events, identity, super properties, consent and lifecycle only |');
  L.push('| script tag (`dist/snippet.min.js` + `dist/tracklet.min.js`) | `window.mixpanel` (or the `--global` name of `tracklet snippet`) |', '');
  const ci = functionDoc('src/instance/createInstance.ts', 'createInstance');
  L.push('### `createInstance`', '', '```ts', ci.signature, '```', '', ci.doc, '');

  const section = (name, title, intro) => {
    const d = need(name);
    L.push(`## ${title}`, '');
    const doc = docOf(d);
    if (intro || doc) L.push(intro || doc, '');
    for (const m of members(d)) {
      if (m.kind === 'index') {
        L.push(`- \`${m.signature}\`${m.doc ? ` — ${m.doc}` : ''}`);
        continue;
      }
      L.push(`- \`${m.signature}\`${m.doc ? `  \n  ${m.doc}` : ''}`);
    }
    L.push('');
  };
  section('Tracklet', '`Tracklet` (an instance)');
  {
    // TrackletLite picks its methods from Tracklet by name (the LiteMethods union).
    const lite = need('TrackletLite');
    const picked = need('LiteMethods').type.types.map((t) => `\`${t.literal.text}\``);
    L.push('## `TrackletLite` (an instance of `tracklet/lite`)', '', docOf(lite), '');
    L.push(`The \`Tracklet\` methods ${picked.join(', ')}, and:`, '');
    for (const m of members(lite)) L.push(`- \`${m.signature}\`${m.doc ? `  \n  ${m.doc}` : ''}`);
    L.push('');
  }
  section('People', '`People` (`instance.people`)');
  section('Group', '`Group` (`instance.get_group(key, id)`)');

  L.push('## `Config`', '');
  L.push(docOf(need('Config')), '');
  L.push('| key | type | default | meaning |', '|---|---|---|---|');
  for (const r of configRows) L.push(`| \`${r.key}\` | \`${cellText(r.type)}\` | ${cellText(defaultCell(r.def, r.doc))} | ${cellText(r.doc)} |`);
  const index = config.find((m) => m.kind === 'index');
  if (index) L.push('', `Other keys: ${index.doc}`);
  L.push('');

  L.push('## Other types', '');
  for (const name of ['Properties', 'PropertyValue', 'Callback', 'TrackOptions', 'RegisterOptions', 'Hooks', 'PersistenceType', 'PayloadFormat']) {
    const d = need(name);
    const doc = docOf(d);
    if (ts.isTypeAliasDeclaration(d)) {
      L.push(`### \`${name}\``, '', '```ts', `type ${name} = ${oneLine(d.type.getText(d.getSourceFile()))};`, '```', '');
      if (doc) L.push(doc, '');
      continue;
    }
    L.push(`### \`${name}\``, '');
    if (doc) L.push(doc, '');
    for (const m of members(d)) L.push(`- \`${m.signature}\`${m.doc ? ` — ${m.doc}` : ''}`);
    L.push('');
  }
  const api = L.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';

  const table = ['| key | default | meaning |', '|---|---|---|', ...configRows.map((r) => `| \`${r.key}\` | ${cellText(defaultCell(r.def, r.doc))} | ${cellText(meaning(r.doc))} |`)].join('\n');
  return { api, table, configKeys: configRows.map((r) => r.key) };
}

/** README.md with its config table replaced; null when the markers are missing. */
export function withTable(readme, table) {
  const a = readme.indexOf(TABLE_START);
  const b = readme.indexOf(TABLE_END);
  if (a < 0 || b < a) return null;
  return `${readme.slice(0, a + TABLE_START.length)}\n${table}\n${readme.slice(b)}`;
}

function isMain() {
  return process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
}

if (isMain()) {
  const check = process.argv.includes('--check');
  const { api, table } = generate();
  const apiFile = at('docs/api.md');
  const readmeFile = at('README.md');
  let currentApi = '';
  try {
    currentApi = readFileSync(apiFile, 'utf8');
  } catch {}
  const readme = readFileSync(readmeFile, 'utf8');
  const nextReadme = withTable(readme, table);
  if (nextReadme === null) console.error(`README.md has no ${TABLE_START} ... ${TABLE_END} markers; its config table was not generated`);
  const stale = [];
  if (currentApi !== api) stale.push('docs/api.md');
  if (nextReadme !== null && nextReadme !== readme) stale.push('README.md (config table)');
  if (check) {
    if (stale.length) {
      console.error(`out of date: ${stale.join(', ')}; run npm run docs`);
      process.exit(1);
    }
    console.log('docs are up to date');
  } else {
    mkdirSync(path.dirname(apiFile), { recursive: true });
    if (currentApi !== api) writeFileSync(apiFile, api);
    if (nextReadme !== null && nextReadme !== readme) writeFileSync(readmeFile, nextReadme);
    console.log(stale.length ? `wrote ${stale.join(', ')}` : 'docs were already up to date');
  }
}
