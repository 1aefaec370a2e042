import { useState } from 'preact/hooks';
import { gql, OPS } from '../api.js';
import { download, toCsv } from '../csv.js';
import { fmtInt, fmtMoney, fmtPct, fmtScore, segmentLabel } from '../format.js';
import { Empty, ErrorNote, html, Loading, Table, useAsync } from '../ui.js';

const TIERS = [
  ['high', 'High value'],
  ['medium', 'Medium value'],
  ['low', 'Low value'],
];
const RISKS = [
  [false, 'safe'],
  [true, 'at risk'],
];
const cellId = (segment, tier, atRisk) => `cell-${segment}-${tier}-${atRisk ? 'risk' : 'safe'}`;

/**
 * Customers by RFM segment × predicted value × risk (from the last training run), the customers of a cell, and
 * the audience builder: who is most likely to buy given items or a category soon.
 */
export function CustomerValue() {
  const matrix = useAsync(
    (signal) => gql(OPS.customerValueMatrix, {}, { signal }).then((d) => d.customerValueMatrix),
    [],
  );
  const [cell, setCell] = useState(null);
  const cells = matrix.data;
  return html`<section class="view" data-testid="view-value">
    <header class="view-head"><h2>Customer value</h2></header>
    <${ErrorNote} error=${matrix.error} retry=${matrix.reload} />
    ${matrix.loading && !cells ? html`<${Loading} />` : null}
    ${
      cells && cells.length === 0
        ? html`<${Empty} testId="value-empty"
            >No predictions yet: <code>tailor train</code> predicts each customer's value and risk after its segments.<//
          >`
        : null
    }
    ${cells && cells.length > 0 ? html`<${Matrix} cells=${cells} selected=${cell} onSelect=${setCell} />` : null}
    ${cell ? html`<${CellMembers} cell=${cell} />` : null}
    <${AudienceBuilder} />
  </section>`;
}

