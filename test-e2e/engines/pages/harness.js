// Loaded first by every cross-engine page (plain ES2018, no tool's API): records page errors and
// CSP violations, hides the browser APIs a case asks to be missing, and runs the case's
// scenario named in the query (?scenario=…&token=…&token2=…&hide=locks,beacon,compression&config={…}).
(function () {
  var q = new URLSearchParams(location.search);
  var errors = (window.__errors = []);
  var violations = (window.__violations = []);
  addEventListener('error', function (e) { errors.push('error: ' + (e.message || e.type)); });
  addEventListener('unhandledrejection', function (e) { errors.push('unhandled rejection: ' + String(e.reason)); });
  document.addEventListener('securitypolicyviolation', function (e) { violations.push(e.violatedDirective + ' ' + e.blockedURI); });
  // Whether the page came back from the back/forward cache (engines differ; tracking must go on).
  addEventListener('pageshow', function (e) { if (e.persisted) window.__fromBfcache = (window.__fromBfcache || 0) + 1; });
  // A sandboxed frame reports its errors here (it has no other way out).
  addEventListener('message', function (e) {
    if (e.data && e.data.frameErrors) errors.push.apply(errors, e.data.frameErrors.map(function (m) { return 'frame ' + m; }));
    if (e.data && e.data.frameDone) window.__frameDone = true;
  });

  // Engines that lack an API take the library's fallback; a case proves it by removing the API.
  (q.get('hide') || '').split(',').forEach(function (api) {
    if (api === 'locks') Object.defineProperty(Navigator.prototype, 'locks', { get: function () { return undefined; }, configurable: true });
    if (api === 'beacon') delete Navigator.prototype.sendBeacon;
    if (api === 'compression') delete window.CompressionStream;
  });

  // ?slow=module: the page's network holds the autotrack module's <script> (its insertion is
  // delayed a minute), so a case can leave the page while the module loads.
  if (q.get('slow') === 'module') {
    var append = Node.prototype.appendChild;
    Node.prototype.appendChild = function (node) {
      var self = this;
      if (node && node.tagName === 'SCRIPT' && String(node.src).indexOf('tracklet-autotrack') >= 0) {
        window.__moduleHeld = true;
        setTimeout(function () { append.call(self, node); }, 60000);
        return node;
      }
      return append.call(this, node);
    };
  }
  // What tracklet reported (error_reporter), for cases that expect a report.
  window.__reports = [];
  var reporter = function (message) { window.__reports.push(String(message)); };

  var token = q.get('token');
  var token2 = q.get('token2');
  var api = location.origin;
  var fast = { api_host: api, batch_flush_interval_ms: 100 };
  var assign = Object.assign;
  // The same page on the other loopback name: another origin and another site.
  window.__otherOrigin = api.indexOf('127.0.0.1') >= 0 ? api.replace('127.0.0.1', 'localhost') : api.replace('localhost', '127.0.0.1');

  var scenarios = {
    // Calls made before the bundle arrives, in Mixpanel's snippet queue.
    replay: function () {
      mixpanel.init(token, fast);
      mixpanel.track('first', { n: 1 });
      mixpanel.register({ plan: 'pro' });
      mixpanel.people.set({ name: 'Ada' });
      mixpanel.identify('user-1');
      mixpanel.get_group('company', 'acme').set({ seats: 5 });
      mixpanel.track('second', { n: 2 });
      mixpanel.init(token2, fast, 'other');
      mixpanel.other.track('from named');
    },
    // ?config= adds init options (JSON), e.g. {"track_pageview":"full-url"}.
    plain: function () {
      mixpanel.init(token, assign({ error_reporter: reporter }, fast, JSON.parse(q.get('config') || '{}')));
    },
    // Link tracking asked for before the bundle arrives: the autotrack module loads first.
    links: function () {
      mixpanel.init(token, fast);
      mixpanel.track_links('#next', 'Link clicked', { via: 'module' });
    },
    // Nothing leaves the page on a timer: only the unload path can deliver.
    slow: function () {
      mixpanel.init(token, { api_host: api, batch_flush_interval_ms: 60000 });
    },
    localStorage: function () {
      mixpanel.init(token, assign({ persistence: 'localStorage' }, fast));
    },
    // The ES module: `mod` is what `import('/dist/tracklet.mjs')` gave.
    esm: function (mod) {
      var a = mod.createInstance(token, fast);
      a.register({ via: 'module' });
      a.track('module event');
      window.__instance = a;
    },
    // A third-party widget: its own instance, in a shadow root, on a page whose own analytics
    // (the snippet, another token) already run.
    widget: function (mod) {
      var host = document.getElementById('widget-host');
      var root = host.attachShadow({ mode: 'open' });
      root.innerHTML = '<button id="open">Chat</button>';
      var w = mod.createInstance(token2, assign({ name: 'chat', track_links: true, autotrack_root: root }, fast));
      w.register({ widget: 'chat' });
      w.identify('widget-user');
      w.track('widget shown');
      root.getElementById('open').addEventListener('click', function () { w.track('widget opened'); });
      window.__widget = w;
    },
    // Inside a sandboxed frame of another site: cookies and storage throw there.
    frame: function (mod) {
      var errs = [];
      addEventListener('error', function (e) { errs.push(e.message); });
      var f = mod.createInstance(token, assign({ name: 'framed' }, fast));
      f.identify('frame-user');
      f.track('frame event', { storage: (function () { try { return typeof localStorage.length; } catch (e) { return 'blocked'; } })() });
      f.people.set({ seen_in: 'frame' });
      parent.postMessage({ frameErrors: errs, frameDone: true }, '*');
    },
  };
  window.__scenario = function (mod) {
    var s = scenarios[q.get('scenario') || ''];
    if (s) s(mod);
  };
})();
