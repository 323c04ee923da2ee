// The compile-time drop-in proof (test-e2e/dropin/usage.ts, type-checked in npm test against
// mixpanel-browser's types and tracklet's) is only as good as its coverage: it must name every
// type mixpanel-browser's index.d.ts exports, set every key of its Config and call every method
// of its instance, people, group and flags types. A newer upstream that adds one fails here.
import { test, expect } from '@playwright/test';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve('.');
const upstreamFile = createRequire(path.join(ROOT, 'package.json')).resolve('mixpanel-browser').replace(/dist\/.*$/, 'src/index.d.ts');
const upstream = ts.createSourceFile(upstreamFile, readFileSync(upstreamFile, 'utf8'), ts.ScriptTarget.Latest);
const usage = readFileSync(path.join(ROOT, 'test-e2e/dropin/usage.ts'), 'utf8');

const exported = (s: ts.Statement) => !!ts.getModifiers(s as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
function members(name: string): string[] {
  const decl = upstream.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!decl) throw new Error(`no ${name} in ${upstreamFile}`);
  return [...new Set(decl.members.map((m) => (m.name && ts.isIdentifier(m.name) ? m.name.text : '')).filter(Boolean))];
}

test('usage.ts names every type mixpanel-browser exports', () => {
  const names = upstream.statements.filter((s) => (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && exported(s)).map((s) => (s as ts.InterfaceDeclaration).name.text);
  expect(names.length).toBeGreaterThan(40);
  const imported = new Set(/import type \{([^}]*)\}/.exec(usage)![1].split(',').map((n) => n.trim()));
  expect(names.filter((n) => !imported.has(n))).toEqual([]);
});

test('usage.ts sets every Config key and hook, and calls every method of the instance, people, group and flags', () => {
  const missing = (names: string[], form: (n: string) => RegExp) => names.filter((n) => !form(n).test(usage));
  expect(missing(members('Config'), (n) => new RegExp(`\\b${n}:`))).toEqual([]);
  expect(missing(members('AutocaptureConfig'), (n) => new RegExp(`\\b${n}:`))).toEqual([]);
  const config = upstream.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Config')!;
  const hooks = config.members.find((m) => m.name && ts.isIdentifier(m.name) && m.name.text === 'hooks') as ts.PropertySignature;
  const hookNames = (hooks.type as ts.TypeLiteralNode).members.map((m) => (m.name as ts.Identifier).text);
  expect(hookNames.length).toBeGreaterThan(5);
  expect(missing(hookNames, (n) => new RegExp(`\\b${n}:`))).toEqual([]);
  expect(missing(members('Mixpanel').filter((n) => n !== 'people' && n !== 'flags'), (n) => new RegExp(`\\.${n}\\(`))).toEqual([]);
  for (const i of ['People', 'Group', 'FlagsManager']) expect(missing(members(i), (n) => new RegExp(`\\.${n}\\(`)), i).toEqual([]);
});
