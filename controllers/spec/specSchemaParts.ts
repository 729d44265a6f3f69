/**
 * Building blocks of the controller-file schema: strict objects whose unknown-key errors name the
 * valid keys (with "did you mean"), and unions picked by `kind` from a registry (a `Map` by name)
 * whose unknown-kind errors list the kinds (with "did you mean"). Leaves carry their own
 * "expected …" text; loop/specIssues.ts adds where and what was found.
 */
import { z } from 'zod';
import { didYouMean } from '../../loop/suggestName.js';

export const finite = () => z.number({ error: 'expected a finite number' });
export const positive = () => z.number({ error: 'expected a number > 0' }).gt(0, { error: 'expected a number > 0' });
export const nonNegative = () => z.number({ error: 'expected a number ≥ 0' }).gte(0, { error: 'expected a number ≥ 0' });
export const positiveInt = () => z.number({ error: 'expected an integer > 0' }).int({ error: 'expected an integer > 0' }).gt(0, { error: 'expected an integer > 0' });
export const index = () => z.number({ error: 'expected an integer ≥ 0' }).int({ error: 'expected an integer ≥ 0' }).gte(0, { error: 'expected an integer ≥ 0' });
export const name = () => z.string({ error: 'expected a name (a non-empty string)' }).min(1, { error: 'expected a name (a non-empty string)' });
export const channelName = () => z.string({ error: 'expected a channel name' }).min(1, { error: 'expected a channel name' });

/** A strict object whose unknown-key error names the valid keys and the likely intended one. */
export function strictBlock<S extends z.core.$ZodLooseShape>(what: string, shape: S) {
  const valid = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') {
        const keys = iss.keys.map((k) => `'${k}'`).join(', ');
        const hint = iss.keys.length === 1 ? didYouMean(iss.keys[0]!, valid) : '';
        return `unknown key${iss.keys.length > 1 ? 's' : ''} ${keys} in ${what}${hint}; valid keys are: ${valid.join(', ')}`;
      }
      if (iss.code === 'invalid_type') return `expected ${what} (an object with keys ${valid.join(', ')})`;
      return undefined;
    },
  });
}

/** A registry entry's parameter fields (besides `kind`). */
export interface KindShape {
  readonly params: z.core.$ZodLooseShape;
}

/**
 * A union of `{kind: <name>, …params}` over a registry, discriminated by `kind`; an unknown kind
 * is an error listing the registered kinds and the closest one.
 */
export function kindUnion(what: string, registry: ReadonlyMap<string, KindShape>): z.ZodType<{ kind: string } & Record<string, unknown>> {
  const names = [...registry.keys()];
  const options = names.map((k) => strictBlock(`${what} '${k}'`, { kind: z.literal(k), ...registry.get(k)!.params }));
  return z.discriminatedUnion('kind', options as unknown as [z.core.$ZodTypeDiscriminable], {
    error: (iss) => {
      if (iss.code === 'invalid_union') {
        const input = (iss as { input?: unknown }).input;
        const kind = input !== null && typeof input === 'object' ? (input as { kind?: unknown }).kind : undefined;
        const hint = typeof kind === 'string' ? didYouMean(kind, names) : '';
        return `expected ${what} kind, one of ${names.map((n) => `'${n}'`).join(', ')}${hint}`;
      }
      if ((iss.code as string) === 'invalid_type') return `expected ${what} (an object with a 'kind')`;
      return undefined;
    },
  }) as unknown as z.ZodType<{ kind: string } & Record<string, unknown>>;
}
