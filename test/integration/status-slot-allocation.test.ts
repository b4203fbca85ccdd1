/**
 * Status slot allocation over dynalite (the real DynamoDB API over HTTP): concurrent allocations
 * never share a slot, a small list fills exactly and the next issuance crosses into the next list,
 * and a shard refuses a changed layout.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbStore } from '../../shared/adapters/dynamodb/dynamodb-store.ts';
import { ConfigurationError, ServiceUnavailableError } from '../../shared/errors/errors.ts';
import {
  PRODUCTION_SLOT_LAYOUT,
  StatusSlotLayoutSchema,
  allocateStatusSlot,
  shardCapacity,
  type StatusSlot,
} from '../../shared/status-list/slot-allocation.ts';
import { startTestStore } from '../support/dynamodb.ts';

let env: Awaited<ReturnType<typeof startTestStore>>;
let store: DynamoDbStore;

beforeAll(async () => {
  env = await startTestStore();
  store = env.store;
});
afterAll(async () => env?.close());

const key = (slot: StatusSlot) => `${slot.list}:${slot.index}`;

/** Shards 0, 1, …, S−1, 0, 1, … in turn (deterministic spread). */
function roundRobin(shards: number): () => number {
  let k = 0;
  return () => (k++ % shards) / shards;
}

/** Runs `count` allocations `width` at a time. */
async function allocateMany(count: number, width: number, allocate: () => Promise<StatusSlot>): Promise<StatusSlot[]> {
  const slots: StatusSlot[] = [];
  for (let done = 0; done < count; done += width) {
    slots.push(...(await Promise.all(Array.from({ length: Math.min(width, count - done) }, allocate))));
  }
  return slots;
}

/**
 * The same table through a client with room for 2,000 requests in flight at once. The service's
 * client is tuned for one Lambda request at a time (50 sockets, 1 s to get one), so 2,000 through
 * it would only measure its queue; in production those are 2,000 Lambdas with a client each.
 */
function wideStore(): DynamoDbStore {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: env.dynamo.endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 30_000, requestTimeout: 30_000, httpAgent: { maxSockets: 2000 } }),
  });
  return new DynamoDbStore(client, env.tableName);
}

