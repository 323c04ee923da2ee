// Debian's Chromium (Playwright's own download cannot work on these machines) and the flags that
// keep it quiet on a closed network: one place for the tests, the bench and the soak run.
import { existsSync } from 'node:fs';

/** CHROMIUM_PATH, else Debian's chromium; undefined lets Playwright use its own browser. */
export const chromiumPath = () => [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));

export const CHROMIUM_ARGS = [
  '--no-sandbox', // as root
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // A closed network: stop Chromium's own background connections.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--metrics-recording-only',
];
