// Starts one real collector for the whole run on a free port, with a fresh data folder, and
// hands its URL to the tests through the environment. Fault injection on, and flags/ answered
// from test-e2e/flags.json: the tests use both.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
// @ts-ignore: plain ESM module without types
import { startCollector } from '../../collector/server.mjs';

export default async function globalSetup() {
  if (!existsSync('dist/tracklet.min.js')) throw new Error('dist/ is missing: run `npm run build` (npm test does it)');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tracklet-test-'));
  const collector = await startCollector({ port: 0, dataDir, quiet: true, faults: true, staticDirs: ['dist', 'examples', 'test-e2e', 'node_modules'], flags: 'test-e2e/flags.json' });
  process.env.TRACKLET_COLLECTOR = collector.url.replace(/\/$/, '');
  return async () => collector.close();
}
