// Shared building blocks. Preact renders every string as a text node, so catalog and event text (titles,
// reasons, ids) can never become markup: nothing in the dashboard sets innerHTML.

import { h } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import htm from 'htm';

export const html = htm.bind(h);

/** Runs `load(signal)` when `deps` change; a newer run aborts the older one. */
export function useAsync(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    load(controller.signal).then(
      (data) => !controller.signal.aborted && setState({ data, error: null, loading: false }),
      (error) =>
        !controller.signal.aborted && error.name !== 'AbortError' && setState({ data: null, error, loading: false }),
    );
    return () => controller.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export function Table({ columns, rows, testId, onRow, rowKey, caption }) {
  return html`<div class="table-wrap">
    <table data-testid=${testId}>
      ${
        caption
          ? html`<caption>
              ${caption}
            </caption>`
          : null
      }
      <thead>
        <tr>
          ${columns.map((c) => html`<th class=${c.num ? 'num' : ''} scope="col" title=${c.help ?? null}>${c.label}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row, i) =>
            html`<tr
              key=${rowKey ? rowKey(row, i) : i}
              class=${onRow ? 'clickable' : ''}
              tabindex=${onRow ? 0 : null}
              onClick=${onRow ? () => onRow(row, i) : null}
              onKeyDown=${onRow ? (e) => e.key === 'Enter' && onRow(row, i) : null}
            >
              ${columns.map(
                (c) =>
                  html`<td class=${c.num ? 'num' : ''} data-col=${c.key}>
                    ${c.render ? c.render(row, i) : row[c.key]}
                  </td>`,
              )}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

export const Kpi = ({ label, value, hint, testId }) =>
  html`<div class="kpi" data-testid=${testId}>
    <span class="kpi-label">${label}</span
    ><span class="kpi-value">${value}</span>${hint ? html`<span class="kpi-hint">${hint}</span>` : null}
  </div>`;

/** An empty state: what is missing and what to do about it. */
export const Empty = ({ children, testId = 'empty' }) =>
  html`<div class="empty" data-testid=${testId}>${children}</div>`;

const ACTION = {
  UNAUTHENTICATED: 'Your key was refused: forget it (top right) and connect again.',
  FORBIDDEN: 'This needs an admin key.',
  RATE_LIMITED: 'Too many calls with this key: wait a minute, then retry.',
  NETWORK: null,
};

export function ErrorNote({ error, retry }) {
  if (!error) return null;
  const hint = ACTION[error.code];
  return html`<div class="error" role="alert" data-testid="error">
    <strong>Could not load this.</strong> ${error.message}${hint ? html` ${hint}` : null}
    ${retry ? html` <button type="button" class="link" onClick=${retry}>Try again</button>` : null}
  </div>`;
}

export const Loading = ({ what = 'Loading' }) => html`<p class="loading" aria-live="polite">${what}…</p>`;

export function Tabs({ tabs, value, onChange, testId }) {
  return html`<div class="tabs" role="tablist" data-testid=${testId}>
    ${tabs.map(
      (t) =>
        html`<button
          type="button"
          role="tab"
          aria-selected=${t.value === value}
          class=${t.value === value ? 'tab active' : 'tab'}
          data-value=${t.value}
          onClick=${() => onChange(t.value)}
        >
          ${t.label}
        </button>`,
    )}
  </div>`;
}

/**
 * A confirmation step for actions that change what customers see (activate a model, ship a variant, stop an
 * experiment). Returns [dialog, ask]: `ask(title, text, action)` resolves true when confirmed.
 */
export function useConfirm() {
  const [pending, setPending] = useState(null);
  const ref = useRef(null);
  useEffect(() => {
    if (pending && ref.current && !ref.current.open) ref.current.showModal();
  }, [pending]);
  const ask = useCallback(
    (title, text, action) => new Promise((resolve) => setPending({ title, text, action, resolve })),
    [],
  );
  const close = (answer) => {
    pending?.resolve(answer);
    ref.current?.close();
    setPending(null);
  };
  const dialog = pending
    ? html`<dialog ref=${ref} class="confirm" data-testid="confirm-dialog" onCancel=${() => close(false)}>
        <h3>${pending.title}</h3>
        <p>${pending.text}</p>
        <div class="actions">
          <button type="button" class="secondary" onClick=${() => close(false)}>Cancel</button>
          <button type="button" class="danger" data-testid="confirm" onClick=${() => close(true)}>
            ${pending.action}
          </button>
        </div>
      </dialog>`
    : null;
  return [dialog, ask];
}

/** A short-lived message after an action ("Experiment started"). */
export function useNotice() {
  const [notice, setNotice] = useState(null);
  useEffect(() => {
    if (!notice) return undefined;
    const t = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(t);
  }, [notice]);
  const el = notice
    ? html`<p class=${`notice ${notice.kind}`} role="status" data-testid="notice">${notice.text}</p>`
    : null;
  return [el, (text, kind = 'ok') => setNotice({ text, kind })];
}

/** A search box: `onSearch` gets the trimmed text on submit (Enter or the button). */
export function SearchForm({ onSearch, placeholder, label, testId }) {
  const submit = (e) => {
    e.preventDefault();
    onSearch(new FormData(e.currentTarget).get('search').trim());
  };
  return html`<form class="search" onSubmit=${submit} role="search">
    <input name="search" placeholder=${placeholder} aria-label=${label} maxlength="64" data-testid=${testId} />
    <button type="submit">Search</button>
  </form>`;
}

export const Badge = ({ kind, children }) => html`<span class=${`badge b-${kind}`}>${children}</span>`;

/** An item as people know it: its title, with the storefront id beside it. */
export const ItemName = ({ item, href }) =>
  item
    ? html`<span class="item-name"
        >${href ? html`<a href=${href}>${item.title}</a>` : html`<span class="title">${item.title}</span>`}<span
          class="id"
          >${item.id}</span
        ></span
      >`
    : '–';
