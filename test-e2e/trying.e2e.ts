// docs/trying-tracklet.md, run as written: every shell block in order (in a fresh folder, with the
// package from `npm pack`), every file written as shown, the long-running ones (collector, Vite)
// kept in the background; then each project opened in Chromium and its events awaited at the
// collector the page started. Needs the npm registry (the Vite step installs vite@7).
import { test, expect } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from './support/freePort';

const DOC = 'docs/trying-tracklet.md';

interface Block {
  section: string;
  lang: string;
  body: string;
  /** The `<!-- test: ... -->` line above the block, if any. */
  directive: string;
}

/** The page's fenced blocks, each with its section and directive. */
function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  let section = '';
  let directive = '';
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('## ')) section = line.slice(3);
    const d = /^<!-- test: (.*) -->$/.exec(line);
    if (d) directive = d[1];
    const fence = /^```(\w+)/.exec(line);
    if (!fence) continue;
    const end = lines.indexOf('```', i + 1);
    out.push({ section, lang: fence[1], body: lines.slice(i + 1, end).join('\n') + '\n', directive });
    directive = '';
    i = end;
  }
  return out;
}

async function received(collector: string, token: string, event?: string) {
  const query = new URLSearchParams({ token, ...(event ? { event } : {}) });
  return (await (await fetch(`${collector}/_/received?${query}`)).json()).records as any[];
}

const eventually = (what: () => Promise<unknown>, message: string) => expect.poll(what, { timeout: 20_000, message });

test('docs/trying-tracklet.md: the script-tag page, the Vite SPA and the widget, each from its documented commands', async ({ page }) => {
  test.slow();
  test.setTimeout(180_000); // about a minute alone, most of it `npm install vite@7`
  const dir = mkdtempSync(path.join(tmpdir(), 'tracklet-try-'));
  const pack = spawnSync('npm', ['pack', '--silent', '--pack-destination', dir], { encoding: 'utf8' });
  expect(pack.status, pack.stderr).toBe(0);
  // The doc's ports (8080, 5173) would clash with anything else running: the same commands on free ones.
  const collectorPort = await freePort(18170);
  let vitePort = collectorPort;
  while (vitePort === collectorPort) vitePort = await freePort(18170);
  const ports = (text: string) => text.replaceAll('8080', String(collectorPort)).replaceAll('5173', String(vitePort));
  const collector = `http://127.0.0.1:${collectorPort}`;
  const env = { ...process.env, TRACKLET_PKG: path.join(dir, pack.stdout.trim().split('\n').pop()!), npm_config_update_notifier: 'false' };

  let cwd = dir;
  const background: ChildProcess[] = [];
  try {
    for (const block of blocks(readFileSync(DOC, 'utf8'))) {
      const { directive } = block;
      if (directive.startsWith('skip')) continue;
      const body = ports(block.body);
      const file = /^(file|append) (\S+?),?( |$)/.exec(directive);
      if (file) {
        const target = path.join(dir, file[2]);
        let text = body;
        if (directive.includes('the snippet pasted')) {
          const snippet = readFileSync(path.join(path.dirname(target), 'snippet.html'), 'utf8');
          text = text.replace(/^\s*<!-- paste \S+ here -->\n/m, snippet);
        }
        if (file[1] === 'append') appendFileSync(target, text);
        else writeFileSync(target, text);
        continue;
      }
      if (block.lang !== 'sh') continue;
      const ready = /^background (\S+)/.exec(directive);
      if (ready) {
        const child = spawn('bash', ['-e', '-c', body], { cwd, env, detached: true, stdio: 'ignore' });
        background.push(child);
        const url = ports(ready[1]);
        await expect.poll(() => fetch(url).then((r) => r.status, () => 0), { timeout: 30_000, message: `${body.trim()} answers ${url}` }).toBe(200);
        continue;
      }
      // Each block runs as typed into one terminal: the folder it ends in is where the next starts.
      const r = spawnSync('bash', ['-e', '-c', `${body}\npwd >&3`], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'pipe'], timeout: 120_000 });
      expect(r.status, `${block.section}: ${body}\n${r.stderr}`).toBe(0);
      cwd = (r.output[3] as string).trim();
    }

    // 1. The script-tag page, opened from disk.
    await page.goto(pathToFileURL(path.join(dir, 'my-site/index.html')).href);
    await page.getByRole('button', { name: 'Hello' }).click();
    await eventually(async () => (await received(collector, 'my-site-token', 'Hello clicked')).map((r) => r.payload.properties.color), 'Hello clicked at the collector').toEqual(['blue']);

    // 2. The Vite app: a page view per route, then the purchase.
    await page.goto(`http://localhost:${vitePort}/`);
    await page.getByRole('link', { name: 'Pricing' }).click();
    await page.getByRole('button', { name: 'Buy' }).click();
    await eventually(async () => (await received(collector, 'my-spa-token')).map((r) => r.payload.event + ' ' + new URL(r.payload.properties.$current_url).pathname).sort(), 'the SPA events').toEqual(['$mp_web_page_view /', '$mp_web_page_view /pricing', 'Bought /pricing']);

    // 3. The widget beside it: its own token and identity. The doc's vite.config.js pre-bundles
    // `tracklet/lite` at start, so the page served now already has the widget.
    const chat = page.getByRole('button', { name: 'Chat with us' });
    await expect(chat).toBeVisible({ timeout: 20_000 });
    await chat.click();
    let widget: any[] = [];
    await eventually(async () => (widget = await received(collector, 'my-widget-token', 'Widget opened')).length, 'Widget opened at the collector').toBe(1);
    const app = await received(collector, 'my-spa-token');
    expect(widget[0].payload.properties.distinct_id).not.toBe(app[0].payload.properties.distinct_id);
  } finally {
    for (const child of background) if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
  }
});
