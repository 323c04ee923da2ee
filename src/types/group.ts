// `instance.get_group(key, id)`: a group profile (/groups).

import type { Callback, Properties, PropertyValue } from './base';

/** A group profile, from `get_group(group_key, group_id)`. Updates return the group, to chain. */
export interface Group {
  set(prop: string | Properties, to?: PropertyValue, callback?: Callback): Group;
  set_once(prop: string | Properties, to?: PropertyValue, callback?: Callback): Group;
  unset(prop: string | string[], callback?: Callback): Group;
  union(list_name: string | Properties, values?: PropertyValue, callback?: Callback): Group;
  remove(list_name: string | Properties, value?: PropertyValue, callback?: Callback): Group;
  delete(callback?: Callback): Group;
  toString(): string;
}
