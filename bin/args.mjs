// Command-line arguments of `tracklet`: `--name value`, `--name=value`, `--flag`, `--no-flag`,
// repeatable values. Mistakes throw a UsageError, which the command answers with its usage hint.

/** A mistake in how the command was called: exit status 2, and the usage hint when `hint`. */
export class UsageError extends Error {
  constructor(message, { hint = false } = {}) {
    super(message);
    this.hint = hint;
  }
}

const SECRET_OPTION = /secret|passw|api[-_]?key|auth|bearer|credential|service[-_]?account/i;

/** True when the arguments ask for help: `--help` or `-h` anywhere. */
export const wantsHelp = (args) => args.some((a) => a === '--help' || a === '-h');

/**
 * Parse the arguments of one subcommand.
 * @param {string[]} args
 * @param {{values: string[], flags: string[], lists?: string[]}} spec
 *   values take one value; lists take one value each time and may repeat (an array);
 *   flags take none (`--no-x` sets x to false).
 */
export function parseArgs(args, { values, flags, lists = [] }) {
  const out = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const m = /^--([A-Za-z][\w-]*)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new UsageError(arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument ${JSON.stringify(arg)}`, { hint: true });
    const [, name, inline] = m;
    if (SECRET_OPTION.test(name)) {
      throw new UsageError(`--${name}: tracklet takes only the public project token (--token); secrets and credentials belong on your server and are never put in a page`);
    }
    if (values.includes(name) || lists.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`, { hint: true });
      if (lists.includes(name)) (out[name] ??= []).push(value);
      else out[name] = value;
    } else if (flags.includes(name) && inline === undefined) out[name] = true;
    else if (name.startsWith('no-') && flags.includes(name.slice(3)) && inline === undefined) out[name.slice(3)] = false;
    else throw new UsageError(`unknown option --${name}`, { hint: true });
  }
  return out;
}
