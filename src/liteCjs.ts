// The CommonJS entry of `tracklet/lite` (`require('tracklet/lite')`): the default lite instance,
// with `createInstance` on it, as src/cjs.ts for the full build.

import primary from './instance/litePrimary';
import { createLiteInstance } from './instance/createLiteInstance';

export default Object.assign(primary, { createInstance: createLiteInstance });
