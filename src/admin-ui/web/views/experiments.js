import { useState } from 'preact/hooks';
import { gql, OPS } from '../api.js';
import { Bars, COLORS } from '../charts.js';
import {
  fmtDate,
  fmtDateTime,
  fmtInt,
  fmtMoney,
  fmtPct,
  fmtPValue,
  fmtSignedPct,
  PLACEMENTS,
  placementLabel,
  segmentLabel,
  sourceLabel,
  statusLabel,
} from '../format.js';
import { Badge, Empty, ErrorNote, html, Loading, Table, useAsync, useConfirm, useNotice } from '../ui.js';

const go = (hash) => (window.location.hash = hash);
const STATUS_KIND = { DRAFT: 'grey', RUNNING: 'blue', STOPPED: 'amber', SHIPPED: 'green' };

export function Experiments({ id }) {
  return id ? html`<${Experiment} id=${id} />` : html`<${ExperimentList} />`;
}

function ExperimentList() {
  const list = useAsync((signal) => gql(OPS.experiments, {}, { signal }).then((d) => d.experiments), []);
  const [creating, setCreating] = useState(false);
  return html`<section class="view" data-testid="view-experiments">
    <header class="view-head">
      <h2>Experiments</h2>
      <button type="button" data-testid="new-experiment" onClick=${() => setCreating(!creating)}>
        ${creating ? 'Close the form' : 'New experiment'}
      </button>
    </header>
    ${creating ? html`<${CreateExperiment} onCreated=${(id) => go(`#experiments/${id}`)} />` : null}
    <${ErrorNote} error=${list.error} retry=${list.reload} />
    ${list.loading && !list.data ? html`<${Loading} />` : null}
    ${
      list.data?.length === 0
        ? html`<${Empty}
            >No experiments yet. Create one to compare blend weights or model versions on a placement: customers are
            split between the variants and the report tells which converts better.<//
          >`
        : null
    }
    ${
      list.data?.length
        ? html`<${Table}
            testId="experiments-table"
            rowKey=${(r) => r.id}
            onRow=${(r) => go(`#experiments/${r.id}`)}
            rows=${list.data}
            columns=${[
              { key: 'name', label: 'Name' },
              { key: 'placement', label: 'Placement', render: (r) => placementLabel(r.placement) },
              { key: 'segment', label: 'Customers', render: (r) => (r.segment ? segmentLabel(r.segment) : 'everyone') },
              {
                key: 'status',
                label: 'Status',
                render: (r) => html`<${Badge} kind=${STATUS_KIND[r.status]}>${statusLabel(r.status)}<//>`,
              },
              { key: 'createdAt', label: 'Created', render: (r) => fmtDate(r.createdAt) },
              { key: 'startedAt', label: 'Started', render: (r) => fmtDate(r.startedAt) },
              { key: 'stoppedAt', label: 'Stopped', render: (r) => fmtDate(r.stoppedAt) },
              { key: 'shippedVariant', label: 'Shipped', render: (r) => r.shippedVariant ?? '–' },
            ]}
          />`
        : null
    }
  </section>`;
}

const blankVariant = (control) => ({ name: control ? 'control' : 'treatment', share: 50, control, weights: '' });

/** "popular=1, trending=0.3" → { popular: 1, trending: 0.3 }; blank → null (the placement's weights). */
function parseWeights(text) {
  if (!text.trim()) return null;
  const out = {};
  for (const part of text.split(',')) {
    const [k, v] = part.split('=').map((x) => x.trim());
    const n = Number(v);
    if (!k || !Number.isFinite(n)) throw new Error(`“${part.trim()}” is not source=weight (e.g. popular=1)`);
    out[k] = n;
  }
  return out;
}

