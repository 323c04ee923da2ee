// What a page holds that tests compare before and after a widget ran: its globals, cookies and
// storage, errors thrown in any of its frames, and the listeners and timers one script added
// (told apart by the script's URL, so the host page's own ones never blur the count).
import type { Page, Frame } from '@playwright/test';

export interface PageState {
  globals: string[];
  cookie: string;
  local: Record<string, string>;
  session: Record<string, string>;
}

/** Globals, cookies, localStorage and sessionStorage of a frame (storage that throws reads as empty). */
export const pageState = (frame: Page | Frame): Promise<PageState> =>
  frame.evaluate(() => {
    const read = (get: () => Storage) => {
      try {
        return { ...get() };
      } catch {
        return {};
      }
    };
    return { globals: Object.keys(window), cookie: document.cookie, local: read(() => localStorage), session: read(() => sessionStorage) };
  });

/**
 * Before navigation: in every frame, records each live timer (setTimeout/setInterval not yet
 * fired or cleared) with the stack that created it, and every uncaught error or rejection.
 */
export async function recordTimersAndErrors(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as any;
    const live = new Map<number, string>();
    const errors: string[] = [];
    w.__liveTimers = live;
    w.__errors = errors;
    addEventListener('error', (e) => errors.push(String(e.message)));
    addEventListener('unhandledrejection', (e) => errors.push('unhandled rejection: ' + String(e.reason)));
    const [set, clear, every, stop] = [setTimeout, clearTimeout, setInterval, clearInterval].map((f) => f.bind(window)) as any[];
    w.setTimeout = (fn: any, ms?: number, ...a: any[]) => {
      const id: number = set((...b: any[]) => (live.delete(id), typeof fn == 'function' && fn(...b)), ms, ...a);
      live.set(id, String(new Error().stack));
      return id;
    };
    w.setInterval = (fn: any, ms?: number, ...a: any[]) => {
      const id: number = every(fn, ms, ...a);
      live.set(id, String(new Error().stack));
      return id;
    };
    w.clearTimeout = (id: number) => (live.delete(id), clear(id));
    w.clearInterval = (id: number) => (live.delete(id), stop(id));
  });
}

/** Live timers of a frame created by a script whose URL contains `script` (recordTimersAndErrors first). */
export const liveTimers = (frame: Page | Frame, script: string): Promise<number> =>
  frame.evaluate((s) => [...(window as any).__liveTimers.values()].filter((stack: string) => stack.includes(s)).length, script);

/** Uncaught errors and rejections seen in a frame (recordTimersAndErrors first). */
export const frameErrors = (frame: Page | Frame): Promise<string[]> => frame.evaluate(() => (window as any).__errors);

/**
 * A counter of the listeners on the main frame's window, document and navigation added by the
 * page's scripts (`http` URLs: not Playwright's nor init scripts'), or only by a script whose
 * URL contains `script`. Create it before navigating.
 */
export async function listenerCounter(page: Page): Promise<(script?: string) => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  const urls = new Map<string, string>();
  cdp.on('Debugger.scriptParsed', (e) => urls.set(e.scriptId, e.url));
  await cdp.send('Debugger.enable');
  return async (script = 'http') => {
    let n = 0;
    for (const expression of ['window', 'document', 'navigation']) {
      const { result } = await cdp.send('Runtime.evaluate', { expression });
      if (!result.objectId) continue;
      const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
      n += listeners.filter((l) => (urls.get(l.scriptId) || '').includes(script)).length;
    }
    return n;
  };
}
