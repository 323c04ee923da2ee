// Where the sentences come from in the script-tag build (it replaces source.ts there): the
// module file dist/tracklet-messages.min.js, loaded as every other module is.

import { load } from '../loadScript';
import type { Config } from '../../types';

export const loadMessages = (cfg: Config): Promise<any> => load('messages', cfg);
