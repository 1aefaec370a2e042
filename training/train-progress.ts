import cliProgress from 'cli-progress';

/** What the training job reports while it runs: stages, per-epoch loss, free-form lines. */
export interface TrainProgress {
  stage(name: string): void;
  epoch(model: string, epoch: number, maxEpochs: number, loss: number, validation?: number): void;
  modelDone(model: string): void;
  log(message: string): void;
  close(): void;
}

/** Progress bars with loss and ETA on a TTY; plain timestamped lines otherwise (CI, logs, pipes). */
export function createTrainProgress(stream: NodeJS.WriteStream = process.stderr): TrainProgress {
  return stream.isTTY ? new TtyTrainProgress(stream) : new LineTrainProgress(stream);
}

/** Collects nothing and prints nothing: for tests and embedded callers. */
export const silentTrainProgress: TrainProgress = {
  stage: () => undefined,
  epoch: () => undefined,
  modelDone: () => undefined,
  log: () => undefined,
  close: () => undefined,
};

const fmtLoss = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : String(v));

class LineTrainProgress implements TrainProgress {
  private readonly started = performance.now();
  constructor(private readonly out: NodeJS.WritableStream) {}
  private line(text: string): void {
    this.out.write(`[train ${((performance.now() - this.started) / 1000).toFixed(1).padStart(6)}s] ${text}\n`);
  }
  stage(name: string): void {
    this.line(name);
  }
  epoch(model: string, epoch: number, maxEpochs: number, loss: number, validation?: number): void {
    const val = validation === undefined ? '' : ` val ndcg@10 ${validation.toFixed(4)}`;
    this.line(`${model} epoch ${epoch}/${maxEpochs} loss ${fmtLoss(loss)}${val}`);
  }
  modelDone(model: string): void {
    this.line(`${model} done`);
  }
  log(message: string): void {
    this.line(message);
  }
  close(): void {}
}

class TtyTrainProgress implements TrainProgress {
  private readonly bars = new cliProgress.MultiBar(
    {
      format: ' {model} |{bar}| epoch {value}/{total} · loss {loss} · val {val} · ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      etaBuffer: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  private readonly byModel = new Map<string, cliProgress.SingleBar>();

  constructor(private readonly out: NodeJS.WriteStream) {}

  stage(name: string): void {
    this.bars.log(`• ${name}\n`);
  }
  epoch(model: string, epoch: number, maxEpochs: number, loss: number, validation?: number): void {
    let bar = this.byModel.get(model);
    const payload = { model: model.padEnd(13), loss: fmtLoss(loss), val: validation?.toFixed(4) ?? '—' };
    if (!bar) {
      bar = this.bars.create(maxEpochs, 0, payload);
      this.byModel.set(model, bar);
    }
    bar.update(epoch, payload);
  }
  modelDone(model: string): void {
    const bar = this.byModel.get(model);
    // Early stopping ends before the last epoch: close the bar at the epoch reached.
    if (bar) bar.setTotal(bar.getProgress() > 0 ? Math.round(bar.getProgress() * bar.getTotal()) : bar.getTotal());
    bar?.stop();
  }
  log(message: string): void {
    this.bars.log(`  ${message}\n`);
  }
  close(): void {
    this.bars.stop();
    void this.out;
  }
}
