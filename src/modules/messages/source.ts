// Where the sentences come from in the ES module and CommonJS builds: a dynamic import of their
// own (not modules/load.ts's table, which would pull every module into tracklet/lite's CommonJS
// build). The script-tag build swaps this file for sourceScript.ts (rollup.config.mjs).

import type { Config } from '../../types';

export const loadMessages = (_cfg: Config): Promise<any> => import('../../lib/messages.mjs');
