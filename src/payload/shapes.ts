// The three wire shapes, built in one place so every path stamps the instance's own token.

import type { Properties } from '../types';

export type Endpoint = 'track' | 'engage' | 'groups';

/** What the delivery layer queues: the endpoint and one JSON-safe payload. */
export interface Payload {
  [key: string]: unknown;
}

export const eventPayload = (event: string, properties: Properties, token: string): Payload => {
  properties.token = token;
  return { event, properties };
};

export const profilePayload = (op: string, value: unknown, token: string, identity: Properties): Payload => {
  const p: Payload = { $token: token, $distinct_id: identity.distinct_id };
  for (const k of ['$device_id', '$user_id', '$had_persisted_distinct_id']) if (identity[k]) p[k] = identity[k];
  p[op] = value;
  return p;
};

export const groupPayload = (op: string, value: unknown, token: string, key: string, id: unknown): Payload => ({
  $token: token,
  $group_key: key,
  $group_id: id,
  [op]: value,
});
