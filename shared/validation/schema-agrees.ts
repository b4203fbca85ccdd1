/**
 * Compile-time proof that a zod schema and a hand-written type describe the same value, for types
 * that cannot be derived from their schema (they live on a hot path that must not load full zod,
 * or in a module owned elsewhere). `readonly` is ignored: responses are serialised, never mutated.
 *
 * @example
 * const _verdictAgrees: SchemaAgrees<typeof VerdictSchema, Verdict> = true;
 */
import type * as z from 'zod';

/** `T` with every member and array read-only, as a response body is once built. */
export type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

type Identical<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;

/** `true` when `A` and `B` are the same type (modulo `readonly`), optional members included; else `false`. */
export type SameShape<A, B> = Identical<DeepReadonly<A>, DeepReadonly<B>>;

/** The type of a response body a schema describes: its output, read-only throughout. */
export type BodyOf<S extends z.ZodType> = DeepReadonly<z.output<S>>;

/** `true` when the output of `S` is the type `T`. */
export type SchemaAgrees<S extends z.ZodType, T> = SameShape<z.output<S>, T>;
