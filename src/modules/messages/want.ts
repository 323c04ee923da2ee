// When the sentences of problems are fetched: as soon as a configuration reads them (`debug:
// true`, or an `error_reporter` of its own), at init and at set_config; and when a report for
// such a target comes first (a problem of that very configuration). lib/report.ts holds the
// reports meanwhile.

import { loadMessages } from './source';
import { useLoader, fetchText, wantsText, type ReportTarget } from '../../lib/report';
import type { Config } from '../../types';

export function wantMessages(target: ReportTarget): void {
  // The module comes from where the other modules come from (lib_base_path), as this config says.
  useLoader(() => loadMessages(target as Config).then((m) => m.text));
  if (wantsText(target)) fetchText();
}
