/**
 * The exhaustiveness guard for `switch (column.kind)`, as in model-format.ts. A copy, because
 * importing that module's value exports loads zod, and worker threads have no other use for it
 * (type imports cost nothing at runtime).
 */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
