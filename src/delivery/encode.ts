// Request bodies as every Mixpanel-compatible server reads them: `data=<url-encoded value>`
// sent as a CORS-simple form post (no preflight), the value JSON or base64 of JSON.

import type { PayloadFormat } from '../types';

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  return btoa(bin);
}

export const encodeBody = (payloads: unknown[], format: PayloadFormat): string => {
  const json = JSON.stringify(payloads);
  return 'data=' + encodeURIComponent(format == 'base64' ? base64(json) : json);
};
