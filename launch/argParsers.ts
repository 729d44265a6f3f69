/** Option-value parsers shared by commands: each names what it expected and what it got. */
import { InvalidArgumentError } from 'commander';

export function positiveNumber(what: string) {
  return (raw: string): number => {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(v) || v <= 0) throw new InvalidArgumentError(`expected ${what}, got '${raw}'.`);
    return v;
  };
}

export function seedArg(raw: string): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(v) || v < 0) throw new InvalidArgumentError(`expected an integer ≥ 0, got '${raw}'.`);
  return v;
}

export function countArg(raw: string): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(v) || v <= 0) throw new InvalidArgumentError(`expected an integer > 0, got '${raw}'.`);
  return v;
}
