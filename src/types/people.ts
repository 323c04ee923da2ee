// `instance.people`: the user profile (/engage). Each update takes `(name, value, callback)` or
// `({ name: value }, callback)`; the overloads give a callback its type in both forms.

import type { Callback, Properties, PropertyValue } from './base';

/** The user profile of the current distinct id: `(name, value, callback)` or `({...}, callback)`. */
export interface People {
  set(prop: string, to: any, callback?: Callback): void;
  set(prop: Properties, callback?: Callback): void;
  set(prop: string | Properties, to?: PropertyValue, callback?: Callback): void;
  set_once(prop: string, to: any, callback?: Callback): void;
  set_once(prop: Properties, callback?: Callback): void;
  set_once(prop: string | Properties, to?: PropertyValue, callback?: Callback): void;
  unset(prop: string | string[], callback?: Callback): void;
  increment(prop: string | Properties, callback?: Callback): void;
  increment(prop: string, by: number, callback?: Callback): void;
  append(list_name: string, value: any, callback?: Callback): void;
  append(list_name: Properties, callback?: Callback): void;
  append(list_name: string | Properties, value?: PropertyValue, callback?: Callback): void;
  union(list_name: string, values: any, callback?: Callback): void;
  union(list_name: Properties, callback?: Callback): void;
  union(list_name: string | Properties, values?: PropertyValue, callback?: Callback): void;
  remove(list_name: string, value: any, callback?: Callback): void;
  remove(list_name: Properties, callback?: Callback): void;
  remove(list_name: string | Properties, value?: PropertyValue, callback?: Callback): void;
  delete_user(): void;
  clear_charges(callback?: Callback): void;
  /** Deprecated upstream; does nothing. */
  track_charge(amount?: number, propertiesOrCallback?: Properties | Callback, callback?: Callback): void;
  toString(): string;
}