function CreateExperiment({ onCreated }) {
  const [form, setForm] = useState({
    name: '',
    placement: 'HOME',
    segment: '',
    variants: [blankVariant(true), blankVariant(false)],
  });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const weights = useAsync(
    (signal) => gql(OPS.placementWeights, { placement: form.placement }, { signal }).then((d) => d.placementWeights),
    [form.placement],
  );
  const setVariant = (i, patch) =>
    setForm({
      ...form,
      variants: form.variants.map((v, j) =>
        j === i ? { ...v, ...patch } : patch.control ? { ...v, control: false } : v,
      ),
    });
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    let input;
    try {
      input = {
        name: form.name.trim(),
        placement: form.placement,
        segment: form.segment || null,
        variants: form.variants.map((v) => ({
          name: v.name.trim(),
          trafficShare: Number(v.share) / 100,
          control: v.control,
          weights: parseWeights(v.weights),
        })),
      };
    } catch (err) {
      return setError({ message: err.message });
    }
    setBusy(true);
    try {
      const d = await gql(OPS.createExperiment, { input });
      onCreated(d.createExperiment.id);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const total = form.variants.reduce((a, v) => a + Number(v.share || 0), 0);
  return html`<form class="panel create" onSubmit=${submit} data-testid="create-experiment">
    <h3>New experiment</h3>
    <div class="row-fields">
      <label
        >Name
        <input
          required
          maxlength="100"
          value=${form.name}
          onInput=${(e) => setForm({ ...form, name: e.currentTarget.value })}
          data-testid="exp-name"
      /></label>
      <label
        >Placement
        <select
          value=${form.placement}
          onChange=${(e) => setForm({ ...form, placement: e.currentTarget.value })}
          data-testid="exp-placement"
        >
          ${PLACEMENTS.map((p) => html`<option value=${p}>${placementLabel(p)}</option>`)}
        </select>
      </label>
      <label
        >Only customers in segment
        <input
          placeholder="everyone"
          value=${form.segment}
          onInput=${(e) => setForm({ ...form, segment: e.currentTarget.value.trim() })}
      /></label>
    </div>
    <p class="meta">
      ${`Sources on ${placementLabel(form.placement).toLowerCase()}: ${weights.data ? weights.data.weights.map((w) => `${w.source} (${sourceLabel(w.source)}) = ${w.weight}`).join(', ') : '…'}.`}
      Leave a variant's weights empty to use the placement's.
    </p>
    <table class="variants">
      <thead>
        <tr>
          <th>Variant</th>
          <th>Traffic %</th>
          <th>Control</th>
          <th>Weights (source=weight, …)</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${form.variants.map(
          (v, i) =>
            html`<tr key=${i}>
              <td>
                <input
                  required
                  value=${v.name}
                  onInput=${(e) => setVariant(i, { name: e.currentTarget.value })}
                  data-testid=${`variant-name-${i}`}
                  aria-label="variant name"
                />
              </td>
              <td>
                <input
                  type="number"
                  min="1"
                  max="100"
                  step="1"
                  value=${v.share}
                  onInput=${(e) => setVariant(i, { share: e.currentTarget.value })}
                  aria-label="traffic share in percent"
                />
              </td>
              <td>
                <input
                  type="radio"
                  name="control"
                  checked=${v.control}
                  onChange=${() => setVariant(i, { control: true })}
                  aria-label="control"
                />
              </td>
              <td>
                <input
                  value=${v.weights}
                  placeholder="placement's weights"
                  onInput=${(e) => setVariant(i, { weights: e.currentTarget.value })}
                  data-testid=${`variant-weights-${i}`}
                  aria-label="weights"
                />
              </td>
              <td>
                ${form.variants.length > 2 ? html`<button type="button" class="link" onClick=${() => setForm({ ...form, variants: form.variants.filter((_, j) => j !== i) })}>remove</button>` : null}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    <p class=${total === 100 ? 'meta' : 'error'}>
      Traffic adds up to ${fmtInt(total)} % ${total === 100 ? '' : '(it must be 100 %)'}
    </p>
    <div class="actions">
      <button
        type="button"
        class="secondary"
        disabled=${form.variants.length >= 10}
        onClick=${() => setForm({ ...form, variants: [...form.variants, { ...blankVariant(false), name: `treatment-${form.variants.length}`, share: 0 }] })}
      >
        Add a variant
      </button>
      <button type="submit" disabled=${busy} data-testid="create-submit">Create as draft</button>
    </div>
    <${ErrorNote} error=${error} />
  </form>`;
}

const METRIC_NAMES = {
  conversionRate: 'conversion (customers with a purchase from a list)',
  ctr: 'click-through rate',
};

const VERDICTS = {
  WINNER: (r) => `${r.verdictVariant} converts significantly better than the control.`,
  GUARDRAIL_BREACHED: (r) => `${r.verdictVariant} converts significantly worse than the control: stop it.`,
  NO_DIFFERENCE_YET: () => 'No significant difference yet.',
};

function Experiment({ id }) {
  const exp = useAsync((signal) => gql(OPS.experiment, { id }, { signal }).then((d) => d.experiment), [id]);
  const [dialog, ask] = useConfirm();
  const [notice, notify] = useNotice();
  const [error, setError] = useState(null);
  const e = exp.data;
  const act = async (op, vars, title, text, action, done) => {
    if (!(await ask(title, text, action))) return;
    setError(null);
    try {
      await gql(op, vars);
      notify(done);
      exp.reload();
    } catch (err) {
      setError(err);
    }
  };
  const report = e?.report;
  return html`<section class="view" data-testid="view-experiment">
    ${dialog}
    <header class="view-head">
      <h2><a href="#experiments" class="back">Experiments</a> › ${e?.name ?? id}</h2>
      ${
        e
          ? html`<div class="actions" data-testid="experiment-actions">
              ${
                e.status === 'DRAFT'
                  ? html`<button
                      type="button"
                      data-testid="start"
                      onClick=${() => act(OPS.startExperiment, { id }, 'Start this experiment?', `Customers on the ${placementLabel(e.placement).toLowerCase()} will be split between its variants from now on.`, 'Start', 'Experiment started.')}
                    >
                      Start
                    </button>`
                  : null
              }
              ${
                e.status === 'RUNNING'
                  ? html`<button
                      type="button"
                      class="secondary"
                      data-testid="stop"
                      onClick=${() => act(OPS.stopExperiment, { id }, 'Stop this experiment?', 'Every customer gets the placement’s weights again. A stopped experiment cannot be restarted.', 'Stop', 'Experiment stopped.')}
                    >
                      Stop
                    </button>`
                  : null
              }
              ${
                e.status === 'RUNNING' || e.status === 'STOPPED'
                  ? e.variants
                      .filter((v) => !v.control)
                      .map(
                        (v) =>
                          html`<button
                            type="button"
                            class="secondary"
                            data-testid=${`ship-${v.name}`}
                            onClick=${() => act(OPS.shipVariant, { id, variant: v.name }, `Ship “${v.name}”?`, `Its weights become the ${placementLabel(e.placement).toLowerCase()}'s weights for every customer, and the experiment ends.`, 'Ship', `Shipped ${v.name}.`)}
                          >
                            Ship ${v.name}
                          </button>`,
                      )
                  : null
              }
            </div>`
          : null
      }
    </header>
    ${notice}
    <${ErrorNote} error=${exp.error ?? error} retry=${exp.error ? exp.reload : null} />
    ${exp.loading && !e ? html`<${Loading} />` : null}
    ${
      e
        ? html`<section class="panel">
            <dl class="facts" data-testid="experiment-facts">
              <dt>Status</dt>
              <dd>
                <${Badge} kind=${STATUS_KIND[e.status]}>${statusLabel(e.status)}<//
                >${e.shippedVariant ? ` · shipped ${e.shippedVariant} on ${fmtDate(e.shippedAt)}` : ''}
              </dd>
              <dt>Placement</dt>
              <dd>${placementLabel(e.placement)}</dd>
              <dt>Customers</dt>
              <dd>${e.segment ? segmentLabel(e.segment) : 'everyone'}</dd>
              <dt>Created</dt>
              <dd>${fmtDateTime(e.createdAt)}</dd>
              <dt>Ran</dt>
              <dd>
                ${e.startedAt ? `${fmtDateTime(e.startedAt)} – ${e.stoppedAt ? fmtDateTime(e.stoppedAt) : 'now'}` : 'not started'}
              </dd>
            </dl>
            <${Table}
              testId="variants-table"
              rowKey=${(v) => v.name}
              rows=${e.variants}
              columns=${[
                { key: 'name', label: 'Variant', render: (v) => `${v.name}${v.control ? ' (control)' : ''}` },
                { key: 'share', label: 'Traffic', num: true, render: (v) => fmtPct(v.trafficShare) },
                {
                  key: 'weights',
                  label: 'Weights',
                  render: (v) =>
                    v.weights
                      ? Object.entries(v.weights)
                          .map(([s, w]) => `${sourceLabel(s)} ${w}`)
                          .join(', ')
                      : 'the placement’s',
                },
                { key: 'model', label: 'Model', render: (v) => v.modelVersion ?? 'the active one' },
              ]}
            />
          </section>`
        : null
    }
    ${report ? html`<${Report} report=${report} />` : null}
  </section>`;
}

function Report({ report }) {
  const vs = report.variants;
  const anyUsers = vs.some((v) => v.users > 0);
  const bars = (key, interval) =>
    vs.map((v, i) => ({
      label: v.name,
      value: v[key],
      low: v[interval]?.low,
      high: v[interval]?.high,
      color: COLORS[i % COLORS.length],
    }));
  return html`<section class="panel" data-testid="experiment-report">
    <h3>Report</h3>
    <p class=${`verdict v-${report.verdict}`} data-testid="verdict">
      ${VERDICTS[report.verdict]?.(report) ?? report.verdict} <span class="meta">${report.reason}</span>
    </p>
    <p class="meta">${`Primary metric: ${METRIC_NAMES[report.primaryMetric] ?? report.primaryMetric} · significance level ${fmtPct(report.alpha)} (${fmtPct(report.comparisonAlpha)} per comparison) · at least ${fmtInt(report.minUsersPerVariant)} customers per variant before a verdict.`}</p>
    ${
      anyUsers
        ? null
        : html`<${Empty} testId="report-empty"
            >No customer has been served a variant yet. Start the experiment; results appear as the storefront asks for
            lists on this placement and sends events back with their requestId.<//
          >`
    }
    <${Table}
      testId="report-table"
      rowKey=${(v) => v.name}
      rows=${vs}
      columns=${[
        { key: 'name', label: 'Variant', render: (v) => `${v.name}${v.control ? ' (control)' : ''}` },
        { key: 'users', label: 'Customers', num: true, render: (v) => fmtInt(v.users) },
        { key: 'impressions', label: 'Items shown', num: true, render: (v) => fmtInt(v.impressions) },
        { key: 'clicks', label: 'Clicks', num: true, render: (v) => fmtInt(v.clicks) },
        {
          key: 'ctr',
          label: 'CTR [95 % interval]',
          num: true,
          render: (v) => `${fmtPct(v.ctr)} [${fmtPct(v.ctrInterval.low)} – ${fmtPct(v.ctrInterval.high)}]`,
        },
        {
          key: 'conversion',
          label: 'Conversion [95 %]',
          num: true,
          render: (v) =>
            `${fmtPct(v.conversionRate)} [${fmtPct(v.conversionInterval.low)} – ${fmtPct(v.conversionInterval.high)}]`,
        },
        {
          key: 'diff',
          label: 'vs control',
          num: true,
          render: (v) =>
            v.control ? '–' : `${fmtSignedPct(v.conversionDifference)} (p ${fmtPValue(v.conversionPValue)})`,
        },
        {
          key: 'rpu',
          label: 'Revenue per customer [95 %]',
          num: true,
          render: (v) =>
            `${fmtMoney(v.revenuePerUser)} [${fmtMoney(v.revenuePerUserInterval.low)} – ${fmtMoney(v.revenuePerUserInterval.high)}]`,
        },
      ]}
    />
    ${
      anyUsers
        ? html`<div class="grid3">
            <${Bars}
              testId="chart-ctr"
              title="Click-through rate (95 % interval)"
              rows=${bars('ctr', 'ctrInterval')}
              fmt=${fmtPct}
            />
            <${Bars}
              testId="chart-conversion"
              title="Conversion (95 % interval)"
              rows=${bars('conversionRate', 'conversionInterval')}
              fmt=${fmtPct}
            />
            <${Bars}
              testId="chart-revenue"
              title="Revenue per customer (95 % interval)"
              rows=${bars('revenuePerUser', 'revenuePerUserInterval')}
              fmt=${fmtMoney}
            />
          </div>`
        : null
    }
  </section>`;
}
