// The property-filter evaluator of first-time events (src/modules/flags/targeting.ts) against
// json-logic-js 2.0.5, the JsonLogic engine mixpanel-browser 2.84's targeting bundle is built
// on: the same rules over the same properties give the same answers. Mixpanel's two extra
// operators are checked here by their documented meaning, and in the browser against
// upstream's bundle (flags-filters.e2e.ts).
import { test, expect } from '@playwright/test';
// @ts-ignore: CommonJS without bundled types
import jsonLogic from 'json-logic-js';
import { evaluate, filtersPass } from '../../src/lib/targeting';

const data = { plan: 'pro', seats: 12, price: '9.5', tags: ['beta', 'eu'], nested: { a: { b: 3 } }, empty: '', none: null, zero: 0, list: [1, 2, 3, 4], items: [{ qty: 2 }, { qty: 5 }] };

const rules: unknown[] = [
  { '==': [{ var: 'plan' }, 'pro'] },
  { '==': [{ var: 'seats' }, '12'] },
  { '===': [{ var: 'seats' }, '12'] },
  { '!=': [{ var: 'plan' }, 'free'] },
  { '!==': [1, '1'] },
  { '!': [{ var: 'empty' }] },
  { '!!': [[]] },
  { '!!': [{ var: 'tags' }] },
  { '>': [{ var: 'seats' }, 10] },
  { '>=': [{ var: 'price' }, 9.5] },
  { '<': [1, { var: 'seats' }, 20] },
  { '<=': [12, { var: 'seats' }, 12] },
  { '<': [5, 3] },
  { and: [{ '==': [{ var: 'plan' }, 'pro'] }, { '>': [{ var: 'seats' }, 5] }] },
  { and: [true, 0, 'never'] },
  { or: [false, '', 'first', 'second'] },
  { or: [] },
  { if: [{ var: 'zero' }, 'a', { var: 'empty' }, 'b', 'c'] },
  { if: [true, 'yes'] },
  { '?:': [false, 1, 2] },
  { in: ['beta', { var: 'tags' }] },
  { in: ['ro', { var: 'plan' }] },
  { in: ['x', { var: 'none' }] },
  { var: 'nested.a.b' },
  { var: ['nested.a.c', 'default'] },
  { var: 'list.2' },
  { var: 'tags.length' },
  { var: '' },
  { var: 'none' },
  { missing: ['plan', 'gone', 'empty', 'none'] },
  { missing_some: [1, ['gone', 'plan']] },
  { missing_some: [2, ['gone', 'plan', 'also']] },
  { cat: ['a', 1, null, true] },
  { substr: ['tracklet', 2] },
  { substr: ['tracklet', -4, -1] },
  { substr: ['tracklet', 1, 3] },
  { '+': [1, '2', { var: 'price' }] },
  { '*': [2, '3'] },
  { '-': [10, 4] },
  { '-': [7] },
  { '/': [9, 2] },
  { '%': [9, 4] },
  { max: [1, 9, 3] },
  { min: [4, -2] },
  { merge: [[1, 2], 3, [[4]]] },
  { map: [{ var: 'list' }, { '*': [{ var: '' }, 2] }] },
  { filter: [{ var: 'list' }, { '>': [{ var: '' }, 2] }] },
  { reduce: [{ var: 'items' }, { '+': [{ var: 'current.qty' }, { var: 'accumulator' }] }, 0] },
  { all: [{ var: 'list' }, { '>': [{ var: '' }, 0] }] },
  { all: [[], true] },
  { some: [{ var: 'items' }, { '>': [{ var: 'qty' }, 4] }] },
  { none: [{ var: 'items' }, { '>': [{ var: 'qty' }, 9] }] },
  { map: [{ var: 'absent' }, 1] },
  [1, { var: 'plan' }],
  'plain',
  { a: 1, b: 2 },
];

test('JsonLogic rules give the answers json-logic-js 2.0.5 (inside mixpanel-browser 2.84) gives', () => {
  for (const rule of rules) expect(evaluate(rule, data), JSON.stringify(rule)).toEqual(jsonLogic.apply(rule as any, data));
  // An unknown operator throws in both (the flags module then skips the first-time event).
  expect(() => jsonLogic.apply({ nope: [1] } as any, data)).toThrow();
  expect(() => evaluate({ nope: [1] }, data)).toThrow(/unknown JsonLogic operator: nope/);
  expect(filtersPass({ '==': [{ var: 'plan' }, 'pro'] }, data)).toBe(true);
  expect(filtersPass({ var: 'tags.9' }, data)).toBe(false);
});

test("Mixpanel's semver_compare and datetime_compare: SemVer 2.0.0 order, RFC 3339 date-times against epoch milliseconds, anything else false", () => {
  const semver = (a: unknown, op: string, b: unknown) => evaluate({ semver_compare: [a, op, b] }, {});
  expect(semver('2.1', '>=', '2.1.0')).toBe(true);
  expect(semver('v2.10.0', '>', '2.9.9')).toBe(true);
  expect(semver('1.0.0-alpha', '<', '1.0.0')).toBe(true);
  expect(semver('1.0.0-alpha.1', '<', '1.0.0-alpha.beta')).toBe(true);
  expect(semver('1.0.0-beta.11', '>', '1.0.0-beta.2')).toBe(true);
  expect(semver('1.0.0+build.5', '===', '1.0.0')).toBe(true);
  expect(semver('99999999999999999999.0.0', '>', '9999999999999999999.0.0')).toBe(true);
  expect(semver('01.0.0', '===', '1.0.0')).toBe(false); // leading zero: not SemVer
  expect(semver(2, '>', '1.0.0')).toBe(false);
  expect(semver('2.0.0', '~', '1.0.0')).toBe(false);
  expect(evaluate({ semver_compare: ['1.0.0', '==='] }, {})).toBe(false);
  const when = (a: unknown, op: string, b: unknown) => evaluate({ datetime_compare: [a, op, b] }, {});
  const t = Date.UTC(2024, 0, 15, 12, 0, 0);
  expect(when('2024-01-15T12:00:00Z', '===', t)).toBe(true);
  expect(when('2024-01-15T12:00:00.900Z', '===', t + 400)).toBe(true); // whole seconds
  expect(when('2024-01-15t13:00:00+01:00', '===', t)).toBe(true);
  expect(when('2024-01-16T00:00:00Z', '>', t)).toBe(true);
  expect(when('2023-02-29T00:00:00Z', '<', t)).toBe(false); // no such day
  expect(when('2024-01-15T24:00:00Z', '>', 0)).toBe(false);
  expect(when('2024-01-15', '>', 0)).toBe(false);
  expect(when('2024-01-15T12:00:00Z', '>', '0')).toBe(false);
});
