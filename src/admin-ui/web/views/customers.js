import { useState } from 'preact/hooks';
import { gql, OPS } from '../api.js';
import {
  fmtDate,
  fmtDateTime,
  fmtInt,
  fmtMoney,
  fmtRelativeDays,
  PLACEMENTS,
  placementLabel,
  segmentLabel,
} from '../format.js';
import { Empty, ErrorNote, html, ItemName, Kpi, Loading, SearchForm, Table, Tabs, useAsync } from '../ui.js';
import { PlacementPlayground } from './rec-list.js';

const go = (hash) => (window.location.hash = hash);

/** Search a customer (id prefix; empty: the biggest spenders), then open one. */
export function Customers({ id }) {
  return id ? html`<${Customer} id=${id} />` : html`<${CustomerSearch} />`;
}

function CustomerSearch() {
  const [search, setSearch] = useState('');
  const found = useAsync((signal) => gql(OPS.customers, { search }, { signal }).then((d) => d.customers), [search]);
  return html`<section class="view" data-testid="view-customers">
    <header class="view-head"><h2>Customers</h2></header>
    <${SearchForm} onSearch=${setSearch} placeholder="Customer id, or its first digits" label="customer id" testId="customer-search" />
    <p class="meta">
      ${search ? `Customers whose id starts with “${search}”` : 'Biggest spenders (search to find anyone else)'}
    </p>
    <${ErrorNote} error=${found.error} retry=${found.reload} />
    ${found.loading && !found.data ? html`<${Loading} />` : null}
    ${
      found.data && found.data.length === 0
        ? html`<${Empty}
            >${search ? `No customer id starts with “${search}”. Ids are matched from their first character, case-sensitively.` : 'No customer has a segment yet: import orders, then compute segments (`tailor train` does both).'}<//
          >`
        : null
    }
    ${
      found.data?.length
        ? html`<${Table}
            testId="customers-table"
            rowKey=${(r) => r.id}
            onRow=${(r) => go(`#customers/${encodeURIComponent(r.id)}`)}
            rows=${found.data}
            columns=${[
              { key: 'id', label: 'Customer' },
              { key: 'segment', label: 'Segment', render: (r) => segmentLabel(r.segment) },
              { key: 'lifecycle', label: 'Lifecycle', render: (r) => segmentLabel(r.lifecycle) },
              { key: 'orders', label: 'Orders', num: true, render: (r) => fmtInt(r.orders) },
              { key: 'monetary', label: 'Spend', num: true, render: (r) => fmtMoney(r.monetary) },
              { key: 'last', label: 'Last purchase', render: (r) => fmtDate(r.lastPurchaseAt) },
            ]}
          />`
        : null
    }
  </section>`;
}

function Customer({ id }) {
  const [placement, setPlacement] = useState('HOME');
  const profile = useAsync((signal) => gql(OPS.profile, { userId: id }, { signal }).then((d) => d.userProfile), [id]);
  const purchases = useAsync(
    (signal) => gql(OPS.purchases, { userId: id }, { signal }).then((d) => d.customerPurchases),
    [id],
  );
  const p = profile.data;
  return html`<section class="view" data-testid="view-customer">
    <header class="view-head">
      <h2><a href="#customers" class="back">Customers</a> › <span data-testid="customer-id">${id}</span></h2>
    </header>
    <${ErrorNote} error=${profile.error} retry=${profile.reload} />
    ${profile.loading && !profile.data ? html`<${Loading} />` : null}
    ${
      !profile.loading && !profile.error && !p
        ? html`<${Empty}
            >No customer “${id}” is known. Check the id, or look them up by its first digits under <a href="#customers">Customers</a>.<//
          >`
        : null
    }
    <div class="customer-grid">
      ${p ? html`<${Profile} p=${p} />` : html`<div></div>`}
      <section class="panel timeline-panel">
        <h3>Purchase timeline</h3>
        <${ErrorNote} error=${purchases.error} retry=${purchases.reload} />
        ${purchases.data ? html`<${Timeline} lines=${purchases.data} />` : null}
      </section>
    </div>
    <section class="panel customer-lists">
      <h3>What they are shown</h3>
      <${Tabs}
        testId="placement-tabs"
        value=${placement}
        onChange=${setPlacement}
        tabs=${PLACEMENTS.map((x) => ({ value: x, label: placementLabel(x) }))}
      />
      <${PlacementPlayground} key=${`${id}|${placement}`} userId=${id} placement=${placement} />
    </section>
  </section>`;
}