describe('status slot allocation over DynamoDB', () => {
  it('2,000 concurrent allocations across 16 shards never give the same slot twice', async () => {
    const layout = PRODUCTION_SLOT_LAYOUT;
    const wide = wideStore();
    // maxAttempts 1 on the client: an SDK retry could only add a gap, which the check below would see.
    const slots = await Promise.all(Array.from({ length: 2000 }, () => allocateStatusSlot(wide, layout))).finally(() => wide.client.destroy());
    expect(new Set(slots.map(key)).size).toBe(2000);
    expect(slots.every((s) => s.list === 0 && s.index >= 0 && s.index < layout.listSize)).toBe(true);
    // Each index lies in its shard's range, and every shard was used (random spread over 16).
    const capacity = shardCapacity(layout);
    const perShard = new Map<number, number[]>();
    for (const s of slots) perShard.set(Math.floor(s.index / capacity), [...(perShard.get(Math.floor(s.index / capacity)) ?? []), s.index % capacity]);
    expect(perShard.size).toBe(16);
    // Within a shard the offsets are exactly 0…n−1: nothing skipped, nothing doubled.
    for (const offsets of perShard.values()) expect(offsets.sort((a, b) => a - b)).toEqual(offsets.map((_, i) => i));
  }, 60_000);

  it('fills a list of 64 in 4 shards exactly, then crosses into list 1', async () => {
    const layout = StatusSlotLayoutSchema.parse({ listSize: 64, shards: 4 });
    const { store: fresh, close } = await startTestStore();
    try {
      const random = roundRobin(4);
      const first: StatusSlot[] = [];
      for (let i = 0; i < 64; i++) first.push(await allocateStatusSlot(fresh, layout, { random }));
      expect(first.every((s) => s.list === 0)).toBe(true);
      expect(first.map((s) => s.index).sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, i) => i));
      // Shard 0 is next in turn: its range of list 1 starts at 0; shard 1's at 16.
      expect(await allocateStatusSlot(fresh, layout, { random })).toEqual({ list: 1, index: 0 });
      expect(await allocateStatusSlot(fresh, layout, { random })).toEqual({ list: 1, index: 16 });
    } finally {
      await close();
    }
  });

  it('concurrent allocations across several small lists: each (list, index) once, lists filled in order', async () => {
    const layout = StatusSlotLayoutSchema.parse({ listSize: 64, shards: 4 });
    const { store: fresh, close } = await startTestStore();
    try {
      // 320 slots = 5 lists' worth; round-robin so every shard carries 80 (5 full ranges).
      const random = roundRobin(4);
      const slots = await allocateMany(320, 80, () => allocateStatusSlot(fresh, layout, { random, maxAttempts: 200 }));
      expect(new Set(slots.map(key)).size).toBe(320);
      const lists = new Map<number, number>();
      for (const s of slots) lists.set(s.list, (lists.get(s.list) ?? 0) + 1);
      expect([...lists.entries()].sort((a, b) => a[0] - b[0])).toEqual([0, 1, 2, 3, 4].map((l) => [l, 64]));
    } finally {
      await close();
    }
  }, 60_000);

  it('advancing a shard is done once, however many callers saw it full', async () => {
    const layout = StatusSlotLayoutSchema.parse({ listSize: 8, shards: 1 });
    const { store: fresh, close } = await startTestStore();
    try {
      for (let i = 0; i < 8; i++) expect(await fresh.takeStatusShardOffset(0, layout)).toEqual({ outcome: 'taken', list: 0, offset: i });
      expect(await fresh.takeStatusShardOffset(0, layout)).toEqual({ outcome: 'full', list: 0 });
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => fresh.advanceStatusShard(0, 0, layout)));
      expect(outcomes.filter((o) => o === 'advanced')).toHaveLength(1);
      // A stale advance (from list 0 again) must not skip list 1.
      expect(await fresh.advanceStatusShard(0, 0, layout)).toBe('moved_meanwhile');
      expect(await fresh.takeStatusShardOffset(0, layout)).toEqual({ outcome: 'taken', list: 1, offset: 0 });
      // Nor can list 1 be advanced while it is not full.
      expect(await fresh.advanceStatusShard(0, 1, layout)).toBe('moved_meanwhile');
    } finally {
      await close();
    }
  });

  it('refuses a changed layout instead of handing out overlapping ranges', async () => {
    const { store: fresh, close } = await startTestStore();
    try {
      await allocateStatusSlot(fresh, { listSize: 64, shards: 1 });
      await expect(allocateStatusSlot(fresh, { listSize: 128, shards: 1 })).rejects.toBeInstanceOf(ConfigurationError);
      await expect(fresh.advanceStatusShard(0, 0, { listSize: 128, shards: 1 })).resolves.toBe('moved_meanwhile');
    } finally {
      await close();
    }
  });

  it('gives up after maxAttempts rather than loop (here: a store whose shard is always full)', async () => {
    const alwaysFull = {
      takeStatusShardOffset: async () => ({ outcome: 'full', list: 0 }) as const,
      advanceStatusShard: async () => 'moved_meanwhile' as const,
    };
    await expect(allocateStatusSlot(alwaysFull, { listSize: 64, shards: 4 }, { maxAttempts: 3 })).rejects.toBeInstanceOf(ServiceUnavailableError);
  });

  it('refuses layouts whose shards do not split the list evenly, and shards outside the layout', async () => {
    expect(StatusSlotLayoutSchema.safeParse({ listSize: 64, shards: 3 }).success).toBe(false);
    expect(StatusSlotLayoutSchema.safeParse({ listSize: 60, shards: 4 }).success).toBe(false);
    expect(StatusSlotLayoutSchema.safeParse({ listSize: 64, shards: 0 }).success).toBe(false);
    await expect(store.takeStatusShardOffset(16, PRODUCTION_SLOT_LAYOUT)).rejects.toBeInstanceOf(RangeError);
  });
});
