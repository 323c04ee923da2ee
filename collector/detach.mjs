// A copy of the first `max` characters of a string that does not keep the rest alive. V8 makes
// a slice of a long string a view into it, so a 60-character preview of an 8 MB body would keep
// all 8 MB in memory for as long as the preview is kept.
export function detach(text, max = text.length) {
  return Buffer.from(text.length > max ? text.slice(0, max) : text, 'utf8').toString('utf8');
}
