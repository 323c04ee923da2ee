// Whether node_modules holds the packages of package-lock.json as it is: the lock's sha256,
// written after each install, compared before the next. By content, not modification time: a
// checkout or `git worktree add` rewrites the lock's time without changing a package, and a
// needless `npm ci` costs a minute (and empties a node_modules other checkouts link to).
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const STAMP = 'node_modules/.tracklet-packages';
// npm's own record of an install, for a node_modules installed before the stamp existed.
const NPM_MARKER = 'node_modules/.package-lock.json';

const lockHash = (root) => createHash('sha256').update(readFileSync(path.join(root, 'package-lock.json'))).digest('hex');

/** Why the packages must be installed, or '' when node_modules has those of the lock. */
export function packagesDue(root) {
  if (!existsSync(path.join(root, 'node_modules'))) return 'no node_modules';
  const stamp = path.join(root, STAMP);
  if (existsSync(stamp)) return readFileSync(stamp, 'utf8').trim() === lockHash(root) ? '' : 'package-lock.json changed since the last install';
  const marker = path.join(root, NPM_MARKER);
  if (existsSync(marker) && statSync(path.join(root, 'package-lock.json')).mtimeMs <= statSync(marker).mtimeMs) return '';
  return 'no record of an install of this package-lock.json';
}

/** Notes that node_modules now holds the lock's packages. */
export function recordPackages(root) {
  writeFileSync(path.join(root, STAMP), lockHash(root) + '\n');
}

/** Where node_modules points when it is a link to another checkout's (which `npm ci` would empty), or ''. */
export function linkedPackages(root) {
  const dir = path.join(root, 'node_modules');
  try {
    return lstatSync(dir).isSymbolicLink() ? realpathSync(dir) : '';
  } catch {
    return '';
  }
}
