// "Chatty", a third-party chat bubble that any site can embed. It has its own analytics,
// separate from whatever the host page runs:
//
//   - createInstance() gives it a tracklet instance that shares nothing with the page's
//     `window.mixpanel`: its own token, distinct id, super properties, storage record
//     (mp_demo-widget-token_chatwidget) and send queues.
//   - It exposes nothing on `window`. A global (say `window.chatty` or a second
//     `window.mixpanel`) could collide with the host's own scripts, would let any script on the
//     page call into the widget's tracking, and would make two copies of the widget on one page
//     fight over it. The module's scope is private; the one way in is the export below, which
//     only the embedding code imports.
//   - Its markup lives in a Shadow DOM root, so the page's CSS cannot restyle it and its CSS
//     cannot leak into the page.
//   - It imports 'tracklet/lite' (dist/tracklet-lite.mjs): events, identity, super properties,
//     consent and destroy(), without people, groups or autotrack, about 2 KB (brotli) less than
//     the full build in the widget's bundle. Same wire format and storage as the full build.
//   - Its record lives in localStorage (`persistence: 'localStorage'`), not in a cookie: a cookie
//     on the host's domain would ride along on every request to the host's servers.
//   - In a sandboxed iframe, localStorage and cookies throw; tracklet then keeps its state in
//     memory and the widget works the same (it only forgets the visitor on reload).
//   - mountChatWidget() returns unmount(): it removes the markup and calls destroy(), which
//     sends what is queued and removes every listener and timer tracklet added to the page.

import { createInstance } from '/dist/tracklet-lite.mjs';

const STYLE = `
  :host { all: initial; }
  * { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  .bubble {
    position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
    width: 56px; height: 56px; border-radius: 50%; border: 0; cursor: pointer;
    display: grid; place-items: center; background: #7c3aed; color: #fff; font-size: 28px; line-height: 1;
    box-shadow: 0 6px 20px rgba(0, 0, 0, .25);
  }
  .bubble:focus-visible { outline: 3px solid #c4b5fd; outline-offset: 2px; }
  .panel {
    position: fixed; right: 20px; bottom: 88px; z-index: 2147483000;
    width: min(320px, calc(100vw - 40px)); height: min(380px, calc(100vh - 108px));
    display: flex; flex-direction: column; overflow: hidden;
    background: #fff; color: #1d2330; border-radius: 14px; box-shadow: 0 10px 40px rgba(0, 0, 0, .25);
    font-size: 14px; line-height: 1.4;
  }
  .panel[hidden] { display: none; }
  header { padding: 12px 14px; background: #7c3aed; color: #fff; font-weight: 600; display: flex; align-items: center; }
  header small { font-weight: 400; opacity: .8; margin-left: 6px; }
  header button { margin-left: auto; background: none; border: 0; color: #fff; font-size: 20px; cursor: pointer; line-height: 1; }
  .messages { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #faf9ff; }
  .msg { max-width: 80%; padding: 7px 11px; border-radius: 12px; word-wrap: break-word; }
  .msg.them { align-self: flex-start; background: #ede9fe; }
  .msg.me { align-self: flex-end; background: #7c3aed; color: #fff; }
  .composer { display: flex; gap: 6px; padding: 10px; border-top: 1px solid #eee; }
  input { flex: 1; min-width: 0; padding: 8px 10px; border: 1px solid #ddd; border-radius: 8px; font-size: 14px; }
  input:focus { outline: 2px solid #c4b5fd; outline-offset: 0; border-color: #7c3aed; }
  .composer button { padding: 8px 12px; border: 0; border-radius: 8px; background: #7c3aed; color: #fff; font-weight: 600; cursor: pointer; }
`;

/** A speech-bubble icon as inline SVG: emoji fonts are not everywhere. */
function chatIcon() {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '26');
  svg.setAttribute('height', '26');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(NS, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z');
  svg.append(path);
  return svg;
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/**
 * Mounts the widget on this page. `apiHost` is where its events go (the collector here).
 * Returns `unmount()`, a promise that settles once tracking is flushed and torn down: the
 * embedding page gets no handle on the widget's tracking itself.
 */
export function mountChatWidget({ apiHost = location.origin } = {}) {
  const analytics = createInstance('demo-widget-token', {
    api_host: apiHost,
    batch_flush_interval_ms: 1000,
    persistence: 'localStorage',
    debug: true,
    name: 'chatwidget',
  });
  // Analytics must never break the widget: without an instance, tracking is a no-op.
  const track = (event, props) => analytics && analytics.track(event, props);
  // Super properties of the widget's own instance; the host's events never carry them.
  if (analytics) {
    analytics.register({ widget_version: '1.0.0', widget_embed: window.top === window ? 'inline' : 'iframe' }, { persistent: false });
  }

  const host = el('div');
  host.setAttribute('data-chat-widget', '');
  // 'open' keeps it inspectable (and testable); the page's styles still cannot reach inside.
  const root = host.attachShadow({ mode: 'open' });

  const messages = el('div', { className: 'messages', role: 'log', ariaLive: 'polite' },
    el('div', { className: 'msg them', textContent: 'Hi! Questions about Acme? Ask away.' }));
  const input = el('input', { type: 'text', placeholder: 'Type a message…', ariaLabel: 'Message', maxLength: 500 });
  // No <form>: a frame sandboxed without allow-forms blocks form submission outright (the submit
  // event never fires, even with preventDefault), and host pages do sandbox widgets that way.
  const send = el('button', { type: 'button', textContent: 'Send' });
  const composer = el('div', { className: 'composer' }, input, send);
  const close = el('button', { type: 'button', ariaLabel: 'Close chat', textContent: '×' });
  const panel = el('section', { className: 'panel', hidden: true, ariaLabel: 'Chat' },
    el('header', {}, 'Chatty', el('small', { textContent: 'usually replies in minutes' }), close),
    messages,
    composer);
  const bubble = el('button', { type: 'button', className: 'bubble', ariaLabel: 'Open chat' }, chatIcon());
  bubble.setAttribute('aria-expanded', 'false');

  const setOpen = (open) => {
    panel.hidden = !open;
    bubble.setAttribute('aria-expanded', String(open));
    bubble.replaceChildren(open ? '×' : chatIcon());
    bubble.ariaLabel = open ? 'Close chat' : 'Open chat';
    if (open) {
      track('Widget opened');
      input.focus();
    }
  };
  const timers = new Set();
  bubble.addEventListener('click', () => setOpen(panel.hidden));
  close.addEventListener('click', () => setOpen(false));

  const sendMessage = () => {
    const text = input.value.trim();
    if (!text) return;
    messages.append(el('div', { className: 'msg me', textContent: text }));
    input.value = '';
    // Only the length: what visitors type is theirs, not analytics data.
    track('Message sent', { length: text.length });
    const reply = setTimeout(() => {
      timers.delete(reply);
      messages.append(el('div', { className: 'msg them', textContent: 'Thanks! Someone will be with you shortly.' }));
      messages.scrollTop = messages.scrollHeight;
    }, 400);
    timers.add(reply);
    messages.scrollTop = messages.scrollHeight;
  };
  send.addEventListener('click', sendMessage);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.isComposing) {
      e.preventDefault();
      sendMessage();
    }
  });

  root.append(el('style', { textContent: STYLE }), panel, bubble);
  document.body.append(host);

  // The listeners above live on the widget's own elements and go with them; tracklet's own
  // (page visibility, unload, storage) and its timers go with destroy().
  return function unmount() {
    for (const t of timers) clearTimeout(t);
    host.remove();
    return analytics ? analytics.destroy() : Promise.resolve();
  };
}
