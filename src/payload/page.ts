// Page and campaign properties, and the super properties Mixpanel derives from the page (search
// engine and keyword of the referrer, UTM parameters unless `stop_utm_persistence`, the first
// referrer): all re-derived only when the URL changed, so track() writes no storage for them.

import { pageProperties, domainOf } from './defaultProperties';
import { campaignParams, searchInfo, utmOf } from './campaign';
import type { Persistence } from '../storage/persistence';
import { doc } from '../lib/env';
import { safeAssign } from '../lib/json';
import type { Config, Properties } from '../types';

/** The URL they were derived from, page properties, campaign properties. */
export type PageState = [string, Properties, Properties];

export interface PageHolder {
  _cfg: Config;
  _store: Persistence;
  _page: PageState;
}

// Called on started instances only: there is a window, so a document with a location.
export function page(inst: PageHolder): PageState {
  const d = doc()!;
  const href = d.location.href;
  if (href === inst._page[0]) return inst._page;
  const campaign = campaignParams(href);
  inst._page = [href, pageProperties(), campaign];
  const ref = d.referrer;
  const store = inst._store;
  store._set(safeAssign(searchInfo(ref), inst._cfg.stop_utm_persistence ? {} : utmOf(campaign)));
  if (inst._cfg.save_referrer && store._get('$initial_referrer') === undefined)
    store._set({ $initial_referrer: ref || '$direct', $initial_referring_domain: ref ? domainOf(ref) : '$direct' });
  return inst._page;
}

/** A page view's own properties; upstream leaves out the empty ones (no title, no query string). */
export function pageviewProperties(): Properties {
  const d = doc()!;
  const loc = d.location;
  const props: Properties = {};
  const fields: [string, string][] = [
    ['current_page_title', d.title],
    ['current_domain', loc.hostname],
    ['current_url_path', loc.pathname],
    ['current_url_protocol', loc.protocol],
    ['current_url_search', loc.search],
  ];
  for (const [k, v] of fields) if (v) props[k] = v;
  return props;
}
