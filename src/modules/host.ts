// What a module may use of an instance, the same for every module: public names only (a module
// is minified apart from the core, so no mangled `_` member may cross).

import { report } from '../lib/report';
import type { Config } from '../types';

export interface ModuleHost {
  /** The instance: its public methods. */
  t: any;
  /** Its current config. */
  c(): Config;
  /** Its cleanup list, emptied by destroy(). */
  x: (() => void)[];
  /** Its debug log and error_reporter. */
  report(message: string, error?: unknown): void;
}

export const hostOf = (inst: { _cfg: Config; _cleanup: (() => void)[] }): ModuleHost => ({
  t: inst,
  c: () => inst._cfg,
  x: inst._cleanup,
  report: (message, error) => report(inst._cfg, message, error),
});
