// The one ModuleHost (ModuleHost.ts) every module gets of an instance.

import { fetchModule } from './need';
import { report, warn } from '../lib/report';
import type { ModuleHost } from './ModuleHost';
import type { Config } from '../types';

export type { ModuleHost };

export const hostOf = (inst: { _cfg: Config; _cleanup: (() => void)[] }): ModuleHost => ({
  t: inst,
  c: () => inst._cfg,
  x: inst._cleanup,
  report: (message, error, loud) => (loud ? warn(inst._cfg, message) : report(inst._cfg, message, [], error)),
  l: (name) => fetchModule(name, inst._cfg),
});
