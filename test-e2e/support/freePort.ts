// Ports for servers a test starts by hand: the project's range 18100-18199 (never 8080), the
// first one free now, so two runs of the suite side by side do not collide.
import net from 'node:net';

/** Whether nothing listens on `port` of 127.0.0.1 right now. */
export const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = net.createServer().once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/**
 * A free port from `from` up to 18199, the search starting at a random one: two suites side by
 * side that both took the first free port collided (one freed it, the other took it at once).
 */
export async function freePort(from: number): Promise<number> {
  const span = 18200 - from;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = from + ((start + i) % span);
    if (await portFree(port)) return port;
  }
  throw new Error(`no free port from ${from} to 18199`);
}
