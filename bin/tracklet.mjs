#!/usr/bin/env node
// The `tracklet` command (`npx tracklet ...`):
//   tracklet snippet    print the ready-to-paste <script> snippet, the bundle pinned by SRI
//   tracklet collector  run the local collector, or a first-party proxy with --forward
// The functions are exported for tests; the command runs only when this file is the program.
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// The token rule the library applies in init(): one rule, one answer.
import { tokenProblem } from '../src/guard/credentials.mjs';

export { tokenProblem };

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STUB_FILE = path.join(ROOT, 'dist/snippet.min.js');
const BUNDLE_FILE = path.join(ROOT, 'dist/tracklet.min.js');
/** The global the stub defines unless told otherwise (a literal at the end of the built stub). */
const DEFAULT_GLOBAL = 'mixpanel';
const STUB_NAME_LITERAL = `(window,document,${JSON.stringify(DEFAULT_GLOBAL)})`;
const NONCE_PLACEHOLDER = '{{CSP_NONCE}}';

const USAGE = `usage:
  tracklet snippet [--src <bundle url>] [--token <project token>] [--global <name>]
                   [--api-host <url>] [--file <bundle file>] [--no-sri] [--no-nonce]
      Prints the <script> to paste at the top of <head>. It loads the bundle from --src
      (default: the CDN copy of this version), pinned by its sha384 integrity (computed from
      --file, default this package's dist/tracklet.min.js) with crossorigin="anonymous".
      --token adds the init call (the public project token only: secrets are refused);
      --api-host sets where events go (e.g. your first-party proxy); --global names the
      global (default mixpanel). The <script> carries nonce="${NONCE_PLACEHOLDER}": under a
      Content-Security-Policy replace it with the page's per-request nonce; without a CSP,
      remove it or pass --no-nonce.

  tracklet collector [--port <n>] [--host <addr>] [--data <dir>]
                     [--forward <url> [--record] [--trust-proxy]]
      Runs the local collector (the one \`npm start\` runs): Mixpanel's /track, /engage and
      /groups, a live viewer on /, stored in <dir>/received.jsonl (default .tracklet).
      Defaults: port 8080 (or $PORT), host 127.0.0.1 (or $HOST), data $TRACKLET_DATA.
      --forward <url>  first-party proxy: pass /track, /engage and /groups on, unchanged, to
                       a Mixpanel-compatible host (e.g. https://api-js.mixpanel.com), with the
                       visitor's IP in X-Forwarded-For; nothing is stored or served otherwise.
      --record         with --forward: also keep and show what was forwarded (development).
      --trust-proxy    with --forward: behind another proxy; keep its X-Forwarded-For.`;

// ---------------------------------------------------------------------------------------
// Arguments

const SECRET_OPTION = /secret|passw|api[-_]?key|auth|bearer|credential|service[-_]?account/i;

/**
 * Parse `--name value`, `--name=value`, `--flag` and `--no-flag`. Throws a readable Error.
 * @param {string[]} args
 * @param {{values: string[], flags: string[]}} spec
 */
