// Firefox (Debian's firefox-esr) through puppeteer-core over WebDriver BiDi: no driver binary.
import { existsSync } from 'node:fs';
import puppeteer, { type Page } from 'puppeteer-core';
import type { Engine, Tab } from './driver';

const CANDIDATES = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];
const firefoxPath = () => CANDIDATES.find((p): p is string => !!p && existsSync(p));

export const firefoxEngine: Engine = {
  name: 'firefox',
  missing: () => (firefoxPath() ? null : 'no Firefox found (apt-get install firefox-esr, or set FIREFOX_PATH)'),
  async launch() {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath(),
      headless: true,
      // A closed network: no update, telemetry, safe-browsing or captive-portal traffic.
      extraPrefsFirefox: {
        'network.captive-portal-service.enabled': false,
        'network.connectivity-service.enabled': false,
        'browser.safebrowsing.malware.enabled': false,
        'browser.safebrowsing.phishing.enabled': false,
        'app.update.enabled': false,
        'datareporting.policy.dataSubmissionEnabled': false,
        'toolkit.telemetry.enabled': false,
      },
    });
    return {
      version: `Firefox ${(await browser.version()).replace(/^firefox\//i, '')}`,
      async tab() {
        // A user context of its own: cookies and storage apart from every other case.
        const context = await browser.createBrowserContext();
        const tab = (page: Page, close: () => Promise<void>): Tab => ({
          open: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
          run: (expression) => page.evaluate(expression) as Promise<any>,
          sibling: async () => {
            const other = await context.newPage();
            return tab(other, () => other.close({ runBeforeUnload: true }));
          },
          close,
        });
        return tab(await context.newPage(), () => context.close());
      },
      close: () => browser.close(),
    };
  },
};
