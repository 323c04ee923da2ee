// What a module may use of an instance, the same for every module: public names only (a module
// is minified apart from the core, so no mangled `_` member may cross). A file of its own, so a
// module that names the type does not import the core's loader (host.ts) it is loaded by.

import type { Config } from '../types';

export interface ModuleHost {
  /** The instance: its public methods. */
  t: any;
  /** Its current config. */
  c(): Config;
  /** Its cleanup list, emptied by destroy(). */
  x: (() => void)[];
  /** Its debug log and error_reporter (lib/report.ts); `loud`: a warning the console shows without debug. */
  report(message: string, error?: unknown, loud?: boolean): void;
  /** Another module, through the core's loader (its nonce, Trusted Types policy and SRI pin). */
  l(name: string): Promise<any>;
}
