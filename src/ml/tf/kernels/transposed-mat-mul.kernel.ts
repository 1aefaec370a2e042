// BatchMatMul on wasm with a transpose flag takes a path ~10× slower than the plain one (XNNPACK is only used for
// the non-transposed layout). Backprop of every matMul emits such flags, so we wrap the stock kernel: materialise the
// transpose with the wasm Transpose kernel, then call the stock matMul without flags. Same products and sums, in
// the same order, so results are identical (checked in the spec).
import * as tf from '@tensorflow/tfjs';

interface WasmBackendLike {
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/** Wraps `stock` (the registered wasm BatchMatMul) so that transposed operands are transposed explicitly first. */
export function transposedMatMulConfig(stock: tf.KernelConfig, transpose: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc: tf.KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = args.attrs as unknown as MatMulAttrs;
    if (!transposeA && !transposeB) return stock.kernelFunc(args);
    const backend = args.backend as unknown as WasmBackendLike;
    const swapLast = (t: tf.TensorInfo): tf.TensorInfo => {
      const perm = t.shape.map((_, i) => i);
      const r = perm.length;
      [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
      return transpose.kernelFunc({
        inputs: { x: t },
        backend: args.backend,
        attrs: { perm },
      }) as tf.TensorInfo;
    };
    const a2 = transposeA ? swapLast(a) : a;
    const b2 = transposeB ? swapLast(b) : b;
    try {
      return stock.kernelFunc({
        inputs: { a: a2, b: b2 },
        backend: args.backend,
        attrs: {
          ...(args.attrs as object),
          transposeA: false,
          transposeB: false,
        },
      });
    } finally {
      if (a2 !== a) backend.disposeData(a2.dataId);
      if (b2 !== b) backend.disposeData(b2.dataId);
    }
  };
  return {
    kernelName: tf.BatchMatMul,
    backendName: 'wasm',
    kernelFunc,
    setupFunc: stock.setupFunc,
    disposeFunc: stock.disposeFunc,
  };
}
