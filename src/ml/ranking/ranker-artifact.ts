// The ranker in an artifact directory:
//   ranker.json  feature names, pool sizes, item statistics, and per head the layer shapes with byte offsets and
//                the byte offset of its input range
//   ranker.bin   every layer's weights then biases, then the input range's minima and maxima, Float32
//                little-endian, in the order ranker.json lists them
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CandidatePoolParams } from './candidate-pool.js';
import { ItemStatistics } from './item-statistics.js';
import { LearnedRanker, type RankerHead } from './learned-ranker.js';
import type { DenseLayer, NetworkWeights } from './ranker-network.js';

interface LayerEntry {
  rows: number;
  cols: number;
  offset: number;
}

interface RankerFile {
  featureNames: string[];
  pool: CandidatePoolParams;
  stats: unknown;
  heads: Partial<Record<RankerHead, LayerEntry[]>>;
  /** Byte offset per head of its input range (minima, then maxima), when it has one. */
  inputRanges?: Partial<Record<RankerHead, number>>;
}

export async function saveRanker(dir: string, ranker: LearnedRanker): Promise<void> {
  const parts: Float32Array[] = [];
  let offset = 0;
  const heads: RankerFile['heads'] = {};
  const inputRanges: NonNullable<RankerFile['inputRanges']> = {};
  for (const [head, net] of Object.entries(ranker.heads) as [RankerHead, NetworkWeights][]) {
    heads[head] = net.layers.map((l) => {
      const entry = { rows: l.rows, cols: l.cols, offset };
      parts.push(l.w, l.b);
      offset += 4 * (l.w.length + l.b.length);
      return entry;
    });
    if (net.inputRange) {
      inputRanges[head] = offset;
      parts.push(net.inputRange.min, net.inputRange.max);
      offset += 8 * net.inputRange.min.length;
    }
  }
  const file: RankerFile = {
    featureNames: [...ranker.featureNames],
    pool: ranker.pool,
    stats: ranker.stats.toJSON(),
    heads,
    inputRanges,
  };
  await writeFile(
    join(dir, 'ranker.bin'),
    Buffer.concat(parts.map((p) => new Uint8Array(p.buffer, p.byteOffset, p.byteLength))),
  );
  await writeFile(join(dir, 'ranker.json'), JSON.stringify(file));
}

export async function loadRanker(dir: string): Promise<LearnedRanker> {
  const file = JSON.parse(await readFile(join(dir, 'ranker.json'), 'utf8')) as RankerFile;
  const raw = await readFile(join(dir, 'ranker.bin'));
  const aligned = new Uint8Array(raw.byteLength);
  aligned.set(raw);
  const floats = (byteOffset: number, length: number) => {
    if (byteOffset + 4 * length > aligned.byteLength) throw new Error(`artifact ${dir}: ranker.bin is too short`);
    return new Float32Array(aligned.buffer, byteOffset, length);
  };
  const heads: Partial<Record<RankerHead, NetworkWeights>> = {};
  for (const [head, layers] of Object.entries(file.heads) as [RankerHead, LayerEntry[]][]) {
    if (layers.length !== 3) throw new Error(`artifact ${dir}: ranker head ${head} needs 3 layers`);
    const rangeOffset = file.inputRanges?.[head];
    const F = layers[0].rows;
    heads[head] = {
      layers: layers.map((l): DenseLayer => ({
        rows: l.rows,
        cols: l.cols,
        w: floats(l.offset, l.rows * l.cols),
        b: floats(l.offset + 4 * l.rows * l.cols, l.cols),
      })) as NetworkWeights['layers'],
      ...(rangeOffset === undefined
        ? {}
        : { inputRange: { min: floats(rangeOffset, F), max: floats(rangeOffset + 4 * F, F) } }),
    };
  }
  return new LearnedRanker(heads, file.pool, ItemStatistics.fromJSON(file.stats), file.featureNames);
}
