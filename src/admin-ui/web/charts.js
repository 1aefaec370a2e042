// Charts. Time series use uPlot (small, canvas, no eval: fits the page's CSP); bars with confidence
// intervals are a few lines of SVG. Labels passed in are our own (measures, placements, variant names are
// drawn as SVG text nodes), never markup.

import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { html } from './ui.js';
import { fmtShortDay } from './format.js';

export const COLORS = ['#2f6fdf', '#e07b24', '#2a9d6f', '#b0478f', '#7a6cd8', '#8a8f98'];

/**
 * days: ['YYYY-MM-DD', …]; series: [{ label, values, fmt, axis: 'left' | 'right', bars }].
 * Fills its container's width and follows it when the window is resized.
 */
export function TimeChart({ days, series, height = 220, testId, title, leftFmt, rightFmt }) {
  const box = useRef(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const xs = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
    const hasRight = series.some((s) => s.axis === 'right');
    const opts = {
      width: Math.max(280, el.clientWidth),
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      scales: {
        x: { time: true },
        left: { auto: true, range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
        right: { auto: true, range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
      },
      axes: [
        { values: (_u, ticks) => ticks.map((t) => fmtShortDay(new Date(t * 1000))), space: 60 },
        { scale: 'left', values: (_u, ticks) => ticks.map((t) => (leftFmt ?? String)(t)), size: 60 },
        ...(hasRight
          ? [
              {
                scale: 'right',
                side: 1,
                grid: { show: false },
                values: (_u, ticks) => ticks.map((t) => (rightFmt ?? String)(t)),
                size: 60,
              },
            ]
          : []),
      ],
      series: [
        { value: (_u, v) => (v === null ? '–' : fmtShortDay(new Date(v * 1000))) },
        ...series.map((s, i) => ({
          label: s.label,
          scale: s.axis === 'right' ? 'right' : 'left',
          stroke: s.color ?? COLORS[i % COLORS.length],
          fill: s.bars ? `${s.color ?? COLORS[i % COLORS.length]}55` : undefined,
          width: 2,
          spanGaps: false,
          paths: s.bars ? uPlot.paths.bars({ size: [0.7, 40] }) : undefined,
          points: { show: days.length <= 45 },
          value: (_u, v) => (v === null || v === undefined ? '–' : (s.fmt ?? String)(v)),
        })),
      ],
    };
    const data = [xs, ...series.map((s) => s.values)];
    const plot = new uPlot(opts, data, el);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [days, series, height]);
  return html`<figure class="chart-box" data-testid=${testId}>
    ${title ? html`<figcaption>${title}</figcaption>` : null}
    <div ref=${box} class="uplot-host" role="img" aria-label=${title ?? 'chart'}></div>
  </figure>`;
}

/**
 * Horizontal bars, optionally with a confidence interval each: rows [{ label, value, low?, high? }].
 * The SVG scales with its container (viewBox), so it never overflows the panel.
 */
export function Bars({ rows, fmt = String, testId, title, color = COLORS[0] }) {
  // Drawn at its natural size at most (a wide panel does not blow its text up); narrower panels scale it down.
  const longest = Math.max(4, ...rows.map((r) => Math.min(18, r.label.length)));
  const labelW = 16 + longest * 8;
  const plotW = 220;
  const valueW = 190;
  const rowH = 30;
  const width = labelW + plotW + valueW;
  const height = rows.length * rowH + 8;
  const max = Math.max(1e-12, ...rows.map((r) => Math.max(r.value ?? 0, r.high ?? 0)).filter(Number.isFinite));
  const min = Math.min(0, ...rows.map((r) => Math.min(r.value ?? 0, r.low ?? 0)).filter(Number.isFinite));
  const x = (v) => labelW + ((v - min) / (max - min)) * plotW;
  return html`<figure class="chart-box" data-testid=${testId}>
    ${title ? html`<figcaption>${title}</figcaption>` : null}
    <svg class="bars" viewBox=${`0 0 ${width} ${height}`} style=${`max-width: ${width}px`} role="img" aria-label=${title ?? 'bar chart'}>
      ${rows.map((r, i) => {
        const y = 4 + i * rowH;
        const hasCi = Number.isFinite(r.low) && Number.isFinite(r.high);
        const label = r.label.length > 18 ? `${r.label.slice(0, 17)}…` : r.label;
        return html`<g key=${i}>
          <text x=${labelW - 8} y=${y + 19} text-anchor="end" class="label"><title>${r.label}</title>${label}</text>
          <rect
            class="bar"
            x=${x(Math.min(0, r.value))}
            y=${y + 3}
            width=${Math.max(1, Math.abs(x(r.value) - x(0)))}
            height=${rowH - 8}
            fill=${r.color ?? color}
          />
          ${
            hasCi
              ? html`<g class="whisker" stroke="#222" stroke-width="1.3">
                  <line x1=${x(r.low)} x2=${x(r.high)} y1=${y + rowH / 2} y2=${y + rowH / 2} />
                  <line x1=${x(r.low)} x2=${x(r.low)} y1=${y + 6} y2=${y + rowH - 6} />
                  <line x1=${x(r.high)} x2=${x(r.high)} y1=${y + 6} y2=${y + rowH - 6} />
                </g>`
              : null
          }
          <text x=${labelW + plotW + 6} y=${y + 19} class="value"
            >${fmt(r.value)}${hasCi ? ` [${fmt(r.low)} – ${fmt(r.high)}]` : ''}</text
          >
        </g>`;
      })}
    </svg>
  </figure>`;
}
