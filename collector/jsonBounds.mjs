// Bounds checked on JSON text before it is parsed: how many items a top-level array holds and how
// deep arrays and objects nest. One pass over the characters, no objects built, and it stops at
// the first bound crossed: a body of a million tiny items costs microseconds, not a parse of a
// million values, and 100,000-deep nesting never reaches a recursive walk.

const OPEN_ARRAY = 91; // [
const OPEN_OBJECT = 123; // {
const CLOSE_ARRAY = 93;
const CLOSE_OBJECT = 125;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;

/**
 * Throws an Error with `status` (413 for too many items: split the batch; 400 for too deep)
 * when the text crosses a bound. Malformed JSON is left to JSON.parse to describe.
 */
export function checkJsonBounds(text, { maxItems, maxDepth }) {
  let depth = 0;
  let commas = 0;
  let inString = false;
  const topIsArray = text.trimStart().charCodeAt(0) === OPEN_ARRAY;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > maxDepth) throw Object.assign(new Error(`nested deeper than ${maxDepth} levels`), { status: 400 });
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
    else if (c === COMMA && depth === 1 && topIsArray && ++commas >= maxItems) {
      throw Object.assign(new Error(`more than ${maxItems} payloads in one request; split the batch`), { status: 413 });
    }
  }
}
