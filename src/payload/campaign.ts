// Marketing parameters from the page URL: the UTM set and ad-click ids Mixpanel records.

export const UTM_KEYS = [
  'utm_source', 'utm_medium', 'utm_campaign', 'utm_content', 'utm_term', 'utm_id',
  'utm_source_platform', 'utm_campaign_id', 'utm_creative_format', 'utm_marketing_tactic',
];
export const CLICK_KEYS = [
  'dclid', 'fbclid', 'gclid', 'ko_click_id', 'li_fat_id', 'msclkid', 'sccid', 'ttclid', 'twclid', 'wbraid',
];

/** UTM parameters and click ids present in `url`'s query string. */
export function campaignParams(url: string, keys: string[] = UTM_KEYS.concat(CLICK_KEYS)): Record<string, string> {
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

const ENGINES: [string, RegExp][] = [
  ['google', /^https?:\/\/(.*)google\.([^/?]*)/],
  ['bing', /^https?:\/\/(.*)bing\.com/],
  ['yahoo', /^https?:\/\/(.*)yahoo\.com/],
  ['duckduckgo', /^https?:\/\/(.*)duckduckgo\.com/],
];

/** `$search_engine` and `mp_keyword` of a search-engine referrer, as Mixpanel records them. */
export function searchInfo(referrer: string): Record<string, string> {
  const out: Record<string, string> = {};
  const engine = ENGINES.find((e) => e[1].test(referrer));
  if (engine) {
    out.$search_engine = engine[0];
    const q = campaignParams(referrer, [engine[0] == 'yahoo' ? 'p' : 'q']);
    const kw = q.p || q.q;
    if (kw) out.mp_keyword = kw;
  }
  return out;
}
