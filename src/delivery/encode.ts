// Request bodies as every Mixpanel-compatible server reads them: `data=<url-encoded value>`
// sent as a CORS-simple form post (no preflight), the value JSON or base64 of JSON.

import type { PayloadFormat } from '../types';

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  return btoa(bin);
}

/** A body from a JSON text (the queue keeps each payload's JSON, joined into an array here). */
export const encodeJson = (json: string, format: PayloadFormat): string => 'data=' + encodeURIComponent(format == 'base64' ? base64(json) : json);

