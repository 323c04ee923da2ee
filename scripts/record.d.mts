// Types of scripts/record.mjs, for the tests.
export interface QueueRecord {
  t: number;
  d: number;
  q: any[];
}
export function readRecord(text: string): QueueRecord;
export function writeRecord(record: QueueRecord): string;
