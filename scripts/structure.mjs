// The structure check of `npm test` (run by test-e2e/unit/structure.spec.ts, or alone with
// `node scripts/structure.mjs`): no import cycles (madge) over src/ and collector/, no import
// that goes up the folder order of src/, no source file over MAX_LINES lines, no folder of src/
// over MAX_SHARE of src/'s lines. Each problem names the file that has it.

import madge from 'madge';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The folders of src/, top to bottom: a file may import from its own folder or from a folder
 * below it, never above. (See ARCHITECTURE.md for why the order is this one.) `.` is src/'s own
 * files (the entries); types.ts and types/ hold types only, so every folder may import them.
 */
export const ORDER = ['.', 'instance', 'modules', 'profiles', 'delivery', 'payload', 'storage', 'guard', 'lib', 'types'];

/** Known, dated exceptions to the no-cycle rule, each in this one place: none today. */
export const KNOWN_CYCLES = [];

export const MAX_LINES = 300;
// Each feature module (modules/<feature>/) counts as a room of its own: see rooms().
export const MAX_SHARE = 0.25;

const sourceFile = (f) => /\.(ts|mjs)$/.test(f) && !/\.d\.m?ts$/.test(f);

function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...filesUnder(path));
    else out.push(path.split(sep).join('/'));
  }
  return out;
}

const linesOf = (file) => readFileSync(join(ROOT, file), 'utf8').split('\n').length - 1;

/** The folder of a file of src/ in ORDER's terms. */
function roomOf(file) {
  const rel = file.slice('src/'.length);
  // types.ts and types/: the public types, one room at the bottom (they import nothing else).
  if (rel == 'types.ts' || rel.startsWith('types/')) return 'types';
  return rel.includes('/') ? rel.split('/')[0] : '.';
}

/** Relative module specifiers of a file's static imports and re-exports. */
function importsOf(file) {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s*['"](\.[^'"]+)['"]/gm)) specs.push(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)) specs.push(m[1]);
  return specs;
}

/** Import cycles madge finds over src/ and collector/, as `a > b > …` strings. */
export async function cycles() {
  const result = await madge(['src', 'collector'].map((d) => join(ROOT, d)), {
    baseDir: ROOT,
    fileExtensions: ['ts', 'mjs', 'js'],
    tsConfig: join(ROOT, 'tsconfig.json'),
  });
  return result.circular().map((cycle) => cycle.join(' > '));
}

/** Imports that go up the folder order: `file: imports spec (room above)`. */
export function arrowsUp() {
  const problems = [];
  for (const file of filesUnder('src').filter(sourceFile)) {
    const from = ORDER.indexOf(roomOf(file));
    if (from < 0) {
      problems.push(`${file}: its folder "${roomOf(file)}" is not in the folder order (ORDER in scripts/structure.mjs)`);
      continue;
    }
    for (const spec of importsOf(file)) {
      const target = relative(ROOT, resolve(join(ROOT, dirname(file)), spec)).split(sep).join('/');
      if (!target.startsWith('src/')) continue;
      const to = ORDER.indexOf(roomOf(target.endsWith('.ts') || target.endsWith('.mjs') ? target : target + '.ts'));
      if (to < from) problems.push(`${file}: imports ${spec}, a folder above it (${ORDER[to]} is above ${ORDER[from]})`);
    }
  }
  return problems;
}

/** Source files of src/ and collector/ over MAX_LINES lines. */
export function longFiles() {
  return [...filesUnder('src'), ...filesUnder('collector')]
    .filter(sourceFile)
    .map((f) => [f, linesOf(f)])
    .filter(([, n]) => n > MAX_LINES)
    .map(([f, n]) => `${f}: ${n} lines (over ${MAX_LINES})`);
}

/** Lines per folder of src/ and the total, for the share check and the report. */
export function rooms() {
  const per = {};
  let total = 0;
  for (const f of filesUnder('src').filter((f) => /\.(ts|mjs|mts)$/.test(f))) {
    const n = linesOf(f);
    total += n;
    // modules/ is a shelf of features loaded on demand, each apart from the others: each of its
    // folders is a room of its own for the share.
    const parts = f.split('/');
    const room = roomOf(f) == 'modules' && parts.length > 3 ? 'modules/' + parts[2] : roomOf(f);
    if (room != '.' && room != 'types') per[room] = (per[room] || 0) + n;
  }
  return { per, total };
}

/** Folders of src/ over MAX_SHARE of src/'s lines. */
export function bigRooms() {
  const { per, total } = rooms();
  return Object.entries(per)
    .filter(([, n]) => n > MAX_SHARE * total)
    .map(([room, n]) => `src/${room}/: ${n} of ${total} lines (${Math.round((100 * n) / total)} %, over ${MAX_SHARE * 100} %)`);
}

/** The longest source files, for the report. */
export const longest = (count = 8) =>
  [...filesUnder('src'), ...filesUnder('collector')]
    .filter(sourceFile)
    .map((f) => [f, linesOf(f)])
    .sort((a, b) => b[1] - a[1])
    .slice(0, count);

if (process.argv[1] && resolve(process.argv[1]) == fileURLToPath(import.meta.url)) {
  const found = await cycles();
  const problems = [
    ...found.filter((c) => !KNOWN_CYCLES.includes(c)).map((c) => `import cycle: ${c}`),
    ...arrowsUp(),
    ...longFiles(),
    ...bigRooms(),
  ];
  const { per, total } = rooms();
  console.log(`cycles: ${found.length} (${found.filter((c) => KNOWN_CYCLES.includes(c)).length} known: ${KNOWN_CYCLES.join('; ')})`);
  console.log(`src/: ${total} lines; ` + Object.entries(per).map(([r, n]) => `${r}/ ${Math.round((100 * n) / total)} %`).join(', '));
  console.log('longest: ' + longest().map(([f, n]) => `${f} ${n}`).join(', '));
  for (const p of problems) console.log('PROBLEM ' + p);
  process.exitCode = problems.length ? 1 : 0;
}
