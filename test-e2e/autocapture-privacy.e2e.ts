// Privacy of autocapture: a marker typed into every kind of field never leaves the page (no
// request body to the collector holds it) and is never stored, even with text capture and extra
// attributes asked for, and with the page mirroring typed text into attributes; secret fields
// are not described at all; card numbers in an element's text are left out.
import { test, expect } from '@playwright/test';
import { uniqueToken, requests, received } from './support/collector';
import { openTracklet, settle, named } from './support/autocapture';

const MARKER = 'zqxmarker';
const CARD = '4242424242424242';

test('a marker typed into every kind of field reaches no request and no storage', async ({ page }) => {
  const token = uniqueToken('ac_priv');
  await openTracklet(page, token, { capture_text_content: true, capture_extra_attrs: ['value', 'data-typed', 'placeholder'] });
  const typed = (n: number) => `${MARKER}${n}`;
  await page.fill('#name', typed(1));
  await page.fill('#email', `${typed(2)}@example.com`);
  await page.fill('#pw', typed(3));
  await page.evaluate((v) => {
    const h = document.getElementById('token') as HTMLInputElement;
    h.value = v;
    h.setAttribute('value', v);
    h.dispatchEvent(new Event('change', { bubbles: true }));
  }, typed(4));
  await page.fill('#cc', CARD);
  await page.fill('#notes', typed(5));
  await page.evaluate((v) => {
    const s = document.getElementById('plan') as HTMLSelectElement;
    s.add(new Option(v, v));
    s.value = v;
    s.dispatchEvent(new Event('change', { bubbles: true }));
  }, typed(6));
  await page.click('#editor-p');
  await page.keyboard.type(` ${typed(7)}`);
  await page.click('#editor2');
  await page.keyboard.type(typed(8));
  await page.keyboard.press('Tab');
  // Clicks on what now holds typed text, and a submit of the whole form.
  await page.click('#editor-p');
  await page.click('#editor2');
  await page.click('#card-text');
  await page.click('#send');
  const events = await settle(page, token);

  const changes = named(events, '$mp_input_change').map((e) => e.properties.$el_id);
  // Described: ordinary fields (never their values). Never described: password, hidden, card.
  expect(changes.sort()).toEqual(['email', 'name', 'notes', 'plan']);
  expect(named(events, '$mp_submit')).toHaveLength(1);
  const cardText = named(events, '$mp_click').find((e) => e.properties.$el_id === 'card-text')!.properties;
  expect(cardText.$el_text).toBe('Card here');

  const bodies = (await requests({ token })).map((r) => `${JSON.stringify(r.query)} ${r.body}`);
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) {
    expect(body).not.toContain(MARKER);
    expect(body).not.toContain(CARD);
    expect(body).not.toContain('hidden-value');
  }
  const stored = JSON.stringify(await received({ token }));
  expect(stored).not.toContain(MARKER);
  expect(stored).not.toContain(CARD);
  // Nor in what the page keeps (the queue's record, cookies).
  const kept = await page.evaluate(() => JSON.stringify({ ...localStorage }) + document.cookie + JSON.stringify({ ...sessionStorage }));
  expect(kept).not.toContain(MARKER);
  expect(kept).not.toContain(CARD);
});

test('elements under a block selector or mp-no-track, and password fields, are never described', async ({ page }) => {
  const token = uniqueToken('ac_priv2');
  await openTracklet(page, token, { block_selectors: ['#signup'], capture_text_content: true });
  await page.fill('#name', 'x');
  await page.fill('#pw', 'y');
  await page.click('#send');
  await page.click('#opted-out');
  await page.click('#buy');
  const events = await settle(page, token);
  expect(events.map((e) => e.event)).toEqual(['$mp_web_page_view', '$mp_click']);
  expect(events[1].properties.$elements.map((e: any) => e.$id).filter(Boolean)).toEqual(['buy', 'offer', 'content']);
});
