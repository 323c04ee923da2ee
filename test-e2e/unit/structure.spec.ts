// The structure of issue #15: no import cycles (madge, over src/ and collector/), no import up
// the folder order of src/, no source file over 300 lines, no folder of src/ over 25 % of its
// lines. Each failure names the files; the rules themselves are in scripts/structure.mjs.
import { test, expect } from '@playwright/test';
// @ts-ignore: plain ESM module without types
import { cycles, KNOWN_CYCLES, arrowsUp, longFiles, bigRooms, ORDER } from '../../scripts/structure.mjs';

test('madge finds no import cycle in src/ or collector/ (beyond the one known, dated exception)', async () => {
  test.setTimeout(60_000);
  const found: string[] = await cycles();
  expect(found.filter((c) => !KNOWN_CYCLES.includes(c)), 'import cycles').toEqual([]);
});

test(`every import of src/ goes down the folder order (${ORDER.join(' → ')}) or stays in its folder`, () => {
  expect(arrowsUp(), 'imports that go up').toEqual([]);
});

test('no source file of src/ or collector/ is over 300 lines', () => {
  expect(longFiles(), 'files over the limit').toEqual([]);
});

test("no folder of src/ holds over 25 % of src/'s lines", () => {
  expect(bigRooms(), 'folders over the share').toEqual([]);
});
