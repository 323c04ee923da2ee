// Types of messages.mjs (plain JavaScript shared with bin/snippet.mjs).
export declare const TOKEN: Record<number, string>;
export declare const TEXT: Record<number, string>;
export declare const text: (code: number, args: unknown[]) => string;
