import type { TrainProgress } from './train-progress.js';

export interface StageTiming {
  stage: string;
  seconds: number;
}

/** Announces each stage of the training job on the progress display and records how long it took. */
export class StageTimer {
  private readonly recorded: StageTiming[] = [];

  constructor(private readonly progress: TrainProgress) {}

  async run<T>(stage: string, fn: () => Promise<T> | T): Promise<T> {
    this.progress.stage(stage);
    const started = performance.now();
    const out = await fn();
    this.recorded.push({ stage, seconds: (performance.now() - started) / 1000 });
    return out;
  }

  /** The stages finished so far, in order (a copy: later stages do not change it). */
  timings(): StageTiming[] {
    return [...this.recorded];
  }
}
