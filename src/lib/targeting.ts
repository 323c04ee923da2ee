// The property filters of first-time events: JsonLogic rules (jsonlogic.com) over the tracked
// event's properties, with Mixpanel's two extra operators `semver_compare` and
// `datetime_compare`. Loaded only when a flags/ reply or a `recording_event_triggers` trigger has
// such a rule (the targeting module: a chunk of its own in the ES module build). An unknown
// operator or a malformed rule throws; the caller skips that rule.

type Rule = unknown;
type Data = any;

const truthy = (v: unknown) => (Array.isArray(v) ? v.length > 0 : !!v);
const isRule = (r: unknown): r is Record<string, unknown> => !!r && typeof r == 'object' && !Array.isArray(r) && Object.keys(r).length == 1;
const num = (v: unknown) => parseFloat(v as string);

/** `var`: a dotted path into the data ('' is the data itself), or the default. */
function read(data: Data, path: unknown, dflt: unknown = null): unknown {
  if (path == null || path === '') return data;
  let at = data;
  for (const part of String(path).split('.')) {
    if (at == null) return dflt;
    at = at[part];
    if (at === undefined) return dflt;
  }
  return at;
}

const missing = (data: Data, keys: unknown[]) => keys.filter((k) => {
  const v = read(data, k);
  return v == null || v === '';
});

/** Compares as `symbol` says (===, !==, <, <=, >, >=) the sign of a comparison. */
function holds(cmp: number, symbol: unknown): boolean {
  switch (symbol) {
    case '===': return cmp === 0;
    case '!==': return cmp !== 0;
    case '<': return cmp < 0;
    case '<=': return cmp <= 0;
    case '>': return cmp > 0;
    case '>=': return cmp >= 0;
  }
  return false;
}

