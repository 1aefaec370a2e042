import { useMemo, useState } from 'preact/hooks';
import { gql, OPS } from '../api.js';
import { TimeChart } from '../charts.js';
import { fmtDate, fmtInt, fmtMoney, fmtPct, placementLabel } from '../format.js';
import { Empty, ErrorNote, html, ItemName, Kpi, Loading, Table, useAsync } from '../ui.js';

const sum = (xs) => xs.reduce((a, b) => a + (b ?? 0), 0);
const ratio = (a, b) => (b > 0 ? a / b : null);
const shiftDay = (day, days) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Activity over time: served lists, cache, events, revenue, and CTR / conversion per placement. */
export function Overview() {
  const [range, setRange] = useState({ from: null, to: null });
  const overview = useAsync(
    (signal) => gql(OPS.overview, range, { signal }).then((d) => d.analyticsOverview),
    [range.from, range.to],
  );
  const top = useAsync(
    (signal) => gql(OPS.topItems, range, { signal }).then((d) => d.topItems),
    [range.from, range.to],
  );
  const o = overview.data;

  return html`<section class="view" data-testid="view-overview">
    <header class="view-head">
      <h2>Overview</h2>
      <${RangePicker} overview=${o} onChange=${setRange} />
    </header>
    <${ErrorNote} error=${overview.error} retry=${overview.reload} />
    ${!o && overview.loading ? html`<${Loading} />` : null} ${o ? html`<${OverviewBody} o=${o} />` : null}
    <section class="panel">
      <h3>Best sellers in this range</h3>
      <${ErrorNote} error=${top.error} retry=${top.reload} />
      ${
        top.data && top.data.length === 0
          ? html`<${Empty}
              >No purchases in this range. Pick an earlier range, or import orders (<code>tailor import</code>).<//
            >`
          : null
      }
      ${
        top.data?.length
          ? html`<${Table}
              testId="top-items"
              rowKey=${(r) => r.item.id}
              columns=${[
                {
                  key: 'item',
                  label: 'Item',
                  render: (r) => html`<${ItemName} item=${r.item} href=${`#items/${encodeURIComponent(r.item.id)}`} />`,
                },
                { key: 'units', label: 'Units sold', num: true, render: (r) => fmtInt(r.units) },
                { key: 'revenue', label: 'Revenue', num: true, render: (r) => fmtMoney(r.revenue) },
              ]}
              rows=${top.data}
            />`
          : null
      }
    </section>
  </section>`;
}

function RangePicker({ overview, onChange }) {
  const latest = overview?.latestActivityDay;
  const preset = (days) => latest && onChange({ from: shiftDay(latest, -(days - 1)), to: latest });
  const submit = (e) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    onChange({ from: form.get('from') || null, to: form.get('to') || null });
  };
  return html`<form class="range" onSubmit=${submit} data-testid="range">
    <label>From <input type="date" name="from" value=${overview?.from ?? ''} key=${`f${overview?.from}`} /></label>
    <label>To <input type="date" name="to" value=${overview?.to ?? ''} key=${`t${overview?.to}`} /></label>
    <button type="submit">Show</button>
    <span class="presets">
      ${[7, 30, 90, 365].map(
        (d) =>
          html`<button type="button" class="link" disabled=${!latest} data-days=${d} onClick=${() => preset(d)}>
            last ${d} days
          </button>`,
      )}
    </span>
    ${latest ? html`<span class="meta">Newest activity: ${fmtDate(latest)}</span>` : null}
  </form>`;
}

