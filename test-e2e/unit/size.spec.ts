// The size limits of issue 6, kept in size-budget.json: the stub's fixed budget, and ceilings on
// the bundles that follow the measured size down (a ratchet). Reads the built dist/ files, and
// bundles the apps of scripts/size.mjs (what a widget ships, full and lite) from them.
import { test, expect } from '@playwright/test';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-ignore: plain ESM module without types
import { sizes } from '../../scripts/size.mjs';

type Kind = 'raw' | 'gzip' | 'brotli';
type Limits = Partial<Record<Kind, number>>;
interface Budget {
  budgets: Record<string, Limits>;
  ceilings: Record<string, Limits>;
  /** Ceilings on the apps scripts/size.mjs bundles from dist/ (a widget's own bundle), by label. */
  apps?: Record<string, Limits>;
  slack: number;
  goal?: Record<string, Limits>;
  /** Brotli bytes a module's switch may cost the core, by its name in scripts/switchCost.mjs. */
  switches?: Record<string, number>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUDGET_FILE = 'size-budget.json';
const budget: Budget = JSON.parse(readFileSync(path.join(ROOT, BUDGET_FILE), 'utf8'));

/** The measures of scripts/size.mjs (its sizes()): gzip level 9, brotli quality 11. */
function measure(file: string): Record<Kind, number> {
  const full = path.join(ROOT, file);
  if (!existsSync(full)) throw new Error(`${file} is missing: run \`npm run build\` before the tests (npm test does it)`);
  return sizes(readFileSync(full));
}

const measured = new Map<string, Record<Kind, number>>();
const sizeOf = (file: string) => measured.get(file) ?? measured.set(file, measure(file)).get(file)!;
const fmt = (n: number) => n.toLocaleString('en-US');
const limitsOf = (table: Record<string, Limits>) =>
  Object.entries(table).flatMap(([file, limits]) => (Object.entries(limits) as [Kind, number][]).map(([kind, max]) => ({ file, kind, max })));

test('size-budget.json is well formed', () => {
  for (const table of [budget.budgets, budget.ceilings, budget.apps ?? {}, budget.goal ?? {}])
    for (const { file, kind, max } of limitsOf(table)) {
      expect(['raw', 'gzip', 'brotli'], `${BUDGET_FILE}: unknown measure "${kind}" for ${file}`).toContain(kind);
      expect(Number.isInteger(max) && max > 0, `${BUDGET_FILE}: ${file} ${kind} must be a positive integer`).toBe(true);
    }
  expect(budget.slack, `${BUDGET_FILE}: slack is a fraction such as 0.05`).toBeGreaterThan(0);
  expect(budget.slack).toBeLessThan(1);
});

for (const { file, kind, max } of limitsOf(budget.budgets)) {
  test(`${file} is within its budget of ${fmt(max)} bytes ${kind}`, () => {
    const size = sizeOf(file)[kind];
    console.log(`${file}: ${fmt(size)} bytes ${kind} (budget ${fmt(max)}, ${fmt(max - size)} to spare)`);
    expect(
      size,
      `${file} is ${fmt(size)} bytes ${kind}, over the budget of ${fmt(max)} set by issue 6 in ${BUDGET_FILE}. ` +
        'This budget is fixed: make the stub smaller while keeping everything it must do (the snippet e2e tests say what that is).',
    ).toBeLessThanOrEqual(max);
  });
}

for (const { file, kind, max } of limitsOf(budget.ceilings)) {
  test(`${file} is within its ceiling of ${fmt(max)} bytes ${kind}`, () => {
    const size = sizeOf(file)[kind];
    const goal = budget.goal?.[file]?.[kind];
    console.log(
      `${file}: ${fmt(size)} bytes ${kind} (ceiling ${fmt(max)}` +
        (goal ? `; goal ${fmt(goal)}: ${size <= goal ? 'met' : `${fmt(size - goal)} to go`}` : '') +
        ')',
    );
    expect(
      size,
      `${file} grew to ${fmt(size)} bytes ${kind}, over its ceiling of ${fmt(max)} in ${BUDGET_FILE}. ` +
        'Shrink it back under the ceiling (npm run size prints every size). Raise the ceiling only for a feature ' +
        'an issue asks for, to the new measured size plus ~2%, and say which issue in your note.',
    ).toBeLessThanOrEqual(max);
  });

  test(`${file}: the ${kind} ceiling follows the measured size down`, () => {
    const size = sizeOf(file)[kind];
    const loosest = Math.ceil(size * (1 + budget.slack));
    expect(
      max,
      `${file} is now ${fmt(size)} bytes ${kind} but its ceiling in ${BUDGET_FILE} is still ${fmt(max)}, ` +
        `more than ${budget.slack * 100}% above it: you shrank the bundle, so lower the ceiling to ${fmt(Math.ceil(size * 1.02))} ` +
        '(measured + ~2%) to keep the gain.',
    ).toBeLessThanOrEqual(loosest);
  });
}

// A widget's own bundle: rollup + terser over an app importing createInstance from dist/, as
// scripts/size.mjs builds it (imported at run time: it is plain JavaScript).
const appSizes = new Map<string, Promise<Record<Kind, number>>>();
async function appSizeOf(label: string): Promise<Record<Kind, number>> {
  if (!appSizes.has(label))
    appSizes.set(label, (async () => {
      const script = await import(path.join(ROOT, 'scripts/size.mjs'));
      const module = script.APPS[label];
      if (!module) throw new Error(`${BUDGET_FILE}: no app "${label}" in scripts/size.mjs (APPS)`);
      if (!existsSync(path.join(ROOT, module))) throw new Error(`${module} is missing: run \`npm run build\` before the tests (npm test does it)`);
      return script.sizes(await script.appBundle(module));
    })());
  return appSizes.get(label)!;
}

for (const { file: label, kind, max } of limitsOf(budget.apps ?? {})) {
  test(`${label} is within its ceiling of ${fmt(max)} bytes ${kind}`, async () => {
    // Bundling an app (rollup + terser) takes ~5 s idle and past 30 s on a loaded 2-core machine.
    test.setTimeout(120_000);
    const size = (await appSizeOf(label))[kind];
    console.log(`${label}: ${fmt(size)} bytes ${kind} (ceiling ${fmt(max)})`);
    expect(
      size,
      `${label} grew to ${fmt(size)} bytes ${kind}, over its ceiling of ${fmt(max)} in ${BUDGET_FILE} (apps): what a widget bundles ` +
        'grew. Shrink it back (npm run size prints it), or raise the ceiling for a feature an issue asks for and say so in your note.',
    ).toBeLessThanOrEqual(max);
  });

  test(`${label}: the ${kind} ceiling follows the measured size down`, async () => {
    test.setTimeout(120_000);
    const size = (await appSizeOf(label))[kind];
    expect(
      max,
      `${label} is now ${fmt(size)} bytes ${kind} but its ceiling in ${BUDGET_FILE} (apps) is still ${fmt(max)}, more than ` +
        `${budget.slack * 100}% above it: lower the ceiling to ${fmt(Math.ceil(size * 1.02))} (measured + ~2%) to keep the gain.`,
    ).toBeLessThanOrEqual(Math.ceil(size * (1 + budget.slack)));
  });
}

// What a module's switch costs the core: the core built again without it (scripts/switchCost.mjs).
for (const [name, max] of Object.entries(budget.switches ?? {})) {
  test(`the ${name} switch costs the core at most ${fmt(max)} bytes brotli`, async () => {
    // Two core builds (rollup + TypeScript + terser): ~17 s idle, more on a loaded 2-core machine.
    test.setTimeout(240_000);
    const { switchCosts } = await import(path.join(ROOT, 'scripts/switchCost.mjs'));
    const cost = (await switchCosts())[name];
    expect(cost, `${BUDGET_FILE}: no switch "${name}" in scripts/switchCost.mjs (SWITCHES)`).toBeDefined();
    console.log(`the ${name} switch: ${fmt(cost)} bytes brotli of dist/tracklet.min.js (allowed ${fmt(max)})`);
    // A switch measured at nothing means its edits no longer remove it: the measure is broken.
    expect(cost, `the ${name} switch measured ${cost} B: scripts/switchCost.mjs no longer takes it out`).toBeGreaterThan(50);
    expect(cost, `the ${name} switch costs the core ${fmt(cost)} bytes brotli, over its ${fmt(max)} in ${BUDGET_FILE} (switches)`).toBeLessThanOrEqual(max);
  });
}
