// What differential tests compare: a payload without its volatile values (ids, times, tokens),
// ids replaced by which-equals-which labels.

// Deliberate differences (README, "Switching from mixpanel-browser").
const VOLATILE = new Set(['time', '$insert_id', 'token', '$token', '$lib_version', '$duration', 'mp_loader', 'mp_sent_by_lib_version']);
const ID_KEYS = new Set(['distinct_id', '$distinct_id', '$device_id', '$user_id', '$anon_distinct_id', '$had_persisted_distinct_id']);

export function normalize(p: any, ids: Map<string, string>): any {
  if (Array.isArray(p)) return p.map((x) => normalize(x, ids));
  // The two page files differ only in name.
  if (typeof p === 'string') return p.replace(/(mixpanel-lib|snippet)\.html/, 'PAGE.html');
  if (!p || typeof p !== 'object') return p;
  const out: any = {};
  for (const k of Object.keys(p).sort()) {
    if (VOLATILE.has(k)) continue;
    if (ID_KEYS.has(k) && typeof p[k] === 'string') {
      // Ids differ run to run; what matters is which ids are equal to which.
      const raw = p[k].replace(/^\$device:/, '');
      if (!ids.has(raw)) ids.set(raw, `id${ids.size}`);
      out[k] = (p[k].startsWith('$device:') ? '$device:' : '') + ids.get(raw);
      continue;
    }
    out[k] = normalize(p[k], ids);
  }
  return out;
}

