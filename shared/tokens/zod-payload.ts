/** Adapts a zod schema (plus an optional decoder) into a JWS core payload parser. */
import type { PayloadCheck } from '../jws/compact-jws.ts';

/** The part of a zod (or zod/mini) schema the core needs. */
interface SafeParser<I> {
  safeParse(value: unknown): { success: true; data: I } | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

/** A payload parser that names the first failing fields, as `path: message; …`. */
export function zodPayload<I, T = I>(schema: SafeParser<I>, decode: (value: I) => T = (value) => value as unknown as T): (payload: unknown) => PayloadCheck<T> {
  return (payload) => {
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const message = parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
        .join('; ');
      return { ok: false, message };
    }
    return { ok: true, value: decode(parsed.data) };
  };
}
