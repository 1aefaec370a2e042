// UnsortedSegmentSum as a plain scatter-add: out[ids[i], :] += x[i, :].
// It is the gradient of `gather` (embedding lookup). Stock TF.js 4.22 has no wasm kernel for it at all, and the cpu
// kernel builds four tensor ops per segment (O(numSegments) ops: tens of seconds per step for a catalog of a few thousand items). One linear pass over
// the rows gives the same sums (same order of additions per segment, so identical float results).
import * as tf from '@tensorflow/tfjs';

type TypedArray = Float32Array | Int32Array;

/** What the kernel needs from the cpu backend (MathBackendCPU). */
interface CpuBackendLike {
  data: { get(dataId: tf.DataId): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: unknown): tf.TensorInfo;
}

/** What the kernel needs from the wasm backend (BackendWasm). */
interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): TypedArray | Uint8Array;
}

/** The scatter-add itself, on plain arrays: exported for unit tests and reuse. */
export function scatterAddRows(
  x: ArrayLike<number>,
  ids: ArrayLike<number>,
  rowSize: number,
  numSegments: number,
  out: TypedArray,
): void {
  out.fill(0);
  const n = ids.length;
  for (let i = 0; i < n; i++) {
    const seg = ids[i];
    // Out-of-range ids are dropped, as in TensorFlow.
    if (seg < 0 || seg >= numSegments) continue;
    const src = i * rowSize;
    const dst = seg * rowSize;
    for (let j = 0; j < rowSize; j++) out[dst + j] += x[src + j];
  }
}

function outShape(x: tf.TensorInfo, segmentIds: tf.TensorInfo, numSegments: number): number[] {
  return [numSegments, ...x.shape.slice(segmentIds.shape.length)];
}

function rowSizeOf(x: tf.TensorInfo, segmentIds: tf.TensorInfo): number {
  return x.shape.slice(segmentIds.shape.length).reduce((a, b) => a * b, 1);
}

const cpuKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as {
    x: tf.TensorInfo;
    segmentIds: tf.TensorInfo;
  };
  const numSegments = (attrs as unknown as { numSegments: number }).numSegments;
  const cpu = backend as unknown as CpuBackendLike;
  const xv = cpu.data.get(x.dataId).values as TypedArray;
  const ids = cpu.data.get(segmentIds.dataId).values as TypedArray;
  const shape = outShape(x, segmentIds, numSegments);
  const rowSize = rowSizeOf(x, segmentIds);
  const out = x.dtype === 'int32' ? new Int32Array(numSegments * rowSize) : new Float32Array(numSegments * rowSize);
  scatterAddRows(xv, ids, rowSize, numSegments, out);
  return cpu.makeTensorInfo(shape, x.dtype, out);
};

const wasmKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, segmentIds } = inputs as {
    x: tf.TensorInfo;
    segmentIds: tf.TensorInfo;
  };
  const numSegments = (attrs as unknown as { numSegments: number }).numSegments;
  const wasm = backend as unknown as WasmBackendLike;
  // Allocate first: growing the wasm heap detaches earlier views of it.
  const out = wasm.makeOutput(outShape(x, segmentIds, numSegments), x.dtype);
  const outValues = wasm.typedArrayFromHeap(out) as TypedArray;
  const xv = wasm.typedArrayFromHeap(x) as TypedArray;
  const ids = wasm.typedArrayFromHeap(segmentIds) as TypedArray;
  scatterAddRows(xv, ids, rowSizeOf(x, segmentIds), numSegments, outValues);
  return out;
};

export function scatterAddSegmentSumConfig(backendName: 'cpu' | 'wasm'): tf.KernelConfig {
  return {
    kernelName: tf.UnsortedSegmentSum,
    backendName,
    kernelFunc: backendName === 'cpu' ? cpuKernel : wasmKernel,
  };
}
