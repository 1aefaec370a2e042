import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { TrainingReport } from './training-report.js';

// Charts are rendered to static SVG at training time (vega-lite → vega, headless 'none' renderer):
// the report opens offline, without the service or any script.

async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function lossCurvesSvg(report: TrainingReport): Promise<string | null> {
  const values = report.lossCurves.flatMap((c) => c.losses.map((loss, i) => ({ model: c.model, epoch: i + 1, loss })));
  if (values.length === 0) return null;
  return toSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Training loss per epoch',
    width: 520,
    height: 240,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
      y: { field: 'loss', type: 'quantitative', title: 'loss', scale: { zero: false } },
      color: { field: 'model', type: 'nominal' },
    },
  });
}

export async function metricsBarsSvg(report: TrainingReport, metric: string): Promise<string | null> {
  const values = report.results.flatMap(({ kind, result }) =>
    result.settings.map((s) => ({
      scorer: result.scorer,
      kind,
      setting: `${s.setting} items`,
      value: s.metrics[metric],
    })),
  );
  if (values.length === 0) return null;
  return toSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${metric} per scorer`,
    data: { values },
    facet: { column: { field: 'setting', type: 'nominal', title: null } },
    spec: {
      width: 260,
      height: 22 * report.results.length,
      mark: 'bar',
      encoding: {
        y: { field: 'scorer', type: 'nominal', sort: '-x', title: null },
        x: { field: 'value', type: 'quantitative', title: metric },
        color: { field: 'kind', type: 'nominal', scale: { domain: ['served', 'model', 'baseline'] } },
        tooltip: [{ field: 'value', format: '.4f' }],
      },
    },
  });
}
