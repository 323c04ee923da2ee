// The `tracklet/lite` entry: re-exports only. For widgets and apps that track events and
// identity without people, groups or autotrack; same wire format and storage as 'tracklet'.
export { default } from './instance/litePrimary';
export { createLiteInstance as createInstance } from './instance/createLiteInstance';
export type * from './types';