function Profile({ p }) {
  const w = p.nextPurchaseWindow;
  return html`<section class="panel" data-testid="profile">
    <h3>Profile</h3>
    <div class="kpis small">
      <${Kpi}
        testId="profile-segment"
        label="Segment"
        value=${segmentLabel(p.segment)}
        hint=${p.rfm ? `RFM ${p.rfm.code}` : 'no purchase yet'}
      />
      <${Kpi} testId="profile-lifecycle" label="Lifecycle" value=${segmentLabel(p.lifecycle)} />
      <${Kpi}
        testId="profile-orders"
        label="Orders"
        value=${fmtInt(p.rfm?.frequency)}
        hint=${`${fmtInt(p.purchaseCount)} order lines`}
      />
      <${Kpi} testId="profile-spend" label="Spend" value=${fmtMoney(p.rfm?.monetary)} hint="catalog currency" />
    </div>
    <dl class="facts">
      <dt>First purchase</dt>
      <dd data-testid="profile-first">${fmtDate(p.firstPurchaseAt)}</dd>
      <dt>Last purchase</dt>
      <dd data-testid="profile-last">
        ${fmtDate(p.lastPurchaseAt)}${p.rfm ? ` (${fmtInt(p.rfm.recencyDays)} days before the newest order in the data)` : ''}
      </dd>
      <dt>Next purchase expected</dt>
      <dd data-testid="profile-next">
        ${w ? `between ${fmtDate(w.from)} and ${fmtDate(w.to)} (${fmtRelativeDays(w.from, p.lastPurchaseAt)} – ${fmtRelativeDays(w.to, p.lastPurchaseAt)} the last one)` : 'not enough orders to tell (needs two or more)'}
      </dd>
      <dt>RFM scores</dt>
      <dd>${p.rfm ? `recency ${p.rfm.r} · frequency ${p.rfm.f} · monetary ${p.rfm.m} (5 = best)` : '–'}</dd>
      <dt>Computed</dt>
      <dd>${fmtDateTime(p.computedAt)}</dd>
    </dl>
  </section>`;
}

const orderSummary = (o) =>
  [
    o.id ? `order ${o.id}` : 'no order id',
    `${fmtInt(o.lines.length)} ${o.lines.length === 1 ? 'line' : 'lines'}`,
    fmtMoney(o.total),
  ].join(' · ');

/** Purchase lines grouped into orders, newest first. */
function Timeline({ lines }) {
  if (lines.length === 0) return html`<${Empty}>No purchases recorded for this customer.<//>`;
  // Lines arrive newest first; an order keeps the place of its newest line.
  const byKey = new Map();
  for (const l of lines) {
    const key = l.orderId ?? l.occurredAt;
    let o = byKey.get(key);
    if (!o) byKey.set(key, (o = { key, id: l.orderId, at: l.occurredAt, lines: [], total: 0 }));
    o.lines.push(l);
    o.total += l.quantity * (l.unitPrice ?? 0);
  }
  const orders = [...byKey.values()];
  return html`<ol class="timeline" data-testid="timeline">
    ${orders.map(
      (o) =>
        html`<li key=${o.key}>
          <div class="when">
            <strong>${fmtDate(o.at)}</strong>
            <span class="meta">${orderSummary(o)}</span>
          </div>
          <ul>
            ${o.lines.map(
              (l, i) =>
                html`<li key=${i}>
                  <span class="qty">${fmtInt(l.quantity)} ×</span>
                  <${ItemName} item=${l.item} href=${`#items/${encodeURIComponent(l.item.id)}`} />
                  <span class="meta">at ${fmtMoney(l.unitPrice)}</span>
                </li>`,
            )}
          </ul>
        </li>`,
    )}
    ${lines.length >= 100 ? html`<li class="meta">Showing the latest 100 order lines.</li>` : null}
  </ol>`;
}
