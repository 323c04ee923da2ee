// The collector's flag assignment (collector/flags.mjs), pure: a visitor keeps their variant,
// a rollout splits visitors as its percents say, and fixed answers win.
import { test, expect } from '@playwright/test';
// @ts-ignore: plain ESM module without types
import { assignVariant, checkDefinitions, servedFlags, identificationProblem } from '../../collector/flags.mjs';

const ids = Array.from({ length: 20_000 }, (_, i) => `user-${i}`);
const share = (def: any, variant: string | null) => ids.filter((id) => assignVariant('flag', def, id) === variant).length / ids.length;

test('a rollout splits visitors by its percents (within 1.5 points over 20,000 ids), and a visitor always gets the same variant', () => {
  const def = { variants: { a: 1, b: 2, c: 3 }, rollout: { a: 50, b: 30, c: 10 } };
  expect(share(def, 'a')).toBeCloseTo(0.5, 1);
  expect(Math.abs(share(def, 'a') - 0.5)).toBeLessThan(0.015);
  expect(Math.abs(share(def, 'b') - 0.3)).toBeLessThan(0.015);
  expect(Math.abs(share(def, 'c') - 0.1)).toBeLessThan(0.015);
  expect(Math.abs(share(def, null) - 0.1)).toBeLessThan(0.015); // the 10 % left out fall back
  for (const id of ids.slice(0, 500)) expect(assignVariant('flag', def, id)).toBe(assignVariant('flag', def, id));
  // Another flag with the same split buckets visitors independently of this one.
  const same = ids.filter((id) => assignVariant('flag', def, id) === assignVariant('other', def, id)).length / ids.length;
  expect(same).toBeLessThan(0.45);
});

test('fixed answers win over the rollout; no rollout serves the first variant to everyone; a 0 % rollout serves nobody', () => {
  const def = { variants: { off: false, on: true }, rollout: { on: 0 }, users: { alice: 'on' } };
  expect(assignVariant('beta', def, 'alice')).toBe('on');
  expect(assignVariant('beta', def, 'bob')).toBeNull();
  expect(assignVariant('x', { variants: { only: 1, second: 2 } }, 'anyone')).toBe('only');
  expect(servedFlags({ beta: def, exp: { variants: { v: 'x' }, experiment_id: 'e1', is_experiment_active: false } }, { distinct_id: 'alice' })).toEqual({
    beta: { variant_key: 'on', variant_value: true },
    exp: { variant_key: 'v', variant_value: 'x', experiment_id: 'e1', is_experiment_active: false },
  });
  // Without a distinct id the device id decides.
  expect(servedFlags({ beta: def }, { device_id: 'alice' })).toEqual({ beta: { variant_key: 'on', variant_value: true } });
});

test('definitions are checked with a message naming the flag and the field', () => {
  const bad: [unknown, RegExp][] = [
    [[], /must be a JSON object/],
    [{ f: { variants: {} } }, /flag "f" needs "variants"/],
    [{ f: { variants: { a: 1 }, rollout: { a: 60, b: 10 } } }, /rollout names "b"/],
    [{ f: { variants: { a: 1, b: 2 }, rollout: { a: 60, b: 50 } } }, /adds up to 110 %/],
    [{ f: { variants: { a: 1 }, rollout: { a: -1 } } }, /percent from 0 to 100/],
    [{ f: { variants: { a: 1 }, users: { u: 'z' } } }, /users\["u"\] names "z"/],
    [{ f: { variants: { a: 1 }, experiment_id: 5 } }, /"experiment_id" must be a string/],
    [{ f: { variants: { a: 1 }, varients: {} } }, /unknown field "varients"/],
  ];
  for (const [defs, why] of bad) expect(() => checkDefinitions(defs), JSON.stringify(defs)).toThrow(why);
  expect(checkDefinitions({ f: { variants: { a: 1 }, rollout: { a: 100 } } })).toBeTruthy();
});

test("the project is identified as Mixpanel's flags/ expects: ?token= and Basic base64(token:), nothing more", () => {
  const basic = (s: string) => 'Basic ' + Buffer.from(s).toString('base64');
  expect(identificationProblem({ token: 't1' }, basic('t1:'))).toBeNull();
  expect(identificationProblem({ token: 't1' }, basic('t1:s3cret'))).toMatch(/password/);
  expect(identificationProblem({}, basic('t1:'))).toMatch(/missing token/);
  expect(identificationProblem({ token: 't1' }, undefined)).toMatch(/missing Authorization/);
  expect(identificationProblem({ token: 't1' }, basic('t1'))).toMatch(/with the colon/);
  expect(identificationProblem({ token: 't1' }, basic('t2:'))).toMatch(/another project/);
});

test('first-time events in the definitions are checked with a message naming the flag, the entry and the field', () => {
  const base = { variants: { off: false, on: true } };
  const bad: [unknown, RegExp][] = [
    [{ f: { ...base, first_time_events: {} } }, /"first_time_events" must be a list/],
    [{ f: { ...base, first_time_events: Array(21).fill({ event: 'e', variant: 'on' }) } }, /at most 20/],
    [{ f: { ...base, first_time_events: ['e'] } }, /first_time_events\[0\] must be/],
    [{ f: { ...base, first_time_events: [{ event: '', variant: 'on' }] } }, /first_time_events\[0\]: "event" must be an event name/],
    [{ f: { ...base, first_time_events: [{ event: 'e', variant: 'maybe' }] } }, /"variant" must name one of the flag's variants/],
    [{ f: { ...base, first_time_events: [{ event: 'e', variant: 'on', property_filters: [] }] } }, /JsonLogic rule/],
    [{ f: { ...base, first_time_events: [{ event: 'e', variant: 'on', when: 1 }] } }, /unknown field "when"/],
    [{ f: { ...base, flag_id: 'a/b' } }, /"flag_id" must be/],
  ];
  for (const [defs, why] of bad) expect(() => checkDefinitions(defs), JSON.stringify(defs)).toThrow(why);
  expect(checkDefinitions({ f: { ...base, flag_id: 'flag-1', first_time_events: [{ event: 'Signed up', variant: 'on', property_filters: { '==': [{ var: 'plan' }, 'pro'] } }] } })).toBeTruthy();
});
