/* global document */
// Inline SVG charts, no library: horizontal grouped bars with optional confidence whiskers.

const NS = 'http://www.w3.org/2000/svg';
const COLORS = ['#2f6fdf', '#e07b24', '#2a9d6f', '#b0478f', '#7a6cd8', '#8a8f98'];

function el(name, attrs = {}, text) {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * rows: [{ label, values: [{ value, lo?, hi? }] }] — one value per series.
 * series: names for the legend. format: number → label text.
 * Returns an <svg> sized to its content (width 100% of the container via viewBox).
 */
export function barChart({ rows, series = ['value'], format = (v) => String(v), title = '' }) {
  const labelWidth = 190;
  const valueWidth = 70;
  const plotWidth = 420;
  const barHeight = 14;
  const gap = 3;
  const rowHeight = series.length * (barHeight + gap) + 8;
  const legendHeight = series.length > 1 ? 22 : 0;
  const height = legendHeight + rows.length * rowHeight + 8;
  const width = labelWidth + plotWidth + valueWidth;
  const max = Math.max(
    1e-12,
    ...rows.flatMap((r) => r.values.map((v) => Math.max(v?.value ?? 0, v?.hi ?? 0))).filter(Number.isFinite),
  );
  const x = (v) => labelWidth + (Math.max(0, v) / max) * plotWidth;

  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart', 'aria-label': title });
  if (title) svg.append(el('title', {}, title));
  series.forEach((name, i) => {
    if (series.length < 2) return;
    svg.append(el('rect', { x: labelWidth + i * 140, y: 4, width: 12, height: 12, fill: COLORS[i % COLORS.length] }));
    svg.append(el('text', { x: labelWidth + i * 140 + 16, y: 14, class: 'legend' }, name));
  });
  rows.forEach((row, r) => {
    const top = legendHeight + r * rowHeight + 4;
    svg.append(
      el('text', { x: labelWidth - 8, y: top + rowHeight / 2, class: 'label', 'text-anchor': 'end' }, row.label),
    );
    row.values.forEach((v, i) => {
      if (!v || !Number.isFinite(v.value)) return;
      const y = top + i * (barHeight + gap);
      const bar = el('rect', {
        x: labelWidth,
        y,
        width: Math.max(1, x(v.value) - labelWidth),
        height: barHeight,
        fill: COLORS[i % COLORS.length],
        class: 'bar',
      });
      bar.append(el('title', {}, `${row.label} · ${series[i]}: ${format(v.value)}`));
      svg.append(bar);
      if (Number.isFinite(v.lo) && Number.isFinite(v.hi)) {
        const mid = y + barHeight / 2;
        const attrs = { stroke: '#222', 'stroke-width': 1.2, class: 'whisker' };
        svg.append(el('line', { ...attrs, x1: x(v.lo), x2: x(v.hi), y1: mid, y2: mid }));
        svg.append(el('line', { ...attrs, x1: x(v.lo), x2: x(v.lo), y1: y + 2, y2: y + barHeight - 2 }));
        svg.append(el('line', { ...attrs, x1: x(v.hi), x2: x(v.hi), y1: y + 2, y2: y + barHeight - 2 }));
      }
      const end = Number.isFinite(v.hi) ? x(v.hi) : x(v.value);
      svg.append(
        el(
          'text',
          { x: Math.min(end + 4, labelWidth + plotWidth + 4), y: y + barHeight - 3, class: 'value' },
          format(v.value),
        ),
      );
    });
  });
  return svg;
}
