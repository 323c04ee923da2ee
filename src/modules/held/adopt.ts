// Takes over what Mixpanel's library left in its own outboxes (`__mpq_<token>_ev/_pp/_gr` in
// localStorage), so no event is lost in the switch. Part of the held module: the core only
// checks whether such an outbox exists (calls.ts).

import { localGet, localRemove } from '../../lib/localStore';
import { isObject, parseJSON } from '../../lib/json';

/** `keys`: the outboxes of /track, /engage, /groups; `push(i, payload)` queues one for endpoint i. */
export function adopt(keys: string[], push: (i: number, payload: Record<string, any>) => void): void {
  keys.forEach((key, i) => {
    const items = parseJSON(localGet(key));
    // An outbox that is not a list is unreadable to its own library too: removed all the same,
    // or the core would load this module on every page for it.
    if (Array.isArray(items))
      for (const it of items) {
        const p = isObject(it) && it.payload;
        if (!isObject(p)) continue;
        const props = p.properties;
        // Upstream queues float seconds; the wire contract wants integer milliseconds.
        if (isObject(props) && typeof props.time == 'number' && props.time < 1e11) props.time = Math.round(props.time * 1000);
        push(i, p);
      }
    localRemove(key);
  });
}
