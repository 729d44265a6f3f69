import { expect } from 'vitest';
import { SpecError } from '../../controllers/network/specIssues.js';

/** The message a loader throws (fails the test if it does not throw a SpecError). */
export function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(SpecError);
    return (err as Error).message;
  }
  throw new Error('expected a SpecError, nothing was thrown');
}
