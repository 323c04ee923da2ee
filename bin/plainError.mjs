// One plain sentence for the system errors a user can cause and fix (a missing file, a port in
// use), the same wording wherever they happen: the snippet's --file, the collector, npm start.
import path from 'node:path';

/**
 * The sentence for `err`, or null when it is not one of these.
 * @param {NodeJS.ErrnoException} err
 * @param {{port?: number, host?: string, what?: string}} [about] `what` names the file for the reader ("--file x")
 */
export function plainError(err, { port, host = '127.0.0.1', what } = {}) {
  if (err?.syscall === 'listen' || err?.code === 'EADDRINUSE') {
    const at = `port ${port ?? err.port} on ${host}`;
    if (err.code === 'EADDRINUSE') return `${at} is already in use: stop what is running there, or pick another port with --port <n> (or PORT=<n>).`;
    if (err.code === 'EACCES' || err.code === 'EPERM') return `${at} needs privileges this user does not have: pick a port from 1024 up with --port <n> (or PORT=<n>).`;
    if (err.code === 'EADDRNOTAVAIL') return `${host} is not an address of this machine: pass --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface).`;
    return null;
  }
  const name = what ?? (err?.path ? path.relative(process.cwd(), err.path) || err.path : 'a file');
  switch (err?.code) {
    case 'ENOENT':
      return `${name} does not exist.`;
    case 'EACCES':
    case 'EPERM':
      return `${name} cannot be used: permission denied.`;
    case 'EISDIR':
      return `${name} is a folder, where a file was expected.`;
    case 'ENOTDIR':
      return `${name} goes through a file as if it were a folder.`;
    case 'EROFS':
      return `${name} is on a read-only file system.`;
    case 'ENOSPC':
      return `no space left on the disk for ${name}.`;
    default:
      return null;
  }
}
