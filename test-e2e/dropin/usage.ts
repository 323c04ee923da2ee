// Compile-time drop-in test: TypeScript written against mixpanel-browser 2.84's own types,
// touching every type name, method and config key of its index.d.ts. npm test compiles this one
// file twice with `strict: true`: against mixpanel-browser (tsconfig.upstream.json, proving the
// file is valid upstream code) and with 'mixpanel-browser' mapped to dist/tracklet.d.ts
// (tsconfig.tracklet.json). Both must pass: switching the import to tracklet changes nothing.
// Not exercised: the named function exports upstream's types also declare (`import { track }`),
// which its ES module does not have at run time (it exports the default instance only).
import mixpanel from 'mixpanel-browser';
import type {
  ApiPayloadFormat, AutocaptureConfig, BeforeSendHookPayload, Callback, ClearOptOutInOutOptions, Config, DeadClickConfig,
  Dict, EventTriggerProps, FlagsConfig, FlagsFallbackReason, FlagsManager, FlagsPersistencePolicy, FlagsUpdateContextOptions,
  FlagsVariant, FlagsVariantSource, Group, HasOptedInOutOptions, InTrackingOptions, InitiatorType, Mixpanel, NetworkData,
  NetworkFirstFlagsPolicy, NetworkOnlyFlagsPolicy, NetworkRecordOptions, NetworkRequest, NormalResponse, OutTrackingOptions,
  OverridedMixpanel, People, Persistence, PersistenceUntilNetworkSuccessFlagsPolicy, PushItem, Query, RageClickConfig,
  RecordingEventTriggers, RegisterOptions, RemoteSettingType, RequestOptions, Response, TrackPageView, VerboseResponse, XhrHeadersDef,
} from 'mixpanel-browser';

const onResponse: Callback = (response) => {
  if (response === 1 || response === 0) return;
  const verbose: VerboseResponse = response;
  if (verbose.status === 0) console.log(verbose.error.toUpperCase());
};
const normal: NormalResponse = 1;
const anyResponse: Response = { status: 1, error: null };

const autocapture: AutocaptureConfig = {
  click: true, input: true, pageview: 'full-url', rage_click: { threshold_px: 30, timeout_ms: 1000, click_count: 3, interactive_elements_only: true },
  dead_click: { timeout_ms: 500 }, scroll: true, submit: true, capture_text_content: false, capture_extra_attrs: ['data-id'],
  scroll_depth_percent_checkpoints: [25, 50], scroll_capture_all: false, block_url_regexes: [/admin/], allow_url_regexes: [/./],
  block_selectors: ['.private'], allow_selectors: ['button'], block_attrs: ['data-secret'],
  allow_element_callback: (el, ev) => el.tagName === 'BUTTON' && ev.type === 'click',
  block_element_callback: (el) => el.classList.contains('no-track'),
};
const rage: RageClickConfig = true;
const dead: DeadClickConfig = false;
const pageview: TrackPageView = 'url-with-path';

const networkOnly: NetworkOnlyFlagsPolicy = { variantLookupPolicy: 'networkOnly' };
const networkFirst: NetworkFirstFlagsPolicy = { variantLookupPolicy: 'networkFirst', persistenceTtlMs: 60_000 };
const cached: PersistenceUntilNetworkSuccessFlagsPolicy = { variantLookupPolicy: 'persistenceUntilNetworkSuccess' };
const policies: FlagsPersistencePolicy[] = [networkOnly, networkFirst, cached];
const flagsConfig: FlagsConfig = { context: { plan: 'pro' }, persistence: networkFirst };

const request: NetworkRequest = { url: '/api', method: 'GET', initiatorType: 'fetch', status: 200, startTime: 0, endTime: 1, timeOrigin: 0 };
const initiator: InitiatorType = 'xmlhttprequest';
const networkOptions: NetworkRecordOptions = {
  initiatorTypes: [initiator], ignoreRequestUrls: ['/health'], ignoreRequestFn: (r) => r.url.endsWith('.png'),
  recordHeaders: { request: ['content-type'], response: [] }, recordBodyUrls: { request: [], response: [] }, recordInitialRequests: true,
};
const networkData: NetworkData = { requests: [request], isInitial: true };
const trigger: EventTriggerProps = { percentage: 50, property_filters: { '==': [{ var: 'plan' }, 'pro'] } };
const triggers: RecordingEventTriggers = { Signup: trigger };
const persistence: Persistence = 'localStorage';
const format: ApiPayloadFormat = 'base64';
const remote: RemoteSettingType = 'fallback';
const headers: XhrHeadersDef = { 'X-Request-Id': 42 };

