import { useEffect, useState } from 'preact/hooks';
import { gql, OPS } from '../api.js';
import { Bars } from '../charts.js';
import { fmtInt, fmtPct, originLabel, PLACEMENTS, placementLabel, segmentLabel } from '../format.js';
import { Empty, ErrorNote, html, Loading, Table, useAsync, useConfirm, useNotice } from '../ui.js';
import { useWhatIf, WeightSliders, WhatIfTable } from './rec-list.js';

/** Segment sizes, per-segment blend weights (with what-if), and contact caps. */
export function Segments() {
  const sizes = useAsync((signal) => gql(OPS.segmentSizes, {}, { signal }).then((d) => d.segmentSizes), []);
  const s = sizes.data;
  return html`<section class="view" data-testid="view-segments">
    <header class="view-head"><h2>Segments and caps</h2></header>
    <${ErrorNote} error=${sizes.error} retry=${sizes.reload} />
    ${sizes.loading && !s ? html`<${Loading} />` : null}
    ${
      s && s.total === 0
        ? html`<${Empty}
            >No customer has a segment yet: segments are computed from orders by <code>tailor train</code> (and nightly
            while the service runs).<//
          >`
        : null
    }
    ${
      s && s.total > 0
        ? html`<div class="grid2">
            <section class="panel">
              <h3>
                Lifecycle <span class="meta" data-testid="segments-total">${fmtInt(s.total)} customers with a segment</span>
              </h3>
              <${Bars}
                testId="chart-lifecycle"
                rows=${s.lifecycle.map((x) => ({ label: segmentLabel(x.stage), value: x.users }))}
                fmt=${(v) => `${fmtInt(v)} (${fmtPct(v / s.total)})`}
              />
            </section>
            <section class="panel">
              <h3>RFM segments</h3>
              <${Bars}
                testId="chart-rfm"
                rows=${s.segments.map((x) => ({ label: segmentLabel(x.segment), value: x.users }))}
                fmt=${(v) => `${fmtInt(v)} (${fmtPct(v / s.total)})`}
              />
            </section>
          </div>`
        : null
    }
    <${SegmentWeights}
      segments=${s ? [...s.segments.map((x) => x.segment), ...s.lifecycle.map((x) => x.stage), ...s.value.map((x) => x.segment)] : []}
    />
    <${ContactCaps} />
  </section>`;
}

