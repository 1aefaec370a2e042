// TF.js backend selection: tfjs-node (native, when installed) → wasm (SIMD, single-threaded in Node) → cpu.
// tfjs-node is an optional dependency whose install downloads libtensorflow, so it is often absent:
// importing it then throws and we fall back. The wasm backend runs single-threaded in Node, with SIMD detected on its own.
import * as tf from '@tensorflow/tfjs';

export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

export interface InitTfOptions {
  /** Backend to try first; later ones in the chain are tried if it fails. Default: 'tensorflow' (tfjs-node). */
  preferred?: TfBackendName;
  /** Where to report the chosen backend. Default: console.info. Pass `() => {}` to silence. */
  log?: (message: string) => void;
}

const CHAIN: TfBackendName[] = ['tensorflow', 'wasm', 'cpu'];
let initialising: Promise<TfBackendName> | null = null;

/** Selects and initialises a backend; returns its name. Safe to call many times (later calls reuse the first result
 * unless `preferred` names a different, available backend). */
export async function initTf(options: InitTfOptions = {}): Promise<TfBackendName> {
  const log = options.log ?? ((m: string) => console.info(m));
  if (initialising && (!options.preferred || options.preferred === tf.getBackend())) return initialising;
  const previous = initialising;
  initialising = (async () => {
    if (previous) await previous.catch(() => undefined);
    // The preferred backend first, then the usual chain.
    const order = options.preferred ? [options.preferred, ...CHAIN.filter((b) => b !== options.preferred)] : CHAIN;
    const failures: string[] = [];
    for (const name of order) {
      try {
        if (await tryBackend(name)) {
          log(`tfjs backend: ${name}${failures.length ? ` (unavailable: ${failures.join('; ')})` : ''}`);
          return name;
        }
        failures.push(`${name}: setBackend returned false`);
      } catch (err) {
        failures.push(`${name}: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    throw new Error(`no TF.js backend could be initialised: ${failures.join('; ')}`);
  })();
  return initialising;
}

async function tryBackend(name: TfBackendName): Promise<boolean> {
  if (tf.getBackend() === name) return true;
  if (name === 'tensorflow') {
    // A variable specifier keeps TypeScript from requiring the optional package's types.
    const pkg = '@tensorflow/tfjs-node';
    await import(pkg);
  } else if (name === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
  }
  if (!tf.findBackendFactory(name)) return false;
  const ok = await tf.setBackend(name);
  await tf.ready();
  return ok;
}
