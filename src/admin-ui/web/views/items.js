import { useState } from 'preact/hooks';
import { gql, OPS } from '../api.js';
import { TimeChart } from '../charts.js';
import { fmtDate, fmtInt, fmtMoney, placementLabel } from '../format.js';
import { Empty, ErrorNote, html, Kpi, Loading, SearchForm, Table, useAsync } from '../ui.js';
import { RecTable } from './rec-list.js';

const go = (hash) => (window.location.hash = hash);

export function Items({ id }) {
  return id ? html`<${Item} id=${id} />` : html`<${ItemSearch} />`;
}

function ItemSearch() {
  const [search, setSearch] = useState('');
  const found = useAsync(
    (signal) =>
      search ? gql(OPS.searchItems, { search }, { signal }).then((d) => d.searchItems) : Promise.resolve(null),
    [search],
  );
  return html`<section class="view" data-testid="view-items">
    <header class="view-head"><h2>Items</h2></header>
    <${SearchForm} onSearch=${setSearch} placeholder="Item id, or words of its title (e.g. lantern white)" label="item search" testId="item-search" />
    <${ErrorNote} error=${found.error} retry=${found.reload} />
    ${!search ? html`<${Empty} testId="items-hint">Type an item id or a few words of its title. Best sellers are listed on the <a href="#overview">Overview</a>.<//>` : null}
    ${
      found.data && found.data.length === 0
        ? html`<${Empty}
            >No item id starts with “${search}” and no title has all of its words. Try fewer words, or the start of a
            word.<//
          >`
        : null
    }
    ${
      found.data?.length
        ? html`<${Table}
            testId="items-table"
            rowKey=${(r) => r.id}
            onRow=${(r) => go(`#items/${encodeURIComponent(r.id)}`)}
            rows=${found.data}
            columns=${[
              { key: 'title', label: 'Title', render: (r) => html`<span class="title">${r.title}</span>` },
              { key: 'id', label: 'Item id' },
              { key: 'price', label: 'Price', num: true, render: (r) => fmtMoney(r.price) },
              { key: 'categories', label: 'Categories', render: (r) => r.categories.join(', ') || '–' },
              { key: 'available', label: 'Available', render: (r) => (r.available ? 'yes' : 'no') },
            ]}
          />`
        : null
    }
  </section>`;
}

function Item({ id }) {
  const item = useAsync((signal) => gql(OPS.item, { id }, { signal }).then((d) => d.item), [id]);
  const sales = useAsync((signal) => gql(OPS.itemSales, { id }, { signal }).then((d) => d.itemSales), [id]);
  const similar = useAsync(
    (signal) => gql(OPS.similarItems, { id }, { signal }).then((d) => d.similarItems.items),
    [id],
  );
  const together = useAsync(
    (signal) => gql(OPS.boughtTogether, { ids: [id] }, { signal }).then((d) => d.complementaryItems.items),
    [id],
  );
  const lists = useAsync((signal) => gql(OPS.itemAppearances, { id }, { signal }).then((d) => d.itemAppearances), [id]);
  const i = item.data;
  const s = sales.data;
  return html`<section class="view" data-testid="view-item">
    <header class="view-head">
      <h2>
        <a href="#items" class="back">Items</a> › <span class="title" data-testid="item-title">${i?.title ?? id}</span>
      </h2>
    </header>
    <${ErrorNote} error=${item.error} retry=${item.reload} />
    ${item.loading && !i ? html`<${Loading} />` : null}
    ${!item.loading && !item.error && !i ? html`<${Empty}>No item “${id}” in the catalog. Search for it under <a href="#items">Items</a>.<//>` : null}
    ${
      i
        ? html`<section class="panel">
            <dl class="facts" data-testid="item-facts">
              <dt>Item id</dt>
              <dd>${i.id}</dd>
              <dt>Price</dt>
              <dd>${fmtMoney(i.price)}</dd>
              <dt>Categories</dt>
              <dd>${i.categories.join(', ') || '–'}</dd>
              <dt>Available</dt>
              <dd>${i.available ? 'yes' : 'no: never recommended'}</dd>
              ${
                i.description
                  ? html`<dt>Description</dt>
                      <dd>${i.description}</dd>`
                  : null
              }
            </dl>
          </section>`
        : null
    }
    <section class="panel">
      <h3>Sales ${s ? html`<span class="meta">${fmtDate(s.from)} – ${fmtDate(s.to)}</span>` : null}</h3>
      <${ErrorNote} error=${sales.error} retry=${sales.reload} />
      ${
        s
          ? html`<div class="kpis small">
                <${Kpi} testId="item-units" label="Units sold" value=${fmtInt(s.units)} />
                <${Kpi} testId="item-orders" label="Orders" value=${fmtInt(s.orders)} />
                <${Kpi} testId="item-customers" label="Customers" value=${fmtInt(s.customers)} />
                <${Kpi} testId="item-revenue" label="Revenue" value=${fmtMoney(s.revenue)} />
              </div>
              ${
                s.units === 0
                  ? html`<${Empty}>Not sold in these 90 days.<//>`
                  : html`<${TimeChart}
                      testId="chart-item-sales"
                      days=${s.days}
                      series=${[
                        { label: 'Units sold', values: s.unitsPerDay, fmt: fmtInt, bars: true },
                        { label: 'Revenue', values: s.revenuePerDay, fmt: fmtMoney, axis: 'right' },
                      ]}
                      leftFmt=${fmtInt}
                      rightFmt=${fmtInt}
                    />`
              }`
          : null
      }
    </section>
    <div class="grid2">
      <section class="panel">
        <h3>Similar items <span class="meta">(product page)</span></h3>
        <${ErrorNote} error=${similar.error} retry=${similar.reload} />
        ${similar.data?.length === 0 ? html`<${Empty}>No similar items yet: they come from orders that share customers or baskets, and from the trained model.<//>` : null}
        ${similar.data?.length ? html`<${RecTable} testId="similar-table" items=${similar.data} />` : null}
      </section>
      <section class="panel">
        <h3>Often bought together <span class="meta">(cart)</span></h3>
        <${ErrorNote} error=${together.error} retry=${together.reload} />
        ${together.data?.length === 0 ? html`<${Empty}>No item completes a basket with this one yet.<//>` : null}
        ${together.data?.length ? html`<${RecTable} testId="together-table" items=${together.data} />` : null}
      </section>
    </div>
    <section class="panel">
      <h3>Lists it appeared in</h3>
      <${ErrorNote} error=${lists.error} retry=${lists.reload} />
      ${
        lists.data?.length === 0
          ? html`<${Empty} testId="appearances-empty"
              >Not shown in any logged list in these 90 days. Lists are logged (with the items shown) while an
              experiment runs on a placement.<//
            >`
          : null
      }
      ${
        lists.data?.length
          ? html`<${Table}
              testId="appearances-table"
              rowKey=${(r) => r.placement}
              rows=${lists.data}
              columns=${[
                { key: 'placement', label: 'Placement', render: (r) => placementLabel(r.placement) },
                { key: 'lists', label: 'Lists showing it', num: true, render: (r) => fmtInt(r.lists) },
                { key: 'users', label: 'Customers reached', num: true, render: (r) => fmtInt(r.users) },
                { key: 'clicks', label: 'Lists with a click on it', num: true, render: (r) => fmtInt(r.clicks) },
                {
                  key: 'purchases',
                  label: 'Purchases from those lists',
                  num: true,
                  render: (r) => fmtInt(r.purchases),
                },
              ]}
            />`
          : null
      }
    </section>
  </section>`;
}
