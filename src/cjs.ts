// The CommonJS entry (`require('tracklet')`): the default instance itself, with `createInstance`
// on it, as `require('mixpanel-browser')` returns its instance. Only a property is set here.

import primary from './instance/primary';
import { createInstance } from './instance/createInstance';

export default Object.assign(primary, { createInstance });
