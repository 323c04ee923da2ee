// Ids Mixpanel's ingestion silently rejects or merges into one giant user: refuse them early.

const REJECTED = new Set([
  'anon', 'anonymous', 'nil', 'none', 'null', 'n/a', 'na', 'undefined', 'unknown',
  '0', '-1', 'true', 'false', '[]', '{}', '00000000-0000-0000-0000-000000000000',
]);

/** Why `id` cannot be a distinct id, or '' when it can. */
export function distinctIdProblem(id: unknown): string {
  if (typeof id != 'string' && typeof id != 'number') return 'a distinct id must be a string or a number';
  const s = String(id).trim();
  if (!s) return 'a distinct id must not be empty';
  if (s.length > 255) return 'a distinct id must be at most 255 characters';
  if (REJECTED.has(s.toLowerCase())) return `"${s}" is a placeholder Mixpanel rejects as a distinct id`;
  if (s.indexOf('$device:') == 0) return 'a distinct id must not start with "$device:"';
  return '';
}
