// Types of credentials.mjs (plain JavaScript shared with bin/tracklet.mjs).
export declare const credentialName: (name: string) => boolean;
export declare const credentialValue: (value: string) => boolean;
export declare const credentialHeader: (name: string, value: unknown) => boolean;
export declare function tokenProblem(token: unknown): number;
export declare function hostProblem(url: string): [number, string?] | undefined;
