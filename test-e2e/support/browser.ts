// Playwright cannot download its own browsers on these machines: use Debian's chromium when it
// is installed (as root it needs --no-sandbox), falling back to Playwright's browser elsewhere.
import type { LaunchOptions } from '@playwright/test';
// @ts-ignore: plain ESM module without types
import { chromiumPath, CHROMIUM_ARGS } from '../../scripts/chromium.mjs';

export { chromiumPath };

export function launchOptions(): LaunchOptions {
  return {
    executablePath: chromiumPath(),
    args: [
      ...CHROMIUM_ARGS,
      // Hosts under a public suffix, served by the local collector, for the cookie-domain tests.
      '--host-resolver-rules=MAP *.example.co.uk 127.0.0.1, MAP *.github.io 127.0.0.1',
    ],
  };
}
