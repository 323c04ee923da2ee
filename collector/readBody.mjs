// Reads a request body, but stops keeping it past `limit`: the rest is drained so the client
// still gets to read the 413 instead of a reset connection.
export function readBody(req, limit) {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length']);
    let tooLarge = Number.isFinite(declared) && declared > limit;
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks), tooLarge, aborted: false }));
    // A client that gives up mid-upload never sends 'end'; settle so nothing waits forever.
    const abort = () => resolve({ body: Buffer.alloc(0), tooLarge, aborted: true });
    req.on('error', abort);
    req.on('close', () => {
      if (!req.complete) abort();
    });
  });
}
