// Where the property-filter evaluator (lib/targeting.ts) comes from in the ES module build: a dynamic import, so it
// is a chunk of its own (dist/tracklet-targeting.mjs), fetched only when a flags/ reply has a
// first-time event with filters. (The script-tag build swaps this file for
// loadTargetingScript.ts; the CommonJS build inlines the import.)

export type FiltersPass = (filters: unknown, properties: object) => boolean;

export const loadTargeting = (): Promise<FiltersPass> => import('../../lib/targeting').then((m) => m.filtersPass);
