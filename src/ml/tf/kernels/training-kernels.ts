// Registers the kernel fixes that make embedding training usable on TF.js:
// - UnsortedSegmentSum (gradient of gather) as a scatter-add on cpu and wasm;
// - wasm BatchMatMul with transpose flags rewritten as explicit transpose + plain matMul;
// - the UnsortedSegmentSum gradient (of every bag-of-items pooling) as gather × mask instead of logicalAnd + select.
// Idempotent; `unregisterTrainingKernels()` restores the stock kernels (used by specs and the benchmark).
import * as tf from '@tensorflow/tfjs';
import { scatterAddSegmentSumConfig } from './scatter-add-segment-sum.kernel.js';
import { transposedMatMulConfig } from './transposed-mat-mul.kernel.js';
import { maskedSegmentSumGradConfig } from './segment-sum-gradient.js';

const saved: {
  kernelName: string;
  backendName: string;
  stock: tf.KernelConfig | undefined;
}[] = [];
let registered = false;
let stockSegmentSumGrad: tf.GradConfig | null = null;

export interface TrainingKernelOptions {
  /** Register the scatter-add UnsortedSegmentSum. Default true. */
  segmentSum?: boolean;
  /** Register the wasm transposed-matMul workaround. Default true. */
  transposedMatMul?: boolean;
  /** Replace the UnsortedSegmentSum gradient with the mask-multiply version (segment-sum-gradient.ts). Default true. */
  segmentSumGradient?: boolean;
}

function replace(config: tf.KernelConfig): void {
  const stock = tf.getKernel(config.kernelName, config.backendName);
  if (stock) tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
  saved.push({
    kernelName: config.kernelName,
    backendName: config.backendName,
    stock,
  });
}

/** Registers the fixes for the cpu and wasm backends (wasm only if its package has been imported). */
export function registerTrainingKernels(options: TrainingKernelOptions = {}): void {
  if (registered) return;
  if (options.segmentSum !== false) {
    replace(scatterAddSegmentSumConfig('cpu'));
    if (tf.findBackendFactory('wasm')) replace(scatterAddSegmentSumConfig('wasm'));
  }
  if (options.transposedMatMul !== false && tf.findBackendFactory('wasm')) {
    const stockMatMul = tf.getKernel(tf.BatchMatMul, 'wasm');
    const transpose = tf.getKernel(tf.Transpose, 'wasm');
    if (stockMatMul && transpose) replace(transposedMatMulConfig(stockMatMul, transpose));
  }
  if (options.segmentSumGradient !== false) {
    stockSegmentSumGrad = tf.getGradient(tf.UnsortedSegmentSum) ?? null;
    tf.registerGradient(maskedSegmentSumGradConfig);
  }
  registered = true;
}

/** Restores the stock kernels (or removes ours where there was none). */
export function unregisterTrainingKernels(): void {
  while (saved.length) {
    const { kernelName, backendName, stock } = saved.pop()!;
    tf.unregisterKernel(kernelName, backendName);
    if (stock) tf.registerKernel(stock);
  }
  if (stockSegmentSumGrad) tf.registerGradient(stockSegmentSumGrad);
  stockSegmentSumGrad = null;
  registered = false;
}
