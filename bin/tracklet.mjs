#!/usr/bin/env node
// The `tracklet` command (`npx tracklet ...`):
//   tracklet snippet    print the ready-to-paste <script> snippet, the bundle pinned by SRI
//   tracklet collector  run the local collector, or a first-party proxy with --forward
// Each command lives in its own module; this one dispatches, prints help and errors.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError, wantsHelp } from './args.mjs';
import { collectorCommand } from './collectorCommand.mjs';
import { packageVersion } from './packageVersion.mjs';
import { snippetCommand } from './snippet.mjs';
import { COLLECTOR_USAGE, hintFor, SNIPPET_USAGE, USAGE } from './usage.mjs';

// The tests import these from here.
export { parseArgs } from './args.mjs';
export { collectorOptions } from './collectorCommand.mjs';
export { buildSnippet, integrityOf, scriptLiteral, tokenProblem } from './snippet.mjs';

const COMMANDS = {
  snippet: { usage: SNIPPET_USAGE, run: (args) => void snippetCommand(args) },
  collector: { usage: COLLECTOR_USAGE, run: collectorCommand, keepsRunning: true },
};

/** Runs the command line; resolves to the exit status, or null while a server keeps running. */
export async function main(argv, { out = console.log, err = console.error } = {}) {
  const [first, ...args] = argv;
  if (first === '--version' || first === '-v') {
    out(packageVersion());
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h') {
    out(USAGE);
    return 0;
  }
  const name = first === 'help' ? args[0] : first;
  const command = COMMANDS[name];
  if (first === 'help' && (name === undefined || command)) {
    out(command?.usage ?? USAGE);
    return 0;
  }
  if (!command) {
    err(`tracklet: ${name.startsWith('-') ? 'unknown option' : 'unknown command'} ${name}\n${hintFor()}`);
    return 2;
  }
  if (wantsHelp(args)) {
    out(command.usage);
    return 0;
  }
  try {
    await command.run(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`tracklet ${first}: ${e.message}${e.hint ? `\n${hintFor(first)}` : ''}`);
    return 2;
  }
  return command.keepsRunning ? null : 0;
}

function isMain() {
  try {
    return realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isMain()) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== null) process.exitCode = code;
    },
    (e) => {
      console.error(`tracklet: ${e.message}`);
      process.exitCode = 1;
    },
  );
}
