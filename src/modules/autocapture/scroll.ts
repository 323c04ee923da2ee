// Scrolling: `$mp_scroll` when the page's scroll percentage first passes a checkpoint (25, 50,
// 75, 100 by default; every scroll with `scroll_capture_all`), and the deepest point seen, for
// `$mp_page_leave`. Work is done once per scroll gesture: on `scrollend`, or where the engine
// has none, once scrolling has been still for 100 ms (one timestamp per scroll event meanwhile).

import type { Listen, Safe } from './listen';
import type { Options } from './options';

const STILL_MS = 100;

export const viewportHeight = (): number => Math.max(document.documentElement.clientHeight, window.innerHeight || 0);
export const pageHeight = (): number => (document.body ? document.body.scrollHeight : 0);

export interface Scroll {
  /** The deepest point of the page seen so far (viewport bottom), in pixels. */
  _depth(): number;
  /** Another URL (SPA navigation): the depth starts over, and the checkpoints on a new path. */
  _reset(newPath: boolean): void;
  /** Clears a pending timer (the listeners go with the others). */
  _stop(): void;
}

/** `deep`: the depth is followed even without scroll or page-leave capture (record_heatmap_data). */
export function followScroll(listen: Listen, safe: Safe, o: Options, track: (props: Record<string, unknown>) => void, blocked: () => boolean, deep?: boolean): Scroll {
  let checkpoint = 0;
  let depth = viewportHeight();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const ended = safe('scroll', () => {
    depth = Math.max(depth, viewportHeight() + window.scrollY);
    if (!o.scroll || blocked()) return;
    const top = window.scrollY;
    const height = pageHeight();
    const percent = Math.round((top / (height - window.innerHeight)) * 100);
    const props: Record<string, unknown> = { $scroll_top: top, $mp_autocapture: true, $scroll_height: height, $scroll_percentage: percent };
    let passed = false;
    for (const c of o.scroll_depth_percent_checkpoints.slice().sort((a, b) => a - b)) {
      if (percent >= c && checkpoint < c) (props.$scroll_checkpoint = checkpoint = c), (passed = true);
    }
    if (passed || o.scroll_capture_all) track(props);
  });

  if (!o.scroll && !o.page_leave && !deep) {
    // nothing to follow
  } else if ('onscrollend' in window) listen(window, 'scrollend', ended, { passive: true });
  else {
    let last = 0;
    const wait = (ms: number) =>
      (timer = setTimeout(() => {
        const still = Date.now() - last;
        if (still < STILL_MS) return wait(STILL_MS - still);
        timer = undefined;
        ended();
      }, ms));
    listen(window, 'scroll', () => {
      last = Date.now();
      if (timer === undefined) wait(STILL_MS);
    }, { passive: true });
  }
  return {
    _depth: () => depth,
    _reset(newPath) {
      if (newPath) checkpoint = 0;
      depth = viewportHeight();
    },
    _stop: () => void (timer !== undefined && clearTimeout(timer)),
  };
}
