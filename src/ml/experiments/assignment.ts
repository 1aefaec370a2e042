import { createHash } from 'node:crypto';

// Deterministic variant assignment: no state, no sticky table. The same user in the same experiment
// always lands in the same variant, on every instance, and different experiments split independently
// (the experiment id salts the hash, so being "B" in one test says nothing about the next one).

export interface SplitVariant {
  name: string;
  /** Fraction of the experiment's users, in (0, 1]; the shares of an experiment sum to 1. */
  trafficShare: number;
}

/**
 * A uniform number in [0, 1) for (experiment, user): the first 52 bits of SHA-256(`${experimentId}:${userId}`)
 * divided by 2^52 (52 bits fit a double exactly, so every bucket is representable and none is 1).
 */
export function assignmentBucket(experimentId: string, userId: string): number {
  const digest = createHash('sha256').update(`${experimentId}:${userId}`).digest();
  // 4 bytes + 20 bits = 52 bits.
  const high = digest.readUInt32BE(0);
  const low = digest.readUInt32BE(4) >>> 12;
  return (high * 2 ** 20 + low) / 2 ** 52;
}

/**
 * The variant whose slice of the cumulative split [0, s1), [s1, s1+s2), ... contains the bucket.
 * Floating-point sums may stop a hair short of 1: a bucket beyond the last boundary goes to the last variant.
 */
export function pickVariant<V extends SplitVariant>(variants: readonly V[], bucket: number): V {
  if (variants.length === 0) throw new Error('an experiment needs variants');
  let cumulative = 0;
  for (const v of variants) {
    cumulative += v.trafficShare;
    if (bucket < cumulative) return v;
  }
  return variants[variants.length - 1];
}

export function assignVariant<V extends SplitVariant>(experimentId: string, userId: string, variants: readonly V[]): V {
  return pickVariant(variants, assignmentBucket(experimentId, userId));
}
