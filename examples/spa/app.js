// A single-page app using tracklet as an ES module, the way an app imports mixpanel-browser.
// One page view per client-side navigation: on first load, on every link click, and on
// back/forward (popstate). The collector serves files only (no catch-all to index.html), so
// routes live in the query string (?route=products); with a catch-all they could be paths.

import mixpanel from '/dist/tracklet.mjs';

mixpanel.init('demo-spa-token', {
  api_host: location.origin,
  batch_flush_interval_ms: 1000,
  debug: true,
  // track_pageview stays false: the router below tracks every view itself, the first one included.
});

const PRODUCTS = [
  { sku: 'NB-A5-DOT', name: 'Dotted notebook, A5', price: 12 },
  { sku: 'PEN-FINE-BLK', name: 'Fine liner, black', price: 3.5 },
  { sku: 'MAT-DESK-L', name: 'Desk mat, large', price: 29 },
];
const ROUTES = {
  home: { title: 'Home', render: renderHome },
  products: { title: 'Products', render: renderProducts },
  checkout: { title: 'Checkout', render: renderCheckout },
};

/** Kept in memory: it survives route changes (no reload), which is the point of an SPA. */
const cart = [];
const view = document.getElementById('view');
let lastTrackedUrl = null;

// ---------------------------------------------------------------------------------------
// Router

function routeOf(url) {
  const route = new URL(url, location.href).searchParams.get('route') || 'home';
  return Object.hasOwn(ROUTES, route) ? route : 'home';
}

function urlOf(route) {
  return route === 'home' ? location.pathname : `${location.pathname}?route=${route}`;
}

function show(route) {
  const { title, render } = ROUTES[route];
  document.title = `${title} · Paper & Ink`; // before tracking: the page view carries the title
  view.replaceChildren(...render());
  for (const link of document.querySelectorAll('a[data-route]')) {
    if (link.dataset.route === route) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  // Once per URL actually shown: a stray popstate for the same URL never counts twice.
  if (location.href !== lastTrackedUrl) {
    lastTrackedUrl = location.href;
    mixpanel.track_pageview({ route });
  }
  updateChrome();
}

function navigate(route) {
  const url = new URL(urlOf(route), location.href).href;
  if (url === location.href) return; // already there: no new history entry, no page view
  history.pushState({ route }, '', url);
  show(route);
  view.focus(); // move focus to the new content, as a full page load would
}

document.addEventListener('click', (e) => {
  const link = e.target.closest('a[data-route]');
  // New-tab and download clicks keep the browser's behaviour.
  if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(link.dataset.route);
});

window.addEventListener('popstate', () => show(routeOf(location.href)));

// ---------------------------------------------------------------------------------------
// Views (DOM APIs only: text never goes through innerHTML)

function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key in el) el[key] = value;
    else el.setAttribute(key, value);
  }
  el.append(...children.filter((c) => c != null));
  return el;
}

const euros = (n) => `€${n.toFixed(2)}`;
const routeLink = (route, text, className) => h('a', { href: urlOf(route), className: className || '', 'data-route': route }, text);

function renderHome() {
  return [
    h('h1', {}, 'Paper & Ink'),
    h('p', { className: 'lead' },
      'A single-page app: the links above change the URL with history.pushState and each view sends one ',
      h('code', {}, '$mp_web_page_view'), ' with its route (token ', h('code', {}, 'demo-spa-token'), '). Try the back button.'),
    h('div', { className: 'card' },
      h('h2', {}, 'New this week'),
      h('p', {}, 'Dotted notebooks are back in stock.'),
      routeLink('products', 'Browse products', 'button primary')),
  ];
}

function renderProducts() {
  return [
    h('h1', {}, 'Products'),
    h('p', { className: 'lead' }, 'Each “Add to cart” tracks an event with the sku and price.'),
    h('div', { className: 'grid' },
      ...PRODUCTS.map((p) =>
        h('div', { className: 'card product' },
          h('h2', {}, p.name),
          h('div', { className: 'sku mono muted' }, p.sku),
          h('div', { className: 'price' }, euros(p.price)),
          h('button', {
            type: 'button',
            className: 'primary',
            onclick: (e) => {
              cart.push(p);
              mixpanel.track('Added to cart', { sku: p.sku, price: p.price });
              e.currentTarget.textContent = `Added (${cart.filter((c) => c === p).length})`;
              updateChrome();
            },
          }, 'Add to cart'),
        ))),
  ];
}

function renderCheckout() {
  const total = Math.round(cart.reduce((sum, p) => sum + p.price, 0) * 100) / 100;
  const message = h('div', { className: 'status', hidden: true });
  const button = h('button', {
    type: 'button',
    className: 'primary',
    disabled: cart.length === 0,
    onclick: () => {
      mixpanel.track('Checkout completed', { revenue: total, currency: 'EUR', items: cart.length, skus: cart.map((p) => p.sku) });
      // A profile update: sent if the visitor is signed in (identify), otherwise held until then.
      mixpanel.people.increment('orders', 1, (status) => {
        message.textContent = status === -1
          ? 'Order placed. The profile update (orders +1) is held until you sign in.'
          : 'Order placed. Profile updated: orders +1.';
      });
      cart.length = 0;
      button.disabled = true;
      lines.replaceChildren(h('p', { className: 'muted' }, 'Your cart is empty.'));
      message.hidden = false;
      updateChrome();
    },
  }, `Complete order · ${euros(total)}`);
  const lines = h('div', {},
    ...(cart.length
      ? cart.map((p) => h('div', { className: 'cart-line' }, h('span', {}, p.name), h('span', { className: 'mono' }, euros(p.price))))
      : [h('p', { className: 'muted' }, 'Your cart is empty. ', routeLink('products', 'Add something first.'))]));
  return [
    h('h1', {}, 'Checkout'),
    h('div', { className: 'card' },
      lines,
      cart.length ? h('div', { className: 'total' }, h('span', {}, 'Total'), h('span', { className: 'mono' }, euros(total))) : null,
      button,
      message),
  ];
}

// ---------------------------------------------------------------------------------------
// Footer: identity

function updateChrome() {
  document.getElementById('cart-count').textContent = cart.length ? String(cart.length) : '';
  document.getElementById('distinct-id').textContent = mixpanel.get_distinct_id() ?? '(not initialized)';
}

document.getElementById('sign-in').addEventListener('click', () => {
  mixpanel.identify('grace@example.com'); // also sends profile updates held while anonymous
  mixpanel.people.set({ $name: 'Grace', $email: 'grace@example.com' });
  updateChrome();
});
document.getElementById('sign-out').addEventListener('click', () => {
  mixpanel.reset();
  updateChrome();
});

show(routeOf(location.href)); // the first view: tracked once, here
