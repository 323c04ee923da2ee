// Whether dist/ is the build of the current sources: a stamp of every build input (path, size,
// modification time) written after each build, compared before the next. A changed, added or
// removed source, or a missing output, means build again.
//   node scripts/buildStamp.mjs   write the stamp (the last step of `npm run build`)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** What rollup reads (package.json: the version in the CDN URL) and what it must have written. */
const INPUTS = ['src', 'rollup.config.mjs', 'tsconfig.json', 'package.json'];
const OUTPUTS = ['dist/snippet.min.js', 'dist/tracklet.min.js', 'dist/tracklet.mjs', 'dist/tracklet.cjs', 'dist/tracklet.d.ts', 'dist/tracklet-lite.mjs', 'dist/integrity.json'];
// Under node_modules: a fresh `npm ci` removes it, and then a build is due anyway.
const STAMP = 'node_modules/.tracklet-build-stamp';

function listFiles(root, rel, out) {
  const full = path.join(root, rel);
  if (!existsSync(full)) return out;
  if (!statSync(full).isDirectory()) return out.push(rel), out;
  for (const name of readdirSync(full).sort()) listFiles(root, path.join(rel, name), out);
  return out;
}

/** The stamp of the build inputs under `root` as they are now. */
export function sourceStamp(root = ROOT, env = process.env) {
  const hash = createHash('sha256').update(`TRACKLET_BUNDLE_URL=${env.TRACKLET_BUNDLE_URL ?? ''}\n`);
  for (const rel of INPUTS.flatMap((input) => listFiles(root, input, []))) {
    const s = statSync(path.join(root, rel));
    hash.update(`${rel} ${s.size} ${s.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** Why a build is due, or '' when dist/ was built from the sources as they are. */
export function buildDue(root = ROOT, env = process.env) {
  const missing = OUTPUTS.find((file) => !existsSync(path.join(root, file)));
  if (missing) return `${missing} is missing`;
  let stamp;
  try {
    stamp = readFileSync(path.join(root, STAMP), 'utf8').trim();
  } catch {
    return 'no record of the last build';
  }
  return stamp === sourceStamp(root, env) ? '' : 'sources changed since the last build';
}

export function writeStamp(root = ROOT, env = process.env) {
  mkdirSync(path.dirname(path.join(root, STAMP)), { recursive: true });
  writeFileSync(path.join(root, STAMP), sourceStamp(root, env) + '\n');
}

function isMain() {
  try {
    return realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMain()) writeStamp();
