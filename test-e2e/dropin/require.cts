// Compile-time test of the CommonJS declarations (dist/tracklet.d.cts, dist/tracklet-lite.d.cts):
// a CommonJS TypeScript consumer gets what require() returns, the default instance with
// `createInstance` on it, and the type names on the same identifier.
import mixpanel = require('tracklet');
import lite = require('tracklet/lite');

const config: mixpanel.Config | undefined = undefined;
const named: mixpanel.Tracklet = mixpanel.init('TOKEN', { debug: true }, 'named');
mixpanel.track('Signup', { plan: 'pro' }, (response: mixpanel.Response) => console.log(response));
mixpanel.people.set({ plan: 'pro' });
mixpanel.get_group('company', 'acme').set('plan', 'pro').union('tags', ['b2b']);
const flag: boolean = mixpanel.flags.is_enabled_sync('beta', false);
const widget: mixpanel.Tracklet = mixpanel.createInstance('WIDGET_TOKEN', { name: 'chat' });
widget.track('Opened');
const liteWidget: lite.TrackletLite = lite.createInstance('WIDGET_TOKEN', { name: 'chat' });
lite.track('From lite');
liteWidget.track('Opened');

// @ts-expect-error: require() returns the instance itself, not a module with a default export
mixpanel.default.track('x');

export = [config, named, flag];
