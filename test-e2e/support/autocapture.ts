// Opening the autocapture test pages: tracklet with the autocapture module started on a host
// made of the public instance (as the module loader will), or mixpanel-browser 2.84 with its
// own `autocapture` config, both against the collector.
import { expect, type Page } from '@playwright/test';
import { collector, openWithSetup, bundleLoaded, delivered } from './collector';

declare const mixpanel: any;

/** tracklet on autocapture.html; `config` is the `autocapture` value (JSON only: regexes as strings). */
export async function openTracklet(page: Page, token: string, config: unknown, query = '') {
  await openWithSetup(
    page,
    'autocapture.html' + query,
    ({ token, api, config }) => {
      const w = window as any;
      w.__reports = [];
      mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100 });
      // The host the module loader will build from an instance: public methods only.
      const host = {
        t: {
          track: (event: string, props: object, options?: object) => mixpanel.track(event, props, options),
          track_pageview: (props: object) => mixpanel.track_pageview(props),
        },
        c: () => ({}),
        report: (message: string) => w.__reports.push(message),
      };
      w.__stop = w['tracklet:autocapture'].startAutocapture(host, config);
    },
    { token, api: collector(), config },
  );
  await bundleLoaded(page);
}

/** mixpanel-browser 2.84 on autocapture-mixpanel.html, the same markup. */
export async function openMixpanel(page: Page, token: string, config: unknown, query = '') {
  await openWithSetup(
    page,
    'autocapture-mixpanel.html' + query,
    ({ token, api, config }) => mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 100, autocapture: config }),
    { token, api: collector(), config },
  );
  await bundleLoaded(page);
}

/**
 * Tracks a sentinel and waits for it: the queue sends in order, so every event captured before
 * it has arrived too. Returns the events before it, by name.
 */
export async function settle(page: Page, token: string, timeout = 15_000): Promise<any[]> {
  const mark = `sentinel ${Date.now()}`;
  await page.evaluate((m) => mixpanel.track(m), mark);
  let got: any[] = [];
  await expect.poll(async () => (got = await delivered(token)).some((e) => e.event === mark), { timeout, message: `the sentinel of ${token}` }).toBe(true);
  return got.filter((e) => !e.event.startsWith('sentinel'));
}

export const named = (events: any[], name: string) => events.filter((e) => e.event === name);
