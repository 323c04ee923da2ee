// The wire contract (shared/brief/wire-contract.md) as a checker: every problem a payload has,
// as a list of messages. Used by the fuzz tests on what the collector actually received.

const CREDENTIAL = /secret|passw(or)?d|apikey|authori[sz]ation|bearer|credential|serviceaccount|privatekey|accesstoken|authtoken|sessiontoken/;
const REJECTED_IDS = new Set(['anon', 'anonymous', 'nil', 'none', 'null', 'n/a', 'na', 'undefined', 'unknown', '0', '-1', 'true', 'false', '[]', '{}', '00000000-0000-0000-0000-000000000000']);
const PROFILE_OPS = ['$set', '$set_once', '$add', '$append', '$union', '$remove', '$unset', '$delete'];
const GROUP_OPS = ['$set', '$set_once', '$unset', '$remove', '$union', '$delete'];

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkValue(v: unknown, path: string, depth: number, out: string[]) {
  if (typeof v === 'string') {
    if (v.length > 255) out.push(`${path}: string of ${v.length} characters`);
  } else if (typeof v === 'number') {
    if (!Number.isFinite(v)) out.push(`${path}: non-finite number`);
  } else if (Array.isArray(v)) {
    if (v.length >= 256) out.push(`${path}: list of ${v.length}`);
    v.forEach((x, i) => checkValue(x, `${path}[${i}]`, depth + 1, out));
  } else if (isObj(v)) {
    if (depth > 3) out.push(`${path}: nested deeper than 3`);
    const keys = Object.keys(v);
    if (keys.length >= 256) out.push(`${path}: ${keys.length} keys`);
    for (const k of keys) {
      if (CREDENTIAL.test(k.toLowerCase().replace(/[^a-z0-9]/g, ''))) out.push(`${path}.${k}: credential-like key`);
      if (k === '__proto__') out.push(`${path}: __proto__ key`);
      checkValue(v[k], `${path}.${k}`, depth + 1, out);
    }
  } else if (v !== null && typeof v !== 'boolean') out.push(`${path}: ${typeof v} value`);
}

function checkId(id: unknown, path: string, out: string[]) {
  if (typeof id !== 'string' && typeof id !== 'number') return out.push(`${path}: missing or not a string`);
  const s = String(id);
  if (!s || s.length > 255 || REJECTED_IDS.has(s.toLowerCase())) out.push(`${path}: "${s}" is not an id Mixpanel accepts`);
}

export function wireProblems(endpoint: string, p: any, token: string): string[] {
  const out: string[] = [];
  if (!isObj(p)) return ['payload is not an object'];
  if (endpoint === 'track') {
    if (typeof p.event !== 'string' || !p.event) out.push('event name missing');
    else if (p.event.length > 255) out.push('event name over 255 characters');
    const props = p.properties;
    if (!isObj(props)) return [...out, 'properties missing'];
    if (props.token !== token) out.push(`properties.token is ${JSON.stringify(props.token)}, not the instance token`);
    checkId(props.distinct_id, 'properties.distinct_id', out);
    if (!Number.isInteger(props.time) || Math.abs(props.time - Date.now()) > 5 * 864e5) out.push(`properties.time ${props.time} is not integer ms within 5 days`);
    if (typeof props.$insert_id !== 'string' || !/^[A-Za-z0-9-]{1,36}$/.test(props.$insert_id)) out.push(`bad $insert_id ${JSON.stringify(props.$insert_id)}`);
    if (Object.keys(props).length >= 255) out.push(`${Object.keys(props).length} properties`);
    checkValue(props, 'properties', 0, out);
  } else {
    if (p.$token !== token) out.push(`$token is ${JSON.stringify(p.$token)}, not the instance token`);
    const ops = (endpoint === 'engage' ? PROFILE_OPS : GROUP_OPS).filter((op) => op in p);
    if (ops.length !== 1) out.push(`expected exactly one operation, found ${ops.join(',') || 'none'}`);
    if (endpoint === 'engage') checkId(p.$distinct_id, '$distinct_id', out);
    else {
      if (typeof p.$group_key !== 'string' || !p.$group_key) out.push('$group_key missing');
      if (p.$group_id === undefined || p.$group_id === null || p.$group_id === '') out.push('$group_id missing');
    }
    for (const op of ops) {
      const v = p[op];
      if (op === '$unset' ? !Array.isArray(v) : op !== '$delete' && !isObj(v)) out.push(`${op} has the wrong shape`);
      if (op === '$union') for (const k in v) if (!Array.isArray(v[k])) out.push(`$union.${k} is not a list`);
      if (op === '$add') for (const k in v) if (typeof v[k] !== 'number') out.push(`$add.${k} is not a number`);
      checkValue(v, op, 0, out);
    }
  }
  if (JSON.stringify(p).length >= 1_000_000) out.push('payload over 1 MB');
  return out;
}
