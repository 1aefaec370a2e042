// Save/load of trained model weights without tfjs-node (whose file:// handler is unavailable here): a directory
// with `<name>.json` (model kind, hyper-parameters, non-tensor fields, and a tensor index with byte offsets) and
// `<name>.weights.bin` (the Float32Array fields, little-endian, concatenated). Reading and writing files is I/O:
// callers (the training job's repository, the model loader) decide where the directory lives.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CollaborativeModel, type CollaborativeWeights } from '../models/collaborative-model.js';
import { ContentModel, type ContentWeights } from '../models/content-model.js';
import { SequenceModel, type SequenceWeights } from '../models/sequence-model.js';

export type TrainedModel = CollaborativeModel | ContentModel | SequenceModel;
export type ModelKind = 'collaborative' | 'content' | 'sequence';

export const ARTIFACT_FORMAT_VERSION = 1;

interface TensorEntry {
  name: string;
  offset: number;
  length: number;
}

export interface WeightsManifest {
  format: number;
  kind: ModelKind;
  hyperParams: unknown;
  fields: Record<string, unknown>;
  tensors: TensorEntry[];
}

function kindOf(model: TrainedModel): ModelKind {
  return model.name as ModelKind;
}

/** Splits a weights object into JSON fields and one binary buffer of its Float32Array fields. */
export function encodeWeights(
  kind: ModelKind,
  hyperParams: unknown,
  weights: object,
): { manifest: WeightsManifest; binary: Uint8Array } {
  const fields: Record<string, unknown> = {};
  const arrays: [string, Float32Array][] = [];
  for (const [key, value] of Object.entries(weights)) {
    if (value instanceof Float32Array) arrays.push([key, value]);
    else fields[key] = value;
  }
  const total = arrays.reduce((s, [, a]) => s + a.length, 0);
  const all = new Float32Array(total);
  const tensors: TensorEntry[] = [];
  let offset = 0;
  for (const [name, a] of arrays) {
    all.set(a, offset);
    tensors.push({ name, offset, length: a.length });
    offset += a.length;
  }
  return {
    manifest: { format: ARTIFACT_FORMAT_VERSION, kind, hyperParams, fields, tensors },
    binary: new Uint8Array(all.buffer),
  };
}

export function decodeWeights(manifest: WeightsManifest, binary: Uint8Array): Record<string, unknown> {
  // Copy into an aligned buffer: a Buffer from readFile may start at any byte offset.
  const aligned = new Uint8Array(binary.byteLength);
  aligned.set(binary);
  const all = new Float32Array(aligned.buffer);
  const out: Record<string, unknown> = { ...manifest.fields };
  for (const t of manifest.tensors) out[t.name] = all.slice(t.offset, t.offset + t.length);
  return out;
}

export function modelFromWeights(manifest: WeightsManifest, binary: Uint8Array): TrainedModel {
  if (manifest.format !== ARTIFACT_FORMAT_VERSION) throw new Error(`unsupported artifact format ${manifest.format}`);
  const w = decodeWeights(manifest, binary);
  switch (manifest.kind) {
    case 'collaborative':
      return CollaborativeModel.fromWeights(w as unknown as CollaborativeWeights, manifest.hyperParams as object);
    case 'content':
      return ContentModel.fromWeights(w as unknown as ContentWeights, manifest.hyperParams as object);
    case 'sequence':
      return SequenceModel.fromWeights(w as unknown as SequenceWeights, manifest.hyperParams as object);
    default:
      throw new Error(`unknown model kind ${String(manifest.kind)}`);
  }
}

/** Writes `<dir>/<name>.json` and `<dir>/<name>.weights.bin` (name defaults to the model's kind). */
export async function saveModel(dir: string, model: TrainedModel, name: string = kindOf(model)): Promise<void> {
  const { manifest, binary } = encodeWeights(kindOf(model), model.hyperParams, model.weights());
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${name}.weights.bin`), binary);
  await writeFile(join(dir, `${name}.json`), JSON.stringify(manifest));
}

export async function loadModel(dir: string, name: string): Promise<TrainedModel> {
  const manifest = JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8')) as WeightsManifest;
  const binary = await readFile(join(dir, `${name}.weights.bin`));
  return modelFromWeights(manifest, binary);
}