function SegmentWeights({ segments }) {
  const [placement, setPlacement] = useState('HOME');
  const [segment, setSegment] = useState('');
  const overrides = useAsync((signal) => gql(OPS.segmentWeights, {}, { signal }).then((d) => d.segmentWeights), []);
  const target = segment || null;
  const weights = useAsync(
    (signal) => gql(OPS.placementWeights, { placement, segment: target }, { signal }).then((d) => d.placementWeights),
    [placement, segment],
  );
  const [proposed, setProposed] = useState(null);
  const [dialog, ask] = useConfirm();
  const [notice, notify] = useNotice();
  const [error, setError] = useState(null);
  useEffect(
    () => setProposed(weights.data ? Object.fromEntries(weights.data.weights.map((w) => [w.source, w.weight])) : null),
    [weights.data],
  );
  const whatIf = useWhatIf(placement, proposed, target);

  const save = async () => {
    const who = target ? `customers in “${segmentLabel(target)}”` : 'every customer without weights of their own';
    if (
      !(await ask(
        `Save these weights for ${placementLabel(placement).toLowerCase()}?`,
        `They apply to ${who} on every instance within the settings poll interval. The previous version stays in the history.`,
        'Save',
      ))
    )
      return;
    setError(null);
    try {
      await gql(OPS.setWeights, {
        placement,
        segment: target,
        weights: Object.entries(proposed).map(([source, weight]) => ({ source, weight })),
        comment: 'dashboard',
      });
      notify('Weights saved.');
      weights.reload();
      overrides.reload();
    } catch (e) {
      setError(e);
    }
  };
  const reset = async () => {
    if (
      !(await ask(
        'Drop these weights?',
        target
          ? `Customers in “${segmentLabel(target)}” get the placement’s weights again.`
          : 'The placement gets its configured or model weights again.',
        'Drop',
      ))
    )
      return;
    setError(null);
    try {
      await gql(OPS.resetWeights, { placement, segment: target });
      notify('Weights dropped.');
      weights.reload();
      overrides.reload();
    } catch (e) {
      setError(e);
    }
  };
  const w = weights.data;
  return html`<section class="panel" data-testid="segment-weights">
    ${dialog}
    <h3>Blend weights per segment</h3>
    <p class="meta">
      A segment (RFM segment, lifecycle stage or value segment) can have its own weights on a placement; its customers get them instead
      of the placement's.
    </p>
    <div class="row-fields">
      <label
        >Placement
        <select value=${placement} onChange=${(e) => setPlacement(e.currentTarget.value)} data-testid="sw-placement">
          ${PLACEMENTS.map((p) => html`<option value=${p}>${placementLabel(p)}</option>`)}
        </select></label
      >
      <label
        >Segment
        <select value=${segment} onChange=${(e) => setSegment(e.currentTarget.value)} data-testid="sw-segment">
          <option value="">the whole placement</option>
          ${[...new Set(segments)].map((s) => html`<option value=${s}>${segmentLabel(s)}</option>`)}
        </select>
      </label>
    </div>
    ${notice}
    <${ErrorNote} error=${weights.error ?? error} retry=${weights.error ? weights.reload : null} />
    <div class="playground">
      <div class="list-side">
        ${
          w && proposed
            ? html`<p class="meta" data-testid="sw-origin">
                  Now ${originLabel(w.origin)}${w.version ? ` (version ${w.version})` : ''}.
                </p>
                <${WeightSliders} testId="sw-sliders" weights=${w.weights} proposed=${proposed} onChange=${setProposed} />
                <div class="actions">
                  <button type="button" data-testid="sw-save" onClick=${save}>
                    Save for ${target ? segmentLabel(target) : 'the placement'}
                  </button>
                  ${w.origin === 'segment' || (!target && w.origin === 'operator') ? html`<button type="button" class="secondary" data-testid="sw-reset" onClick=${reset}>Drop these weights</button>` : null}
                </div>`
            : null
        }
        <h4>Segments with weights of their own</h4>
        <${ErrorNote} error=${overrides.error} retry=${overrides.reload} />
        ${overrides.data?.length === 0 ? html`<${Empty} testId="sw-none">No segment has weights of its own: every customer gets their placement's.<//>` : null}
        ${
          overrides.data?.length
            ? html`<${Table}
                testId="sw-table"
                rowKey=${(r) => `${r.placement}|${r.segment}`}
                rows=${overrides.data}
                onRow=${(r) => {
                  setPlacement(r.placement);
                  setSegment(r.segment);
                }}
                columns=${[
                  { key: 'placement', label: 'Placement', render: (r) => placementLabel(r.placement) },
                  { key: 'segment', label: 'Segment', render: (r) => segmentLabel(r.segment) },
                  { key: 'version', label: 'Version', num: true },
                ]}
              />`
            : null
        }
      </div>
      <aside class="tuning">
        <${WhatIfTable} placement=${placement} state=${whatIf} />
      </aside>
    </div>
  </section>`;
}

function ContactCaps() {
  const caps = useAsync((signal) => gql(OPS.contactCaps, {}, { signal }).then((d) => d.contactCaps), []);
  const [editing, setEditing] = useState(null);
  const [dialog, ask] = useConfirm();
  const [notice, notify] = useNotice();
  const [error, setError] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    setError(null);
    try {
      await gql(OPS.setContactCap, { placement: editing, max: Number(f.get('max')), hours: Number(f.get('hours')) });
      notify(`Cap of ${placementLabel(editing).toLowerCase()} saved.`);
      setEditing(null);
      caps.reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (placement) => {
    if (
      !(await ask(
        `Remove the cap of ${placementLabel(placement).toLowerCase()}?`,
        'Items may then be shown to the same customer as often as they rank.',
        'Remove',
      ))
    )
      return;
    setError(null);
    try {
      await gql(OPS.removeContactCap, { placement });
      notify('Cap removed.');
      caps.reload();
    } catch (err) {
      setError(err);
    }
  };
  return html`<section class="panel" data-testid="contact-caps">
    ${dialog}
    <h3>Contact caps</h3>
    <p class="meta">
      How often one item may be shown to the same customer on a placement; items over the cap are left out of their
      lists until the window passes.
    </p>
    ${notice}
    <${ErrorNote} error=${caps.error ?? error} retry=${caps.error ? caps.reload : null} />
    ${
      caps.data
        ? html`<${Table}
            testId="caps-table"
            rowKey=${(r) => r.placement}
            rows=${caps.data}
            columns=${[
              { key: 'placement', label: 'Placement', render: (r) => placementLabel(r.placement) },
              {
                key: 'cap',
                label: 'Cap',
                render: (r) =>
                  r.maxImpressions === null
                    ? 'no cap'
                    : `at most ${fmtInt(r.maxImpressions)} × per ${fmtInt(r.windowHours)} h`,
              },
              { key: 'origin', label: 'Set', render: (r) => originLabel(r.origin) },
              {
                key: 'edit',
                label: '',
                render: (r) =>
                  html`<span class="actions">
                    <button
                      type="button"
                      class="secondary small"
                      data-testid=${`cap-edit-${r.placement}`}
                      onClick=${() => setEditing(r.placement)}
                    >
                      Change
                    </button>
                    ${r.maxImpressions !== null ? html`<button type="button" class="secondary small" data-testid=${`cap-remove-${r.placement}`} onClick=${() => remove(r.placement)}>Remove</button>` : null}
                  </span>`,
              },
            ]}
          />`
        : null
    }
    ${
      editing
        ? html`<form class="row-fields cap-form" onSubmit=${save} data-testid="cap-form">
            <strong>${placementLabel(editing)}:</strong>
            <label
              >at most
              <input name="max" type="number" min="1" max="1000" required value="3" data-testid="cap-max" />
              times</label
            >
            <label
              >per
              <input
                name="hours"
                type="number"
                min="0.1"
                max="8760"
                step="0.1"
                required
                value="24"
                data-testid="cap-hours"
              />
              hours</label
            >
            <button type="submit" data-testid="cap-save">Save</button>
            <button type="button" class="secondary" onClick=${() => setEditing(null)}>Cancel</button>
          </form>`
        : null
    }
  </section>`;
}
