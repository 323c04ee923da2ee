// Playwright drives a real Chromium against the real local collector (started once in
// global-setup on a free port). Unit tests of the pure parts run in the same runner, in Node.
// The cross-engine table (test-e2e/engines/) runs once per engine: Chromium through Playwright,
// Firefox through puppeteer-core (WebDriver BiDi), WebKitGTK through WebKitWebDriver.
import { defineConfig } from '@playwright/test';
import type { EngineName } from './test-e2e/engines/driver';
import { launchOptions } from './test-e2e/support/browser';

export default defineConfig<{}, { engine: EngineName }>({
  testDir: 'test-e2e',
  globalSetup: './test-e2e/support/global-setup.ts',
  fullyParallel: true,
  // Two on any machine: the tests mostly wait on browsers and timers, and Playwright's default
  // (half the cores) would run them one at a time on a 2-core machine.
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['./test-e2e/support/summary-reporter.ts']],
  use: {
    launchOptions: launchOptions(),
    trace: 'off',
  },
  projects: [
    { name: 'unit', testMatch: /unit\/.*\.spec\.ts$/ },
    { name: 'chromium', testMatch: /.*\.e2e\.ts$/, use: { browserName: 'chromium' } },
    ...(['chromium', 'firefox', 'webkit'] as const).map((engine) => ({ name: `engines:${engine}`, testMatch: /engines\/.*\.engine\.ts$/, use: { engine } })),
  ],
});
