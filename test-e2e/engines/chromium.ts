// Chromium through Playwright, with the same launch options as the Chromium-only suite.
import { chromium, type Page } from '@playwright/test';
import { chromiumPath, launchOptions } from '../support/browser';
import type { Engine, Tab } from './driver';

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
        const tab = (page: Page, close: () => Promise<void>): Tab => ({
          open: async (url) => void (await page.goto(url)),
          run: (expression) => page.evaluate(expression),
          sibling: async () => {
            const other = await context.newPage();
            return tab(other, () => other.close());
          },
          close,
        });
        return tab(await context.newPage(), () => context.close());
      },
      close: () => browser.close(),
    };
  },
};