const NUMERIC = /^(0|[1-9]\d*)$/;
const IDENT = /^[0-9A-Za-z-]+$/;
const byDigits = (a: string, b: string) => (a.length != b.length ? (a.length < b.length ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0);

/** A SemVer 2.0.0 version (a leading v and missing minor/patch allowed) as core and pre-release parts, or null. */
function semver(v: unknown): { core: string[]; pre: string[] } | null {
  if (typeof v != 'string' || v.length > 256) return null;
  const text = v.trim().replace(/^[vV]/, '').replace(/\+.*$/, '');
  const dash = text.indexOf('-');
  const core = (dash < 0 ? text : text.slice(0, dash)).split('.');
  const pre = dash < 0 ? [] : text.slice(dash + 1).split('.');
  while (core.length < 3) core.push('0');
  if (core.length > 3 || !core.every((p) => NUMERIC.test(p))) return null;
  if (!pre.every((p) => IDENT.test(p) && (!/^\d+$/.test(p) || NUMERIC.test(p)))) return null;
  return { core, pre };
}

function semverCompare(actual: unknown, symbol: unknown, target: unknown): boolean {
  const a = semver(actual);
  const b = semver(target);
  if (!a || !b) return false;
  let cmp = 0;
  for (let i = 0; i < 3 && !cmp; i++) cmp = byDigits(a.core[i], b.core[i]);
  // A pre-release ranks below its release; identifiers compare numerically or by ASCII, numbers first.
  if (!cmp && (a.pre.length || b.pre.length)) {
    if (!a.pre.length || !b.pre.length) cmp = a.pre.length ? -1 : 1;
    for (let i = 0; !cmp && i < Math.min(a.pre.length, b.pre.length); i++) {
      const x = a.pre[i];
      const y = b.pre[i];
      const nx = /^\d+$/.test(x);
      const ny = /^\d+$/.test(y);
      cmp = nx && ny ? byDigits(x, y) : nx ? -1 : ny ? 1 : x < y ? -1 : x > y ? 1 : 0;
    }
    if (!cmp) cmp = a.pre.length - b.pre.length;
  }
  return holds(cmp, symbol);
}

const RFC3339 = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** Seconds since the epoch of an RFC 3339 date-time naming a real day, or null. */
function seconds(v: unknown): number | null {
  if (typeof v != 'string') return null;
  const text = v.trim().toUpperCase();
  const m = RFC3339.exec(text);
  if (!m || +m[4] > 23) return null;
  const day = new Date(0);
  day.setUTCFullYear(+m[1], +m[2] - 1, +m[3]);
  if (day.getUTCFullYear() != +m[1] || day.getUTCMonth() != +m[2] - 1 || day.getUTCDate() != +m[3]) return null;
  const ms = Date.parse(text);
  return isNaN(ms) ? null : Math.floor(ms / 1000);
}

function datetimeCompare(actual: unknown, symbol: unknown, target: unknown): boolean {
  const a = seconds(actual);
  if (a == null || typeof target != 'number' || !isFinite(target) || Math.abs(target) >= 2 ** 63) return false;
  return holds(a - Math.trunc(target / 1000), symbol);
}

/** Operators that take their arguments evaluated. */
const EAGER: Record<string, (args: any[], data: Data) => unknown> = {
  var: (a, d) => read(d, a[0], a[1] === undefined ? null : a[1]),
  missing: (a, d) => missing(d, Array.isArray(a[0]) ? a[0] : a),
  missing_some: (a, d) => {
    const gone = missing(d, a[1] || []);
    return (a[1] || []).length - gone.length >= a[0] ? [] : gone;
  },
  '==': (a) => a[0] == a[1],
  '===': (a) => a[0] === a[1],
  '!=': (a) => a[0] != a[1],
  '!==': (a) => a[0] !== a[1],
  '!': (a) => !truthy(a[0]),
  '!!': (a) => truthy(a[0]),
  '>': (a) => a[0] > a[1],
  '>=': (a) => a[0] >= a[1],
  '<': (a) => (a.length > 2 ? a[0] < a[1] && a[1] < a[2] : a[0] < a[1]),
  '<=': (a) => (a.length > 2 ? a[0] <= a[1] && a[1] <= a[2] : a[0] <= a[1]),
  max: (a) => Math.max(...a),
  min: (a) => Math.min(...a),
  '+': (a) => a.reduce((s: number, x) => s + num(x), 0),
  '*': (a) => a.reduce((s, x) => num(s) * num(x)),
  '-': (a) => (a[1] === undefined ? -a[0] : a[0] - a[1]),
  '/': (a) => a[0] / a[1],
  '%': (a) => a[0] % a[1],
  in: (a) => !!a[1] && typeof a[1].indexOf == 'function' && a[1].indexOf(a[0]) >= 0,
  cat: (a) => a.join(''),
  substr: (a) => (a[2] < 0 ? String(a[0]).slice(a[1], a[2]) : String(a[0]).substr(a[1], a[2])),
  merge: (a) => a.reduce((all: unknown[], x) => all.concat(x), []),
  semver_compare: (a) => a.length == 3 && semverCompare(a[0], a[1], a[2]),
  datetime_compare: (a) => a.length == 3 && datetimeCompare(a[0], a[1], a[2]),
};

/** Evaluates a JsonLogic rule over `data`. Throws on an unknown operator. */
export function evaluate(rule: Rule, data: Data): unknown {
  if (Array.isArray(rule)) return rule.map((r) => evaluate(r, data));
  if (!isRule(rule)) return rule;
  const op = Object.keys(rule)[0];
  let args = rule[op] as any;
  if (!Array.isArray(args)) args = [args];
  const list = (scope: Data) => {
    const items = evaluate(args[0], scope);
    return Array.isArray(items) ? items : [];
  };
  // The lazy ones evaluate only the arguments they need.
  switch (op) {
    case 'if':
    case '?:': {
      let i = 0;
      for (; i < args.length - 1; i += 2) if (truthy(evaluate(args[i], data))) return evaluate(args[i + 1], data);
      return i < args.length ? evaluate(args[i], data) : null;
    }
    case 'or':
    case 'and': {
      let last: unknown;
      for (const a of args) {
        last = evaluate(a, data);
        if (truthy(last) == (op == 'or')) return last;
      }
      return last;
    }
    case 'map':
      return list(data).map((x) => evaluate(args[1], x));
    case 'filter':
      return list(data).filter((x) => truthy(evaluate(args[1], x)));
    case 'all': {
      const items = list(data);
      return items.length > 0 && items.every((x) => truthy(evaluate(args[1], x)));
    }
    case 'some':
      return list(data).some((x) => truthy(evaluate(args[1], x)));
    case 'none':
      return !list(data).some((x) => truthy(evaluate(args[1], x)));
    case 'reduce':
      return list(data).reduce((acc, x) => evaluate(args[1], { current: x, accumulator: acc }), args.length > 2 ? evaluate(args[2], data) : null);
  }
  const run = Object.prototype.hasOwnProperty.call(EAGER, op) && EAGER[op];
  if (!run) throw new Error('unknown JsonLogic operator: ' + op);
  return run(args.map((a: Rule) => evaluate(a, data)), data);
}

export type FiltersPass = (filters: unknown, properties: object) => boolean;

/** Whether an event's properties pass a first-time event's filters (truthy, as JsonLogic reads it). */
export const filtersPass: FiltersPass = (filters, properties) => truthy(evaluate(filters, properties || {}));
