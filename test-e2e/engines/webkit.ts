// WebKit (WebKitGTK, the engine Safari shares) through Debian's WebKitWebDriver over W3C
// WebDriver, on a virtual display of its own (Xvfb, one per worker). Each tab is a WebDriver
// session of its own driver: a fresh MiniBrowser with its own ephemeral cookies and storage.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Engine, Tab } from './driver';

const DRIVER = '/usr/bin/WebKitWebDriver';
const XVFB = '/usr/bin/Xvfb';

function miniBrowser(): string | undefined {
  if (process.env.WEBKIT_MINIBROWSER) return existsSync(process.env.WEBKIT_MINIBROWSER) ? process.env.WEBKIT_MINIBROWSER : undefined;
  for (const lib of ['/usr/lib', ...safeList('/usr/lib').filter((d) => d.endsWith('-linux-gnu')).map((d) => `/usr/lib/${d}`)]) {
    for (const dir of safeList(lib).filter((d) => d.startsWith('webkit2gtk-')).sort().reverse()) {
      if (existsSync(`${lib}/${dir}/MiniBrowser`)) return `${lib}/${dir}/MiniBrowser`;
    }
  }
  return undefined;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** Starts Xvfb on a display number it picks itself (-displayfd), so parallel workers never race. */
function startXvfb(): Promise<{ display: string; proc: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] });
    let out = '';
    proc.stdio[3]!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ display: `:${out.trim()}`, proc });
    });
    proc.on('error', reject);
    proc.on('exit', (code) => reject(new Error(`Xvfb exited (${code}) before naming its display`)));
  });
}

async function wd(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const reply = (await res.json()) as { value: any };
  if (reply.value && typeof reply.value === 'object' && reply.value.error) throw new Error(`WebDriver ${reply.value.error}: ${reply.value.message}`);
  return reply.value;
}

export const webkitEngine: Engine = {
  name: 'webkit',
  missing() {
    if (!existsSync(DRIVER)) return 'no WebKitWebDriver (apt-get install webkit2gtk-driver)';
    if (!miniBrowser()) return `no WebKitGTK MiniBrowser${process.env.WEBKIT_MINIBROWSER ? ` at ${process.env.WEBKIT_MINIBROWSER}` : ''} (apt-get install webkit2gtk-driver)`;
    if (!process.env.DISPLAY && !existsSync(XVFB)) return 'no display and no Xvfb (apt-get install xvfb)';
    return null;
  },
  async launch() {
    const xvfb = process.env.DISPLAY ? null : await startXvfb();
    const env = { ...process.env, ...(xvfb ? { DISPLAY: xvfb.display } : {}) };
    const drivers = new Set<ChildProcess>();
    let version = 'WebKitGTK';
    return {
      get version() {
        return version;
      },
      // A WebKitWebDriver serves one session at a time: each tab gets a driver of its own.
      async tab(): Promise<Tab> {
        const port = await freePort();
        const driver = spawn(DRIVER, [`--port=${port}`], { stdio: 'ignore', env });
        drivers.add(driver);
        const stop = () => {
          driver.kill();
          drivers.delete(driver);
        };
        const base = `http://127.0.0.1:${port}`;
        const ready = Date.now() + 10_000;
        for (;;) {
          try {
            if ((await wd(base, 'GET', '/status')).ready !== false) break;
          } catch (err) {
            if (Date.now() > ready) {
              stop();
              throw new Error(`WebKitWebDriver did not answer on ${base}: ${err}`);
            }
          }
          await new Promise((r) => setTimeout(r, 50));
        }
        const session = await wd(base, 'POST', '/session', {
          capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: miniBrowser(), args: ['--automation'] } } },
        });
        version = `WebKitGTK ${session.capabilities.browserVersion}`;
        const s = `/session/${session.sessionId}`;
        await wd(base, 'POST', `${s}/timeouts`, { script: 20_000, pageLoad: 20_000 });
        // Tabs of one session share its profile; WebDriver commands go to the current window,
        // so each tab switches to its own first (one command at a time per session).
        let current = await wd(base, 'GET', `${s}/window`);
        let chain: Promise<unknown> = Promise.resolve();
        const tab = (handle: string, closeAll: boolean): Tab => {
          const on = <T>(fn: () => Promise<T>): Promise<T> => {
            const next = chain.then(async () => {
              if (current !== handle) await wd(base, 'POST', `${s}/window`, { handle });
              current = handle;
              return fn();
            });
            chain = next.catch(() => undefined);
            return next;
          };
          return {
            open: (url) => on(async () => void (await wd(base, 'POST', `${s}/url`, { url }))),
            back: () => on(async () => void (await wd(base, 'POST', `${s}/back`, {}))),
            run: (expression) =>
              on(async () => {
                // execute/async: the last argument is the callback; errors come back as values
                // so the message survives the trip.
                const script = `const done = arguments[arguments.length - 1];
                  Promise.resolve().then(() => (${expression})).then((v) => done({ v: v === undefined ? null : v }), (e) => done({ e: String(e && e.stack || e) }));`;
                const r = await wd(base, 'POST', `${s}/execute/async`, { script, args: [] });
                if (r && 'e' in r) throw new Error(r.e);
                return r?.v;
              }),
            sibling: () => on(async () => tab((await wd(base, 'POST', `${s}/window/new`, { type: 'tab' })).handle, false)),
            async close() {
              if (closeAll) {
                await wd(base, 'DELETE', s).catch(() => undefined);
                stop();
              } else await on(async () => void (await wd(base, 'DELETE', `${s}/window`)));
            },
          };
        };
        return tab(current, true);
      },
      async close() {
        for (const d of drivers) d.kill();
        xvfb?.proc.kill();
      },
    };
  },
};