function OverviewBody({ o }) {
  const t = o.total;
  const requests = sum(t.requests);
  const hits = sum(t.cacheHits);
  const charts = useMemo(() => chartSeries(o), [o]);
  const placements = o.placements.map((p) => ({
    placement: p.placement,
    requests: sum(p.requests),
    hitRatio: ratio(sum(p.cacheHits), sum(p.requests)),
    itemsServed: sum(p.itemsServed),
    logged: sum(p.loggedLists),
    impressions: sum(p.impressions),
    clicks: sum(p.clicks),
    ctr: ratio(sum(p.clicks), sum(p.impressions)),
    carts: sum(p.addToCarts),
    purchases: sum(p.purchases),
    conversion: ratio(sum(p.converters), sum(p.users)),
  }));
  const anyLogged = placements.some((p) => p.logged > 0);
  return html`
    <p class="meta" data-testid="range-label">
      ${fmtDate(o.from)} – ${fmtDate(o.to)} (${fmtInt(o.days.length)} days, UTC)
    </p>
    <div class="kpis" data-testid="kpis">
      <${Kpi} testId="kpi-requests" label="Lists served" value=${fmtInt(requests)} hint="storefront requests" />
      <${Kpi}
        testId="kpi-hit-ratio"
        label="Cache hit ratio"
        value=${fmtPct(ratio(hits, requests))}
        hint="lists answered from cache"
      />
      <${Kpi} testId="kpi-clicks" label="Clicks" value=${fmtInt(sum(t.clicks))} />
      <${Kpi} testId="kpi-carts" label="Add-to-carts" value=${fmtInt(sum(t.addToCarts))} />
      <${Kpi}
        testId="kpi-orders"
        label="Orders"
        value=${fmtInt(sum(t.orders))}
        hint=${`${fmtInt(sum(t.purchases))} order lines`}
      />
      <${Kpi} testId="kpi-revenue" label="Revenue" value=${fmtMoney(sum(t.revenue))} hint="catalog currency" />
    </div>
    <div class="grid2">
      <section class="panel">
        <h3>Lists served and cache hit ratio</h3>
        ${
          requests === 0
            ? html`<${Empty} testId="empty-requests"
                >No lists were served in this range. Lists are counted as the storefront asks for them (calls with <code>x-tailor-cache: bypass</code>, such as this dashboard's, are left out).<//
              >`
            : html`<${TimeChart}
                testId="chart-requests"
                days=${o.days}
                series=${charts.requests}
                leftFmt=${fmtInt}
                rightFmt=${(v) => `${Math.round(v * 100)} %`}
              />`
        }
      </section>
      <section class="panel">
        <h3>Customer activity per day</h3>
        <${TimeChart} testId="chart-activity" days=${o.days} series=${charts.activity} leftFmt=${fmtInt} />
      </section>
      <section class="panel">
        <h3>Revenue per day</h3>
        <${TimeChart} testId="chart-revenue" days=${o.days} series=${charts.revenue} leftFmt=${fmtInt} />
      </section>
      <section class="panel">
        <h3>Click-through rate per placement</h3>
        ${
          anyLogged
            ? html`<${TimeChart}
                testId="chart-ctr"
                days=${o.days}
                series=${charts.ctr}
                leftFmt=${(v) => `${(v * 100).toFixed(1)} %`}
              />`
            : html`<${Empty} testId="empty-ctr"
                >No lists were logged in this range, so there is no click-through rate yet. CTR and conversion are
                measured on lists served inside an experiment: start one on a placement under <a href="#experiments">Experiments</a>.<//
              >`
        }
      </section>
      ${
        anyLogged
          ? html`<section class="panel">
              <h3>Conversion per placement</h3>
              <${TimeChart}
                testId="chart-conversion"
                days=${o.days}
                series=${charts.conversion}
                leftFmt=${(v) => `${(v * 100).toFixed(0)} %`}
              />
            </section>`
          : null
      }
    </div>
    <section class="panel">
      <h3>Per placement</h3>
      ${
        placements.length === 0
          ? html`<${Empty} testId="empty-placements">No placement served or logged a list in this range.<//>`
          : html`<${Table}
              testId="placements-table"
              rowKey=${(r) => r.placement}
              rows=${placements}
              columns=${[
                { key: 'placement', label: 'Placement', render: (r) => placementLabel(r.placement) },
                { key: 'requests', label: 'Lists served', num: true, render: (r) => fmtInt(r.requests) },
                { key: 'hitRatio', label: 'Cache hits', num: true, render: (r) => fmtPct(r.hitRatio) },
                {
                  key: 'logged',
                  label: 'Lists in experiments',
                  num: true,
                  render: (r) => fmtInt(r.logged),
                  help: 'Lists logged with the items shown: the base of CTR and conversion',
                },
                { key: 'impressions', label: 'Items shown', num: true, render: (r) => fmtInt(r.impressions) },
                { key: 'clicks', label: 'Clicks', num: true, render: (r) => fmtInt(r.clicks) },
                { key: 'ctr', label: 'CTR', num: true, render: (r) => fmtPct(r.ctr) },
                { key: 'carts', label: 'Add-to-carts', num: true, render: (r) => fmtInt(r.carts) },
                { key: 'purchases', label: 'Purchases', num: true, render: (r) => fmtInt(r.purchases) },
                {
                  key: 'conversion',
                  label: 'Conversion',
                  num: true,
                  render: (r) => fmtPct(r.conversion),
                  help: 'Users with a purchase from a list / users shown a list',
                },
              ]}
            />`
      }
      ${
        anyLogged
          ? null
          : html`<p class="meta">
              CTR and conversion need lists logged in an experiment; lists served and cache hits count all traffic.
            </p>`
      }
    </section>
  `;
}

function chartSeries(o) {
  const t = o.total;
  return {
    requests: [
      { label: 'Lists served', values: t.requests, fmt: fmtInt, bars: true },
      { label: 'Cache hit ratio', values: t.cacheHitRatio, fmt: fmtPct, axis: 'right' },
    ],
    activity: [
      { label: 'Clicks', values: t.clicks, fmt: fmtInt },
      { label: 'Add-to-carts', values: t.addToCarts, fmt: fmtInt },
      { label: 'Order lines', values: t.purchases, fmt: fmtInt },
      { label: 'Orders', values: t.orders, fmt: fmtInt },
    ],
    revenue: [{ label: 'Revenue', values: t.revenue, fmt: fmtMoney, bars: true }],
    ctr: o.placements
      .filter((p) => p.loggedLists.some((n) => n > 0))
      .map((p) => ({ label: `${placementLabel(p.placement)} CTR`, values: p.ctr, fmt: fmtPct })),
    conversion: o.placements
      .filter((p) => p.loggedLists.some((n) => n > 0))
      .map((p) => ({ label: `${placementLabel(p.placement)} conversion`, values: p.conversionRate, fmt: fmtPct })),
  };
}