export function parseArgs(args, { values, flags }) {
  const out = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const m = /^--([A-Za-z][\w-]*)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new Error(`unexpected argument ${JSON.stringify(arg)}`);
    const [, name, inline] = m;
    if (SECRET_OPTION.test(name)) {
      throw new Error(`--${name}: tracklet takes only the public project token (--token); secrets and credentials belong on your server and are never put in a page`);
    }
    if (values.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new Error(`--${name} needs a value`);
      out[name] = value;
    } else if (flags.includes(name) && inline === undefined) out[name] = true;
    else if (name.startsWith('no-') && flags.includes(name.slice(3)) && inline === undefined) out[name.slice(3)] = false;
    else throw new Error(`unknown option --${name}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Snippet

/** The Subresource Integrity value of some bytes: `sha384-<base64>`. */
export function integrityOf(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** A JS identifier usable as the global (window.<name>), or a readable Error. */
function checkGlobalName(name) {
  const RESERVED = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments', 'eval', 'undefined', 'NaN', 'Infinity']);
  // Names the page itself needs: replacing them would break the page.
  const TAKEN = new Set(['window', 'document', 'self', 'top', 'parent', 'frames', 'location', 'navigator', 'history', 'name', 'length', 'opener', 'origin', 'status', 'close', 'closed', 'open', 'fetch', 'console', 'globalThis', 'Object', 'Array', 'Proxy', 'JSON', 'Promise', 'trustedTypes', 'MIXPANEL_CUSTOM_LIB_URL', 'TRACKLET_GLOBAL', 'TRACKLET_SRI']);
  if (!/^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/.test(name)) throw new Error(`--global must be a JavaScript identifier (letters, digits, _ and $, not starting with a digit), got ${JSON.stringify(name)}`);
  if (RESERVED.has(name)) throw new Error(`--global ${name} is a reserved word`);
  if (TAKEN.has(name)) throw new Error(`--global ${name} would replace something the page itself uses; pick another name`);
  return name;
}

/** A URL the stub may load: absolute http(s), protocol-relative or a path; never user:pass@. */
function checkSrc(src) {
  let url;
  try {
    url = new URL(src, 'https://site.invalid/');
  } catch {
    throw new Error(`--src is not a URL: ${JSON.stringify(src)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`--src must be an http(s) URL or a path, got ${url.protocol}`);
  if (url.username || url.password) throw new Error('--src must not carry user:password@');
  return src;
}

/** A value written into an inline <script>: JSON, with nothing that can end the script element. */
export function scriptLiteral(value) {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The snippet to paste at the top of <head>.
 * @param {{src?: string, token?: string, global?: string, apiHost?: string, sri?: boolean,
 *          nonce?: boolean, stub?: string, bundle?: Buffer|string, version?: string}} options
 *   stub / bundle default to this package's dist files.
 */
export function buildSnippet({ src, token, global: name = DEFAULT_GLOBAL, apiHost, sri = true, nonce = true, stub, bundle, version = packageVersion() } = {}) {
  stub ??= readBuilt(STUB_FILE, 'utf8');
  stub = stub.trim();
  if (/<\/script|<!--/i.test(stub)) throw new Error('the stub contains </script or <!--: it cannot be inlined');
  if (src !== undefined) checkSrc(src);
  checkGlobalName(name);
  if (token !== undefined) {
    const problem = tokenProblem(token);
    if (problem) throw new Error(`refused --token: ${problem}`);
  }
  if (apiHost !== undefined) {
    checkSrc(apiHost);
    if (!/^(https?:)?\/\//i.test(apiHost)) throw new Error('--api-host must be an absolute http(s) URL such as https://example.com/mp');
  }

  if (name !== DEFAULT_GLOBAL) {
    // The stub ends with its IIFE call `(window,document,"mixpanel")`: exactly one, or the build changed.
    const at = stub.lastIndexOf(STUB_NAME_LITERAL);
    if (at < 0 || stub.indexOf(STUB_NAME_LITERAL) !== at) throw new Error('cannot find the global name in dist/snippet.min.js; rebuild or update tracklet');
    stub = stub.slice(0, at) + `(window,document,${scriptLiteral(name)})` + stub.slice(at + STUB_NAME_LITERAL.length);
  }

  const lines = [];
  if (src !== undefined) lines.push(`window.MIXPANEL_CUSTOM_LIB_URL=${scriptLiteral(src)};`);
  let integrity = null;
  if (sri) {
    integrity = integrityOf(bundle ?? readBuilt(BUNDLE_FILE));
    lines.push(`window.TRACKLET_SRI=${scriptLiteral(integrity)};`);
  }
  if (name !== DEFAULT_GLOBAL) lines.push(`window.TRACKLET_GLOBAL=${scriptLiteral(name)};`);
  lines.push(stub);
  if (token !== undefined) lines.push(`${name}.init(${scriptLiteral(token)}${apiHost !== undefined ? `,{api_host:${scriptLiteral(apiHost)}}` : ''});`);

  const notes = [`tracklet ${version} snippet: paste at the top of <head>, before any ${name}.* call.`];
  if (nonce) notes.push(`CSP: replace ${NONCE_PLACEHOLDER} with this response's script nonce (the 'nonce-...' of your script-src; new for every response), or delete the nonce attribute if the page has no CSP. The stub passes the nonce on to the bundle's <script>.`);
  if (integrity) notes.push(`SRI: the bundle must be byte-for-byte tracklet ${version}'s dist/tracklet.min.js (${integrity}), served with CORS (Access-Control-Allow-Origin) when cross-origin; after an upgrade, generate this snippet again.`);
  const open = nonce ? `<script nonce="${NONCE_PLACEHOLDER}">` : '<script>';
  return `<!-- ${notes.join('\n     ')} -->\n${open}\n${lines.join('\n')}\n</script>\n`;
}

function readBuilt(file, encoding) {
  try {
    return readFileSync(file, encoding);
  } catch (err) {
    if (err.code === 'ENOENT') throw new Error(`${path.relative(process.cwd(), file) || file} is missing: build tracklet first (npm run build)`);
    throw err;
  }
}

function packageVersion() {
  try {
    return JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

// ---------------------------------------------------------------------------------------
// Collector

/** startCollector() options from the command line and the environment. Throws a readable Error. */
export function collectorOptions(args, env = process.env) {
  const o = parseArgs(args, { values: ['port', 'host', 'data', 'forward'], flags: ['record', 'trust-proxy'] });
  const portText = o.port ?? (env.PORT || '8080');
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new Error(`--port must be 0-65535, got ${JSON.stringify(portText)}`);
  if ((o.record !== undefined || o['trust-proxy'] !== undefined) && !o.forward) throw new Error('--record and --trust-proxy go with --forward <url>');
  const options = {
    port: Number(portText),
    host: o.host ?? (env.HOST || '127.0.0.1'),
    dataDir: o.data ?? (env.TRACKLET_DATA || '.tracklet'),
  };
  if (o.forward) Object.assign(options, { forward: o.forward, record: o.record === true, trustProxy: o['trust-proxy'] === true });
  return options;
}

async function runCollector(args) {
  const options = collectorOptions(args);
  const { startCollector } = await import('../collector/server.mjs');
  const c = await startCollector(options);
  if (options.forward) {
    console.log(`tracklet proxy: ${c.url} -> ${options.forward}`);
    console.log(`  set api_host: '<this server's public URL>' in init(); /track, /engage, /groups are forwarded`);
    if (options.record) console.log(`  recorded in:  ${path.resolve(options.dataDir)}/received.jsonl, shown on ${c.url}`);
  } else {
    console.log(`tracklet collector: ${c.url}`);
    console.log(`  live events:  ${c.url}`);
    console.log(`  ingestion:    api_host: '${c.url.replace(/\/$/, '')}'`);
    console.log(`  stored in:    ${path.resolve(options.dataDir)}/received.jsonl`);
  }
  const stop = () => c.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// ---------------------------------------------------------------------------------------
// Main

export async function main(argv) {
  const [command, ...args] = argv;
  if (command === 'snippet') {
    const o = parseArgs(args, { values: ['src', 'global', 'token', 'api-host', 'file'], flags: ['sri', 'nonce'] });
    const bundle = o.file !== undefined ? readFileSync(o.file) : undefined;
    process.stdout.write(buildSnippet({ src: o.src, token: o.token, global: o.global, apiHost: o['api-host'], sri: o.sri !== false, nonce: o.nonce !== false, bundle }));
    if (o.src === undefined) process.stderr.write('tracklet: no --src: the snippet loads the bundle from the CDN copy of this version\n');
    else if (/^http:\/\//i.test(o.src) && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/i.test(o.src)) process.stderr.write('tracklet: --src is http:, which https pages refuse to load (mixed content)\n');
    return 0;
  }
  if (command === 'collector') {
    await runCollector(args);
    return null; // keeps running
  }
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return 0;
  }
  console.error(`tracklet: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
  return 2;
}

function isMain() {
  try {
    return realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMain()) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== null) process.exitCode = code;
    },
    (err) => {
      console.error(`tracklet: ${err.message}`);
      process.exitCode = err.code === 'EADDRINUSE' ? 1 : 2;
    },
  );
}
