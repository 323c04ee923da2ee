// The ES module entry: re-exports only.
export { default } from './instance/primary';
export { createInstance } from './instance/createInstance';
export type * from './types';
