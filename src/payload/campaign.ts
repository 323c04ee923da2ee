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