function Matrix({ cells, selected, onSelect }) {
  const count = new Map(cells.map((c) => [cellId(c.segment, c.valueTier, c.atRisk), c.users]));
  const segments = [...new Set(cells.map((c) => c.segment))];
  const total = cells.reduce((s, c) => s + c.users, 0);
  return html`<section class="panel">
    <h3>Segment × value × risk <span class="meta" data-testid="value-total">${fmtInt(total)} customers</span></h3>
    <p class="meta">
      Value tier by predicted CLV (high: the top 10 %, medium: the upper half); at risk: the lowest fifth by probability
      of still being active. Click a number to list its customers.
    </p>
    <div class="table-wrap">
      <table class="value-matrix" data-testid="value-matrix">
        <thead>
          <tr>
            <th scope="col">RFM segment</th>
            ${TIERS.map(([, label]) => html`<th scope="colgroup" colspan="2" class="num">${label}</th>`)}
          </tr>
          <tr>
            <th></th>
            ${TIERS.map(() => RISKS.map(([, label]) => html`<th scope="col" class="num">${label}</th>`))}
          </tr>
        </thead>
        <tbody>
          ${segments.map(
            (segment) =>
              html`<tr key=${segment}>
                <th scope="row">${segmentLabel(segment)}</th>
                ${TIERS.map(([tier]) =>
                  RISKS.map(([atRisk]) => {
                    const id = cellId(segment, tier, atRisk);
                    const n = count.get(id) ?? 0;
                    const active = selected && cellId(selected.segment, selected.valueTier, selected.atRisk) === id;
                    return html`<td class=${`num ${atRisk ? 'risk' : ''} ${active ? 'active' : ''}`}>
                      ${
                        n > 0
                          ? html`<button
                              type="button"
                              class="link"
                              data-testid=${id}
                              onClick=${() => onSelect({ segment, valueTier: tier, atRisk, users: n })}
                            >
                              ${fmtInt(n)}
                            </button>`
                          : html`<span class="meta">0</span>`
                      }
                    </td>`;
                  }),
                )}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
  </section>`;
}

function CellMembers({ cell }) {
  const members = useAsync(
    (signal) =>
      gql(
        OPS.customerValueCell,
        { segment: cell.segment, valueTier: cell.valueTier, atRisk: cell.atRisk },
        { signal },
      ).then((d) => d.customerValueCell),
    [cell.segment, cell.valueTier, cell.atRisk],
  );
  const tier = TIERS.find(([t]) => t === cell.valueTier)[1];
  const m = members.data;
  return html`<section class="panel" data-testid="cell-members">
    <h3>
      ${segmentLabel(cell.segment)} · ${tier} · ${cell.atRisk ? 'at risk' : 'safe'}
      ${m ? html`<span class="meta" data-testid="cell-count">${fmtInt(m.total)} customers, highest CLV first</span>` : null}
    </h3>
    <${ErrorNote} error=${members.error} retry=${members.reload} />
    ${members.loading && !m ? html`<${Loading} />` : null}
    ${
      m
        ? html`<${Table}
            testId="cell-table"
            rowKey=${(r) => r.userId}
            rows=${m.members}
            onRow=${(r) => (window.location.hash = `customers/${encodeURIComponent(r.userId)}`)}
            columns=${[
              { key: 'userId', label: 'Customer' },
              { key: 'clv', label: 'CLV', num: true, render: (r) => fmtMoney(r.clv) },
              { key: 'alive', label: 'P(active)', num: true, render: (r) => fmtPct(r.probabilityAlive) },
              { key: 'orders', label: 'Expected orders', num: true, render: (r) => fmtScore(r.expectedPurchases) },
              { key: 'monetary', label: 'Spent so far', num: true, render: (r) => fmtMoney(r.monetary) },
              { key: 'segment', label: 'Value segment', render: (r) => segmentLabel(r.valueSegment) },
            ]}
          />`
        : null
    }
  </section>`;
}

const AUDIENCE_CSV = [
  ['userId', 'customer'],
  ['score', 'score'],
  ['itemId', 'item'],
  ['reason', 'reason'],
];

const audienceSummary = (a) =>
  `${fmtInt(a.members.length)} customers of ${fmtInt(a.customersScored)} scored (model ${a.modelVersion}, ` +
  `${fmtInt(a.horizonDays)} days); left out: ${fmtInt(a.excluded.recentPurchase)} recent buyers, ` +
  `${fmtInt(a.excluded.optedOut)} opted out, ${fmtInt(a.excluded.contactCap)} at a contact cap.`;

function AudienceBuilder() {
  const [state, setState] = useState({ audience: null, error: null, loading: false, request: null });
  const submit = async (e) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const ids = String(f.get('items') ?? '')
      .split(/[\s,]+/)
      .filter(Boolean);
    const category = String(f.get('category') ?? '').trim();
    const input = {
      ...(ids.length > 0 ? { itemIds: ids } : { category: category || null }),
      horizonDays: Number(f.get('horizon')),
      size: Number(f.get('size')),
    };
    setState({ audience: null, error: null, loading: true, request: input });
    try {
      const d = await gql(OPS.audience, { input });
      setState({ audience: d.audience, error: null, loading: false, request: input });
    } catch (err) {
      setState({ audience: null, error: err, loading: false, request: input });
    }
  };
  const a = state.audience;
  const save = () => {
    const target = state.request.itemIds ? state.request.itemIds.join('-') : state.request.category;
    const name = `audience-${target}-${a.horizonDays}d.csv`.replace(/[^\w.-]+/g, '_');
    download(name, toCsv(AUDIENCE_CSV, a.members));
  };
  return html`<section class="panel" data-testid="audience-builder">
    <h3>Audience builder</h3>
    <p class="meta">
      The customers most likely to buy these items (or any item of a category) within the horizon, from the served
      model read in reverse; customers who bought them within the horizon, refused personalisation or reached a contact
      cap are left out.
    </p>
    <form class="row-fields" onSubmit=${submit} data-testid="audience-form">
      <label>Item ids <input name="items" placeholder="85123A, 71053" data-testid="audience-items" /></label>
      <label>or category <input name="category" placeholder="kitchen" data-testid="audience-category" /></label>
      <label
        >Horizon (days)
        <input name="horizon" type="number" min="1" max="365" defaultValue="30" required data-testid="audience-horizon"
      /></label>
      <label
        >Size <input name="size" type="number" min="1" max="1000" defaultValue="100" required data-testid="audience-size"
      /></label>
      <button type="submit" data-testid="audience-submit">Build</button>
    </form>
    <${ErrorNote} error=${state.error} />
    ${state.loading ? html`<${Loading} what="Scoring customers" />` : null}
    ${
      a
        ? html`<p class="meta" data-testid="audience-summary">${audienceSummary(a)}</p>
            <div class="actions">
              <button type="button" class="secondary" data-testid="audience-csv" onClick=${save}>Download CSV</button>
            </div>
            ${
              a.members.length === 0
                ? html`<${Empty} testId="audience-none">Nobody qualifies for this audience.<//>`
                : html`<${Table}
                    testId="audience-table"
                    rowKey=${(r) => r.userId}
                    rows=${a.members}
                    onRow=${(r) => (window.location.hash = `customers/${encodeURIComponent(r.userId)}`)}
                    columns=${[
                      { key: 'userId', label: 'Customer' },
                      { key: 'score', label: 'Score', num: true, render: (r) => fmtScore(r.score) },
                      { key: 'itemId', label: 'Item to pitch' },
                      { key: 'reason', label: 'Reason' },
                    ]}
                  />`
            }`
        : null
    }
  </section>`;
}
