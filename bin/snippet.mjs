// `tracklet snippet`: the <script> to paste at the top of <head>: the stub (dist/snippet.min.js),
// where it loads the bundle from, and the bundle's SRI pin.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, UsageError } from './args.mjs';
import { plainError } from './plainError.mjs';
import { packageVersion } from './packageVersion.mjs';
// The token rule the library applies in init(): one rule, one answer (a code of
// docs/messages.md, its sentence from the messages module).
import { tokenProblem as tokenCode } from '../src/guard/credentials.mjs';
import { TOKEN } from '../src/lib/messages.mjs';

/** Why `token` is not a public project token, or '' when it is: the library's reason, word for word. */
export const tokenProblem = (token) => {
  const code = tokenCode(token);
  return code ? `${TOKEN[code]} (docs/messages.md#${code})` : '';
};

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STUB_FILE = path.join(ROOT, 'dist/snippet.min.js');
const BUNDLE_FILE = path.join(ROOT, 'dist/tracklet.min.js');
/** The global the stub defines unless told otherwise (a literal at the end of the built stub). */
const DEFAULT_GLOBAL = 'mixpanel';
const STUB_NAME_LITERAL = `(window,document,${JSON.stringify(DEFAULT_GLOBAL)})`;
export const NONCE_PLACEHOLDER = '{{CSP_NONCE}}';

/** The Subresource Integrity value of some bytes: `sha384-<base64>`. */
export function integrityOf(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** A JS identifier usable as the global (window.<name>), or a readable Error. */
function checkGlobalName(name) {
  const RESERVED = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments', 'eval', 'undefined', 'NaN', 'Infinity']);
  // Names the page itself needs: replacing them would break the page.
  const TAKEN = new Set(['window', 'document', 'self', 'top', 'parent', 'frames', 'location', 'navigator', 'history', 'name', 'length', 'opener', 'origin', 'status', 'close', 'closed', 'open', 'fetch', 'console', 'globalThis', 'Object', 'Array', 'Proxy', 'JSON', 'Promise', 'trustedTypes', 'MIXPANEL_CUSTOM_LIB_URL', 'TRACKLET_GLOBAL', 'TRACKLET_SRI']);
  if (!/^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/.test(name)) throw new UsageError(`--global must be a JavaScript identifier (letters, digits, _ and $, not starting with a digit), got ${JSON.stringify(name)}`);
  if (RESERVED.has(name)) throw new UsageError(`--global ${name} is a reserved word`);
  if (TAKEN.has(name)) throw new UsageError(`--global ${name} would replace something the page itself uses; pick another name`);
  return name;
}

/** A URL the stub may load: absolute http(s), protocol-relative or a path; never user:pass@. */
function checkSrc(src, option = '--src') {
  let url;
  try {
    url = new URL(src, 'https://site.invalid/');
  } catch {
    throw new UsageError(`${option} is not a URL: ${JSON.stringify(src)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`${option} must be an http(s) URL or a path, got ${url.protocol}`);
  if (url.username || url.password) throw new UsageError(`${option} must not carry user:password@`);
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
    if (problem) throw new UsageError(`refused --token: ${problem}`);
  }
  if (apiHost !== undefined) {
    checkSrc(apiHost, '--api-host');
    if (!/^(https?:)?\/\//i.test(apiHost)) throw new UsageError('--api-host must be an absolute http(s) URL such as https://example.com/mp');
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

const LOCAL_HOST = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/i;

/** Runs `tracklet snippet <args>`: the snippet on stdout, notes on stderr. */
export function snippetCommand(args, { stdout = process.stdout, stderr = process.stderr } = {}) {
  const o = parseArgs(args, { values: ['src', 'collector', 'global', 'token', 'api-host', 'file'], flags: ['sri', 'nonce'] });
  if (o.src !== undefined && o.collector !== undefined) throw new UsageError('pass --src or --collector, not both', { hint: true });
  let { src, 'api-host': apiHost } = o;
  if (o.collector !== undefined) {
    // The local collector serves this package's dist/ and takes the events: one URL for both.
    const base = checkSrc(o.collector, '--collector').replace(/\/+$/, '');
    if (!/^https?:\/\//i.test(base)) throw new UsageError('--collector must be the collector\'s URL, such as http://127.0.0.1:8080');
    src = `${base}/dist/tracklet.min.js`;
    apiHost ??= base;
  }
  // The stub's built-in URL is the CDN copy of this version, which exists only once published:
  // a snippet must say where its bundle is.
  if (src === undefined) {
    throw new UsageError('say where the bundle is: --src <URL where you serve dist/tracklet.min.js>, or --collector http://127.0.0.1:8080 to load it from a running local collector', { hint: true });
  }
  let bundle;
  if (o.file !== undefined) {
    try {
      bundle = readFileSync(o.file);
    } catch (err) {
      throw new Error(plainError(err, { what: `--file ${o.file}` }) ?? err.message);
    }
  }
  stdout.write(buildSnippet({ src, token: o.token, global: o.global, apiHost, sri: o.sri !== false, nonce: o.nonce !== false, bundle }));
  if (/^http:\/\//i.test(src) && !LOCAL_HOST.test(src)) stderr.write('tracklet: --src is http:, which https pages refuse to load (mixed content)\n');
}
