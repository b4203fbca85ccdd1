/**
 * Status slot allocation without a hot item: every label gets a `(list, index)` at issuance, and
 * no single item takes every issuance's write.
 *
 * Design. `S` shard counter items (`STATUS_SHARD#{s}`), each with a current `list` and a `next`
 * offset. Shard `s` owns indices `[s·N/S, (s+1)·N/S)` of every list `L` (N entries a list). An
 * issuance picks a shard at random and takes the next offset with ONE conditional `UpdateItem`
 * (`ADD next 1` if `next < N/S`), reading back `list` and `next` from the same write, so the pair
 * is unique: `next` only grows within a list, and resets only in the same write that advances
 * `list` (a conditional write that succeeds once, while the shard is still full on that list).
 * No transaction, no read-before-write on the normal path, no lock.
 *
 * Consequences, on purpose:
 * - Shards move to the next list independently, so list L may still be filling in one shard's
 *   range while another shard is on L+1. Every list is published in full length from the start
 *   (unallocated bits are 0), so that changes nothing for verifiers.
 * - A retried write whose first attempt landed (SDK retry after a timeout) loses one offset: a gap,
 *   never a duplicate. Gaps are harmless zeros in the list.
 * - The layout is fixed for a deployment: each shard item records `listSize` and `shards` and a
 *   different layout is refused (changing either would make ranges overlap).
 *
 * Rate. DynamoDB serves about 1,000 writes/s on one item (the per-partition write limit, which
 * split-for-heat cannot split below one item). Each issuance is one write to one of S items chosen
 * uniformly, so the design carries about S × 1,000 issuances/s: 16,000/s with the production 16
 * shards, before the random spread's unevenness (a few per cent at that scale). A full shard costs
 * one extra read and one extra write, once per N/S = 8,192 issuances per shard. More shards raise
 * the ceiling linearly; the cost is nothing but more counter items, since ranges only subdivide a
 * list (N/S must stay a whole number).
 */
// zod/mini: the DynamoDB adapter checks layouts with this schema, and it is in the verify bundle.
import * as z from 'zod/mini';
import { ServiceUnavailableError } from '../errors/errors.ts';
import type { StatusShardLayout, StatusSlotStore } from '../store/store.ts';
import { STATUS_LIST_MAX_ENTRIES, STATUS_LIST_MIN_ENTRIES } from './bitstring.ts';

/** Most shards a layout may have (each is one small item; past this the ranges get silly). */
export const MAX_STATUS_SHARDS = 1024;

/** A slot layout: list size a positive multiple of 8 (any in tests), shards dividing it evenly. */
export const StatusSlotLayoutSchema = z
  .strictObject({
    listSize: z.int().check(z.minimum(8), z.maximum(STATUS_LIST_MAX_ENTRIES), z.multipleOf(8)),
    shards: z.int().check(z.minimum(1), z.maximum(MAX_STATUS_SHARDS)),
  })
  .check(z.refine((layout) => layout.listSize % layout.shards === 0, { message: 'listSize must split into whole shard ranges', path: ['shards'] }));

/** A parsed {@link StatusSlotLayoutSchema}. */
export type StatusSlotLayout = z.infer<typeof StatusSlotLayoutSchema> & StatusShardLayout;

/** Production: the spec's 131,072-entry lists, 16 shards of 8,192 entries (about 16,000 issuances/s). */
export const PRODUCTION_SLOT_LAYOUT: StatusSlotLayout = { listSize: STATUS_LIST_MIN_ENTRIES, shards: 16 };

/** One label's place in the status lists: the same `(list, index)` for every purpose. */
export interface StatusSlot {
  readonly list: number;
  readonly index: number;
}

/** A stored or claimed slot, as it will travel in claims and records. */
export const StatusSlotSchema = z.strictObject({
  list: z.int().check(z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER)),
  index: z.int().check(z.nonnegative(), z.maximum(STATUS_LIST_MAX_ENTRIES - 1)),
});

/** How many entries each shard owns in each list. */
export function shardCapacity(layout: StatusShardLayout): number {
  const { listSize, shards } = StatusSlotLayoutSchema.parse(layout);
  return listSize / shards;
}

/** Options of {@link allocateStatusSlot}. */
export interface AllocateOptions {
  /** Uniform in [0, 1); `Math.random` by default (the shard choice needs spread, not secrecy). */
  readonly random?: () => number;
  /**
   * Takes tried before giving up. Each failed take means the shard filled meanwhile, i.e. others
   * got slots, so the loop always makes progress overall; with production ranges of 8,192 a
   * second take is already rare.
   */
  readonly maxAttempts?: number;
}

/**
 * Allocates one status slot: a random shard, one conditional write, plus (only when that shard's
 * range is full) one conditional advance to the next list and a new take.
 * @throws {ServiceUnavailableError} when `maxAttempts` takes all met a full shard.
 */
export async function allocateStatusSlot(store: StatusSlotStore, layout: StatusSlotLayout, options: AllocateOptions = {}): Promise<StatusSlot> {
  const checked = StatusSlotLayoutSchema.parse(layout);
  const capacity = checked.listSize / checked.shards;
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? 10;
  // Clamped: a `random` returning exactly 1 must not name a shard that does not exist.
  const shard = Math.min(checked.shards - 1, Math.floor(random() * checked.shards));
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const take = await store.takeStatusShardOffset(shard, checked);
    if (take.outcome === 'taken') return StatusSlotSchema.parse({ list: take.list, index: shard * capacity + take.offset });
    // Whether we or a concurrent caller moved it, the shard is now past `take.list`: take again.
    await store.advanceStatusShard(shard, take.list, checked);
  }
  throw new ServiceUnavailableError(`no status slot after ${maxAttempts} attempts on shard ${shard}`);
}
