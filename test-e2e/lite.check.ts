// Compile-time test of the published lite types (dist/tracklet-lite.d.ts): `tsc --noEmit` in npm
// test fails if they offer what lite leaves out, or lose what it has.
import mixpanel, { createInstance, type TrackletLite, type Config } from '../dist/tracklet-lite';

const config: Partial<Config> = { api_host: 'https://x.example', persistence: 'localStorage', debug: true };
const widget: TrackletLite | undefined = createInstance('token', { ...config, name: 'chat' });
const primary: TrackletLite | undefined = mixpanel.init('token', config);

if (widget && primary) {
  widget.track('Opened', { a: 1 }, { send_immediately: true }, (response) => void response);
  widget.track_pageview();
  widget.register({ plan: 'pro' }, { persistent: false });
  widget.register_once({ first: true });
  widget.unregister('plan');
  widget.identify('user-1');
  widget.alias('user-2');
  widget.time_event('Opened');
  const id: string | undefined = widget.get_distinct_id();
  const host: string = widget.get_config('api_host');
  widget.set_config({ batch_size: 10 });
  widget.opt_out_tracking();
  widget.opt_in_tracking({ track: false });
  const out: boolean = widget.has_opted_out_tracking() || widget.has_opted_in_tracking();
  widget.clear_opt_in_out_tracking();
  const done: Promise<void> = widget.flush().then(() => widget.destroy());
  void [id, host, out, done];

  // What lite leaves out is not in its types.
  // @ts-expect-error people is the full build's
  widget.people.set('a', 1);
  // @ts-expect-error groups are the full build's
  widget.get_group('company', 'acme');
  // @ts-expect-error link tracking is the full build's
  widget.track_links('a', 'Link');
  // @ts-expect-error named instances are not indexable in lite
  void primary['chat'].track;
}
