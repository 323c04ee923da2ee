// Chromium through Playwright, with the same launch options as the Chromium-only suite.
import { chromium } from '@playwright/test';
import { chromiumPath, launchOptions } from '../support/browser';
import type { Engine } from './driver';

export const chromiumEngine: Engine = {
  name: 'chromium',
  // Without Debian's chromium Playwright falls back to its own download, if there is one.
  missing: () => null,
  async launch() {
    const browser = await chromium.launch(launchOptions());
    return {
      version: `Chromium ${browser.version()}${chromiumPath() ? '' : ' (Playwright build)'}`,
      async tab() {
        const context = await browser.newContext();
        const page = await context.newPage();
        return {
          open: async (url) => void (await page.goto(url)),
          run: (expression) => page.evaluate(expression),
          close: () => context.close(),
        };
      },
      close: () => browser.close(),
    };
  },
};
