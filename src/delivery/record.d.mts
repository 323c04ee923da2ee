// Types of record.mjs (plain JavaScript shared with the tests, scripts/soak.mjs and bench/backlog.mjs).
export interface QueueRecord {
  t: number;
  d: number;
  q: any[];
}
export declare const beatOf: (key: string) => string;
export declare function encodeRecord(t: number, d: number, jsons: string[], max: number): string;
export declare const headerOf: (text: string) => string;
export declare function payloadsOf(text: string): string[];
export declare const readRecord: (text: string) => QueueRecord;
export declare const writeRecord: (record: QueueRecord) => string;
