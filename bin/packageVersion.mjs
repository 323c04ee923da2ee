// This package's version, as its package.json says.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_JSON = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../package.json');

export function packageVersion() {
  try {
    return JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')).version;
  } catch {
    return 'unknown';
  }
}
