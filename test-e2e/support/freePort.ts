// Ports for servers a test starts by hand: the project's range 18100-18199 (never 8080), the
// first one free now, so two runs of the suite side by side do not collide.
import net from 'node:net';

/** Whether nothing listens on `port` of 127.0.0.1 right now. */
export const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = net.createServer().once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/** The first free port from `from` up to 18199. */
export async function freePort(from: number): Promise<number> {
  for (let port = from; port < 18200; port++) if (await portFree(port)) return port;
  throw new Error(`no free port from ${from} to 18199`);
}
