// Rage clicks: `click_count` clicks (4), each within `threshold_px` (30) of the one before and
// sooner than `timeout_ms` (1000) after it. The series starts over once reported.

import type { RageClickOptions } from './options';

export function rageClicks(): (ev: MouseEvent, o: RageClickOptions, inert: boolean) => boolean {
  let series: { x: number; y: number; t: number }[] = [];
  return (ev, o, inert) => {
    if (o.interactive_elements_only && inert) return false;
    const t = Date.now();
    const c = { x: ev.pageX, y: ev.pageY, t };
    const last = series[series.length - 1];
    if (last && t - last.t < (o.timeout_ms || 1000) && Math.hypot(c.x - last.x, c.y - last.y) < (o.threshold_px || 30)) {
      series.push(c);
      if (series.length >= (o.click_count || 4)) {
        series = [];
        return true;
      }
    } else series = [c];
    return false;
  };
}