// Every key of upstream's Config, as a Partial (how init and set_config take it).
const config: Partial<Config> = {
  api_host: 'https://api-js.mixpanel.com', api_routes: { track: 'track/', engage: 'engage/', groups: 'groups/', record: 'record/', flags: 'flags/' },
  api_method: 'POST', api_transport: 'XHR', app_host: 'https://mixpanel.com', api_payload_format: format, autotrack: true,
  batch_autostart: true, batch_requests: true, cdn: 'https://cdn.mxpnl.com', cookie_domain: '.example.com', cross_site_cookie: false,
  cross_subdomain_cookie: true, error_reporter: (msg, err) => console.warn(msg, err?.message), flags: flagsConfig, persistence,
  persistence_name: 'site', cookie_name: 'site', loaded: (mp: Mixpanel) => mp.track('loaded'), store_google: true,
  stop_utm_persistence: false, save_referrer: true, test: false, verbose: true, img: false, debug: true, track_links_timeout: 300,
  track_pageview: pageview, autocapture, skip_first_touch_marketing: false, cookie_expiration: 365, upgrade: false,
  disable_persistence: false, disable_cookie: false, disable_notifications: true, secure_cookie: true, ip: true,
  property_blacklist: ['$referrer'], xhr_headers: headers, opt_out_tracking_by_default: false, opt_out_persistence_by_default: false,
  opt_out_tracking_persistence_type: 'cookie', opt_out_tracking_cookie_prefix: 'consent_', inapp_protocol: 'https://',
  inapp_link_new_window: false, ignore_dnt: false, batch_size: 50, batch_flush_interval_ms: 5000, batch_request_timeout_ms: 90000,
  recorder_src: 'https://cdn.example/recorder.js', record_block_class: /^private$/, record_block_selector: '.private',
  record_console: true, record_network: true, record_network_options: networkOptions, record_collect_fonts: false,
  record_idle_timeout_ms: 1_800_000, record_inline_images: false, record_mask_text_class: 'mask', record_mask_text_selector: ['.pii'],
  record_unmask_text_selector: '.public', record_mask_all_text: true, record_mask_input_selector: '.secret',
  record_unmask_input_selector: ['.search'], record_mask_all_inputs: true, record_min_ms: 0, record_max_ms: 86_400_000,
  record_allowed_iframe_origins: ['https://embed.example'], record_canvas: false, recording_event_triggers: triggers,
  record_heatmap_data: true, remote_settings_mode: remote, record_sessions_percent: 10,
  hooks: {
    before_identify: (id) => (id.startsWith('test-') ? null : id),
    before_register: (props, days) => [{ ...props, scrubbed: true }, days ?? 0],
    before_register_once: (props, dflt) => [props, dflt],
    before_send_events: (event: BeforeSendHookPayload) => ({ event: event.event, properties: { ...event.properties, email: undefined } }),
    before_track: (name, props) => [name, { ...props, at: Date.now() }],
    before_unregister: (property, options) => (property === 'keep' ? null : { ...options, persistent: true }),
    on_track: (name) => name.toLowerCase(),
  },
};

const named: Mixpanel = mixpanel.init('TOKEN', config, 'named');
mixpanel.init('TOKEN', { debug: true });
mixpanel.init('TOKEN');
const primary: OverridedMixpanel = mixpanel;

