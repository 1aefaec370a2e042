// Stage "write artifact": the bundle and its report (JSON for tools, Markdown and HTML for people) in one folder.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { saveBundle, type ModelBundle } from '../../src/ml/artifact/model-bundle.js';
import { renderReportHtml } from '../../src/ml/report/render-report-html.js';
import { renderReportMarkdown } from '../../src/ml/report/render-report-markdown.js';
import type { TrainingReport } from '../../src/ml/report/training-report.js';

export async function writeArtifact(artifactDir: string, bundle: ModelBundle, report: TrainingReport): Promise<void> {
  await mkdir(artifactDir, { recursive: true });
  await writeReport(artifactDir, report);
  await saveBundle(artifactDir, bundle);
}

/** The report in its three forms; written again once the stages after registration have added their sections. */
export async function writeReport(artifactDir: string, report: TrainingReport): Promise<void> {
  await writeFile(join(artifactDir, 'report.json'), JSON.stringify(report, null, 1));
  await writeFile(join(artifactDir, 'report.md'), renderReportMarkdown(report));
  await writeFile(join(artifactDir, 'report.html'), await renderReportHtml(report));
}
