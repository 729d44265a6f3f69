/**
 * Splitting a launch file's `cmd`/`args` string into arguments as launch does
 * (`ExecuteProcess._parse_cmdline`): literal text is split like a POSIX shell (`shlex.split`:
 * blanks separate, '…' and "…" quote, `\` escapes), and a substitution's value joins the text
 * it touches, so `$(dirname)/../bin/x.js run` is two arguments whatever the directory holds.
 */
import { evaluateSubstitution, parseTemplate } from './substitution.js';
import type { SubstitutionScope } from './substitution.js';

/** `shlex.split(text)` (POSIX mode, no comments). A RangeError names an unclosed quote. */
export function shellSplit(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inToken = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inToken) out.push(cur);
      cur = '';
      inToken = false;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new RangeError(`unclosed ' in '${text}'.`);
      cur += text.slice(i + 1, end);
      i = end;
      inToken = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        // inside double quotes a backslash escapes only \ " $ ` and newline
        if (text[j] === '\\' && j + 1 < text.length && '\\"$`\n'.includes(text[j + 1]!)) j++;
        cur += text[j];
      }
      if (j >= text.length) throw new RangeError(`unclosed " in '${text}'.`);
      i = j;
      inToken = true;
    } else if (c === '\\') {
      if (i + 1 < text.length) cur += text[++i];
      inToken = true;
    } else {
      cur += c;
      inToken = true;
    }
  }
  if (inToken) out.push(cur);
  return out;
}

const startsBlank = (s: string) => /^\s/.test(s);
const endsBlank = (s: string) => /\s$/.test(s);

/** The arguments of a `cmd`/`args` string, substitutions evaluated in `scope`. */
export function splitCommandLine(text: string, scope: SubstitutionScope): string[] {
  const result: string[] = [];
  let arg: string[] = [];
  const flush = () => {
    if (arg.length > 0) result.push(arg.join(''));
    arg = [];
  };
  for (const part of parseTemplate(text)) {
    if (typeof part !== 'string') {
      arg.push(evaluateSubstitution(part, scope));
      continue;
    }
    const tokens = shellSplit(part);
    if (tokens.length === 0) {
      flush(); // blanks only: they separate the substitutions around them
      continue;
    }
    if (startsBlank(part)) flush();
    arg.push(tokens[0]!);
    if (tokens.length > 1) {
      flush();
      for (const t of tokens.slice(1, -1)) result.push(t);
      arg.push(tokens[tokens.length - 1]!);
    }
    if (endsBlank(part)) flush();
  }
  flush();
  return result;
}
