/* global document, setTimeout, clearTimeout */
// Small DOM helpers shared by the panels (no framework).

export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) node.append(c);
  return node;
}

export function fmt(value) {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return value.toLocaleString('en');
    return Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(4);
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(fmt).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export const pct = (v) => (Number.isFinite(v) ? `${(v * 100).toFixed(2)}%` : '–');

/** A table from row objects; `columns` are keys or { key, label, render }. */
export function table(rows, columns, { onRowClick, testId } = {}) {
  const cols = columns.map((c) => (typeof c === 'string' ? { key: c, label: c } : c));
  const body = rows.map((row, i) =>
    h(
      'tr',
      onRowClick ? { class: 'clickable', tabindex: 0, onclick: () => onRowClick(row, i) } : {},
      cols.map((c) => h('td', { dataset: { col: c.key } }, c.render ? c.render(row, i) : fmt(row[c.key]))),
    ),
  );
  return h(
    'table',
    { 'data-testid': testId },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        cols.map((c) => h('th', {}, c.label)),
      ),
    ),
    h('tbody', {}, body),
  );
}

/** Scalar fields of an object, for generic tables. */
export function scalarKeys(rows) {
  const keys = new Set();
  for (const r of rows)
    for (const [k, v] of Object.entries(r ?? {})) if (v === null || typeof v !== 'object') keys.add(k);
  return [...keys];
}

export function setStatus(node, text, kind = 'info') {
  node.textContent = text;
  node.className = `status ${kind}`;
  node.hidden = !text;
}

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Marks a panel as unavailable because the server does not offer its operation (yet). */
export function unavailable(panel, message) {
  panel.classList.add('unavailable');
  panel.querySelector('.panel-body')?.replaceChildren(h('p', { class: 'note', 'data-testid': 'unavailable' }, message));
}
