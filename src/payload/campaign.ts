// Marketing parameters from the page URL: the UTM set and ad-click ids Mixpanel records.

export const UTM_KEYS = 'source medium campaign content term id source_platform campaign_id creative_format marketing_tactic'
  .split(' ')
  .map((k) => 'utm_' + k);
const ALL_KEYS = UTM_KEYS.concat('dclid fbclid gclid ko_click_id li_fat_id msclkid sccid ttclid twclid wbraid'.split(' '));

/** UTM parameters and click ids present in `url`'s query string. */
export function campaignParams(url: string, keys: string[] = ALL_KEYS): Record<string, string> {
  const out: Record<string, string> = {};
  const q = url.indexOf('?');
  if (q < 0) return out;
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(url.slice(q + 1).split('#')[0]);
  } catch {
    return out;
  }
  for (const k of keys) {
    const v = params.get(k);
    if (v) out[k] = v;
  }
  return out;
}

/** `$search_engine` and `mp_keyword` of a search-engine referrer, as Mixpanel records them. */
export function searchInfo(referrer: string): Record<string, string> {
  const out: Record<string, string> = {};
  // Upstream's order and patterns: google on any TLD, the others on .com.
  const engine = ['google', 'bing', 'yahoo', 'duckduckgo'].find((e) => new RegExp('^https?://.*' + e + (e == 'google' ? '\\.' : '\\.com')).test(referrer));
  if (engine) {
    out.$search_engine = engine;
    const q = campaignParams(referrer, [engine == 'yahoo' ? 'p' : 'q']);
    const kw = q.p || q.q;
    if (kw) out.mp_keyword = kw;
  }
  return out;
}

/** The UTM parameters among what campaignParams found (the URL is not parsed again). */
export function utmOf(campaign: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of UTM_KEYS) if (campaign[k]) out[k] = campaign[k];
  return out;
}
