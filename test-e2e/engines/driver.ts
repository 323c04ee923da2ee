// What a cross-engine case may ask of a browser: open a page, evaluate an expression in it, and
// wait on one. Three implementations (Playwright for Chromium, puppeteer-core over WebDriver BiDi
// for Firefox, W3C WebDriver for WebKitGTK) keep the cases free of any one tool's API.

export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** One isolated tab: its own cookies and storage, gone with `close()`. */
export interface Tab {
  /** Navigates and waits for the load event. */
  open(url: string): Promise<void>;
  /** Evaluates a JavaScript expression in the page (a promise is awaited); the value must be JSON. */
  run<T = unknown>(expression: string): Promise<T>;
  /**
   * Goes back one page and waits for it, through the driver. Only where a script the driver runs
   * can hang across a back/forward-cache navigation (WebKitWebDriver: the page it ran in is
   * frozen, not gone); the other engines' cases navigate from inside the page.
   */
  back?(): Promise<void>;
  /** Another tab of the same profile (shares cookies and storage, as a second tab of one site). */
  sibling(): Promise<Tab>;
  close(): Promise<void>;
}

/** A running browser of one engine, shared by the cases of one worker. */
export interface Browser {
  readonly version: string;
  tab(): Promise<Tab>;
  close(): Promise<void>;
}

export interface Engine {
  name: EngineName;
  /** Why this engine cannot run here (its browser is not installed), or null when it can. */
  missing(): string | null;
  launch(): Promise<Browser>;
}

/** Polls `expression` in the tab until it is truthy; fails with `what` after `timeout` ms. */
export async function waitIn(tab: Tab, expression: string, what: string, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      if (await tab.run(`!!(${expression})`)) return;
    } catch (err) {
      last = err; // mid-navigation: the page may not be there yet
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
