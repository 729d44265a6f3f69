/**
 * The command line a report states, quoted for a POSIX shell so it can be pasted back: words of
 * safe characters as they are, others in single quotes (a quote inside becomes '\'').
 */
export function commandLineText(args: readonly string[], program = 'spikeloop'): string {
  return [program, ...args].map(shellWord).join(' ');
}

function shellWord(w: string): string {
  if (/^[\w@%+=:,./-]+$/.test(w)) return w;
  return `'${w.replace(/'/g, `'\\''`)}'`;
}

/**
 * The arguments the program was parsed from (`runCli` parses `from: 'user'`, so without node and
 * the script). commander keeps them in `rawArgs` without typing it; null when absent.
 */
export function rawArgsOf(cmd: { readonly parent: unknown }): readonly string[] | null {
  const raw = (cmd.parent as { rawArgs?: unknown } | null)?.rawArgs;
  return Array.isArray(raw) && raw.length > 0 && raw.every((a) => typeof a === 'string') ? raw : null;
}