// Every method of upstream's Mixpanel interface.
const options: RequestOptions = { transport: 'sendBeacon', send_immediately: true };
mixpanel.track('Signup', { plan: 'pro' });
mixpanel.track('Signup', { plan: 'pro' }, options, onResponse);
mixpanel.track('Signup', undefined, (r) => console.log(r));
mixpanel.track_pageview({ section: 'docs' }, { event_name: 'Docs Viewed' });
const navLinks: Query = '#nav a';
mixpanel.track_links(navLinks, 'Nav Click', { area: 'nav' });
mixpanel.track_links(document.querySelectorAll('a')[0], 'Link', () => {});
mixpanel.track_forms([document.createElement('form')], 'Form Submitted');
mixpanel.track_with_groups('Upgraded', { seats: 5 }, { company: 'acme' }, onResponse);
mixpanel.time_event('Upload');
const registerOptions: Partial<RegisterOptions> = { persistent: false };
const fullRegister: RegisterOptions = { persistent: true };
mixpanel.register({ plan: 'pro' }, registerOptions);
mixpanel.register({ plan: 'pro' }, 7);
mixpanel.register_once({ first_seen: new Date().toISOString() }, 'None', fullRegister);
mixpanel.unregister('plan', registerOptions);
const idResult = mixpanel.identify('user-1');
mixpanel.alias('user@example.com', 'user-1');
mixpanel.reset();
const distinctId: string = mixpanel.get_distinct_id();
const plan: string | undefined = mixpanel.get_property('plan');
const batchSize: number = mixpanel.get_config('batch_size');
const wholeConfig = mixpanel.get_config();
mixpanel.set_config({ batch_size: 10, autocapture: { click: true }, flags: true });
mixpanel.disable(['Noisy']);
mixpanel.disable();
mixpanel.set_group('company', ['acme', 'globex'], onResponse);
mixpanel.set_group('team', 7);
mixpanel.add_group('company', 'initech');
mixpanel.remove_group('company', 'acme', onResponse);
const group: Group = mixpanel.get_group('company', 'acme');
group.set('plan', 'enterprise').set_once({ founded: '2001' }).union('tags', ['b2b', 1]).remove('tags', 'b2b');
group.set({ seats: 5 }, undefined, (r) => console.log(r));
group.unset('legacy');
const people: People = mixpanel.people;
people.set('name', 'Ada', onResponse);
people.set({ name: 'Ada' }, (r) => console.log(r));
people.set_once('first', true);
people.set_once({ first: true }, onResponse);
people.unset(['a', 'b'], onResponse);
people.increment('logins');
people.increment({ logins: 1, credits: 'many' });
people.increment('credits', 5, (r) => console.log(r));
people.append('list', 'x');
people.append({ list: 'x' }, onResponse);
people.union('list', ['x']);
people.union({ list: ['x'] });
people.remove('list', 'x', onResponse);
people.remove({ list: 'x' });
people.track_charge(10, { sku: 'a' }, onResponse);
people.track_charge(10, onResponse);
people.clear_charges(onResponse);
people.delete_user();
const hasOptions: Partial<HasOptedInOutOptions> = { persistence_type: 'localStorage', cookie_prefix: 'c_' };
const clearOptions: Partial<ClearOptOutInOutOptions> = { cookie_expiration: 30, cross_subdomain_cookie: false, secure_cookie: true };
const inOptions: Partial<InTrackingOptions> = { track: () => {}, track_event_name: 'Consented', track_properties: { via: 'banner' } };
const outOptions: Partial<OutTrackingOptions> = { delete_user: true, ...clearOptions };
mixpanel.opt_in_tracking(inOptions);
mixpanel.opt_out_tracking(outOptions);
const optedIn: boolean = mixpanel.has_opted_in_tracking(hasOptions);
const optedOut: boolean = mixpanel.has_opted_out_tracking();
mixpanel.clear_opt_in_out_tracking(clearOptions);
const item: PushItem = ['track', 'Pushed', { a: 1 }];
mixpanel.push(item);
mixpanel.push(['register', { a: 1 }]);
mixpanel.start_batch_senders();
mixpanel.start_session_recording();
mixpanel.stop_session_recording();
const replayProps: { $mp_replay_id?: string } | {} = mixpanel.get_session_recording_properties();
const replayUrl: string = mixpanel.get_session_replay_url();
named.track('From named');

// Feature flags.
const flags: FlagsManager = mixpanel.flags;
const fallback: FlagsVariant = { key: 'control', value: false };
const ready: boolean = flags.are_flags_ready();
const source: FlagsVariantSource | undefined = flags.get_variant_sync('new-nav', fallback).variant_source;
const reason: FlagsFallbackReason | undefined = flags.get_variant_sync('new-nav', fallback).fallback_reason;
const contextOptions: FlagsUpdateContextOptions = { replace: true };
async function useFlags(): Promise<void> {
  await flags.load_flags();
  await flags.when_ready();
  const variant: FlagsVariant = await flags.get_variant('new-nav', fallback);
  const value: string = await flags.get_variant_value('theme', 'light');
  const syncValue: number = flags.get_variant_value_sync('limit', 10);
  const all: Map<string, FlagsVariant> = await flags.get_all_variants();
  const allSync: Map<string, FlagsVariant> = flags.get_all_variants_sync();
  const on: boolean = (await flags.is_enabled('beta', false)) && flags.is_enabled_sync('beta');
  await flags.update_context({ company: 'acme' }, contextOptions);
  console.log(variant.key, variant.experiment_id, variant.is_experiment_active, variant.is_qa_tester, variant.persisted_at_in_ms, value, syncValue, all.size, allSync.size, on);
}

// A helper typed with upstream's names, as apps write them.
function trackWith(mp: Mixpanel, props: Dict, cb?: Callback): void {
  mp.track('Helper', props, cb);
}
trackWith(mixpanel, { any: { nested: true } });

export const used = [
  normal, anyResponse, rage, dead, policies, networkData, primary, idResult, distinctId, plan, batchSize, wholeConfig,
  optedIn, optedOut, replayProps, replayUrl, ready, source, reason, useFlags,
];
