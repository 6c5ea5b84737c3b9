/**
 * Exhaustiveness guard for `switch (x.kind)`: a new kind becomes a compile error wherever a switch
 * forgot it. Its own module, free of dependencies, so worker threads can import it without loading
 * zod.
 */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
