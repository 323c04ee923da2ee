// Runs the table of cases (cases.ts) in the engine of the Playwright project running this file:
// chromium, firefox or webkit (playwright.config.ts). One browser per worker; one fresh tab
// (its own cookies and storage) per case. An engine whose browser is not installed skips every
// case, saying why; the summary reporter prints the table per engine.
import { test as base } from '@playwright/test';
import { collector, uniqueToken } from '../support/collector';
import { cases } from './cases';
import { chromiumEngine } from './chromium';
import { firefoxEngine } from './firefox';
import { webkitEngine } from './webkit';
import type { Browser, EngineName, Tab } from './driver';

const ENGINES = { chromium: chromiumEngine, firefox: firefoxEngine, webkit: webkitEngine };

const test = base.extend<{ tab: Tab }, { engine: EngineName; engineBrowser: Browser | null }>({
  engine: ['chromium', { option: true, scope: 'worker' }],
  engineBrowser: [
    async ({ engine }, use) => {
      const e = ENGINES[engine];
      if (e.missing()) return use(null);
      const browser = await e.launch();
      await use(browser);
      await browser.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  tab: async ({ engine, engineBrowser }, use, info) => {
    const missing = ENGINES[engine].missing();
    info.skip(!!missing, `${engine}: ${missing}`);
    const tab = await engineBrowser!.tab();
    info.annotations.push({ type: 'browser', description: engineBrowser!.version });
    await use(tab);
    await tab.close();
  },
});

for (const c of cases) {
  test(c.name, async ({ tab, engine, engineBrowser }, info) => {
    // Each step is a WebDriver round trip and some cases wait up to 30 s for delivery: the
    // default 30 s would leave a loaded machine no room (WebKitGTK under load takes ~3x longer).
    test.setTimeout(c.slow ? 150_000 : 90_000);
    const token = uniqueToken(`${engine}1`);
    const token2 = uniqueToken(`${engine}2`);
    const token3 = uniqueToken(`${engine}3`);
    const url = (page: string, query: Record<string, string> = {}) =>
      `${collector()}/test-e2e/engines/pages/${page}?${new URLSearchParams({ token, token2, token3, ...query })}`;
    const note = (type: string, description: string) => void info.annotations.push({ type, description });
    const more: Tab[] = [];
    const newTab = async () => {
      const t = await engineBrowser!.tab();
      more.push(t);
      return t;
    };
    try {
      await c.run({ tab, engine, token, token2, token3, url, note, newTab });
    } finally {
      await Promise.all(more.map((t) => t.close()));
    }
  });
}
