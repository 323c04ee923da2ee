// Compile-time test of the published types (dist/tracklet.d.ts): `tsc --noEmit` in npm test
// fails if a method or config key a Mixpanel user relies on is missing or mistyped.
import mixpanel, { createInstance, type Config, type Tracklet, type People, type Group, type Callback, type Properties } from '../dist/tracklet';

const config: Partial<Config> = {
  api_host: 'https://api-js.mixpanel.com',
  api_hosts: { events: 'https://e.example' },
  api_routes: { track: 'track/' },
  api_payload_format: 'json',
  batch_requests: true,
  batch_size: 50,
  batch_flush_interval_ms: 5000,
  batch_request_timeout_ms: 90000,
  persistence: 'localStorage',
  cookie_domain: '.example.com',
  cross_subdomain_cookie: true,
  secure_cookie: true,
  ignore_dnt: false,
  opt_out_tracking_by_default: false,
  property_blacklist: ['$current_url'],
  track_pageview: 'url-with-path',
  loaded: (m: Tracklet) => m.track('loaded'),
  hooks: { before_track: (e, p) => [e, p], before_send_events: (p) => p },
  debug: true,
  error_reporter: (message: string, error?: unknown) => void [message, error],
  respect_gpc: true,
};

const inst: Tracklet | undefined = mixpanel.init('token', config);
const widget: Tracklet | undefined = createInstance('token', { name: 'widget', api_host: 'https://x.example' });
const cb: Callback = (status) => void status;
const props: Properties = { plan: 'pro', when: new Date(), list: [1, 2] };

mixpanel.track('Signup', props);
mixpanel.track('Signup', props, { transport: 'sendBeacon', send_immediately: true });
mixpanel.track('Signup', props, cb);
mixpanel.track_pageview({ page: 'home' });
mixpanel.track_links('a.cta', 'CTA', (el) => ({ id: el.id }));
mixpanel.track_forms(document.forms, 'Form', {});
mixpanel.track_with_groups('Grouped', {}, { company: 'acme' });
mixpanel.time_event('Timed');
mixpanel.register({ a: 1 }, { persistent: false });
mixpanel.register_once({ a: 1 }, 'None', 30);
mixpanel.unregister('a');
mixpanel.identify('user');
mixpanel.alias('alias');
mixpanel.reset();
const id: string | undefined = mixpanel.get_distinct_id();
const host: string = mixpanel.get_config('api_host');
const whole: Config = mixpanel.get_config();
mixpanel.set_config({ debug: false });
mixpanel.set_group('company', ['a', 'b']);
mixpanel.add_group('company', 'c');
mixpanel.remove_group('company', 'a');
const group: Group = mixpanel.get_group('company', 'acme');
group.set({ seats: 5 });
group.set_once('founded', 2009);
group.unset('old');
group.union('tags', ['x']);
group.remove('tags', 'x');
group.delete();
const people: People = mixpanel.people;
people.set({ name: 'Ada' }, cb);
people.set('name', 'Ada');
people.set_once({ first: true });
people.unset(['a', 'b']);
people.increment('visits');
people.increment({ visits: 2 });
people.append('list', 'x');
people.union('list', ['x']);
people.remove('list', 'x');
people.delete_user();
people.clear_charges();
people.track_charge(10);
mixpanel.disable(['noisy']);
mixpanel.enable();
mixpanel.opt_out_tracking({ delete_user: true });
mixpanel.opt_in_tracking({ track_event_name: 'consented' });
const opted: boolean = mixpanel.has_opted_out_tracking() || mixpanel.has_opted_in_tracking();
mixpanel.clear_opt_in_out_tracking();
mixpanel.push(['track', 'pushed']);
mixpanel.push(function (this: Tracklet) {
  this.track('from push');
});
const flushed: Promise<void> = mixpanel.flush();
const gone: Promise<void> = mixpanel.destroy();

// @ts-expect-error: track needs an event name
mixpanel.track();
// @ts-expect-error: the payload format is json or base64
mixpanel.set_config({ api_payload_format: 'xml' });
// @ts-expect-error: Config has no catch-all, so a misspelt key is an error
mixpanel.set_config({ batch_sise: 10 });
// @ts-expect-error: a credential is never config
mixpanel.init('token', { api_secret: 'shh' });
// @ts-expect-error: get_group returns a group to chain on, whose updates return it again
mixpanel.get_group('company', 'acme').set('a', 1).nonexistent();

export const used = [inst, widget, id, host, whole, opted, flushed, gone];
