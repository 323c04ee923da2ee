// Playwright cannot download its own browsers on these machines: use Debian's chromium when it
// is installed (as root it needs --no-sandbox), falling back to Playwright's browser elsewhere.
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string | undefined {
  return CANDIDATES.find((p): p is string => !!p && existsSync(p));
}

export function launchOptions(): LaunchOptions {
  return {
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      // A closed network: stop Chromium's own background connections.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--metrics-recording-only',
      // Hosts under a public suffix, served by the local collector, for the cookie-domain tests.
      '--host-resolver-rules=MAP *.example.co.uk 127.0.0.1, MAP *.github.io 127.0.0.1',
    ],
  };
}
