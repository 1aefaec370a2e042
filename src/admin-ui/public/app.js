/* global document */
// Entry point: asks for the admin key, reads the schema once, mounts each panel (a panel whose
// operation is missing shows a note instead).

import { mountExperiments } from './experiments.js';
import { adminKey, gql } from './gql.js';
import { mountModels } from './models.js';
import { mountPlayground } from './playground.js';
import { Schema } from './schema.js';
import { mountSegments } from './segments.js';
import { setStatus } from './ui.js';

const $ = (sel) => document.querySelector(sel);

const MESSAGES = {
  UNAUTHENTICATED: (e) => `Key rejected: ${e.message}`,
  FORBIDDEN: () => 'This key is not an admin key: the dashboard needs ADMIN_API_KEYS.',
};

async function connect() {
  const status = $('#login-status');
  setStatus(status, 'Connecting…', 'info');
  try {
    const schema = await Schema.load();
    // An admin-only query: a storefront key gets FORBIDDEN here, before any panel runs.
    const policy = await gql('{ accessPolicy { mode } }');
    setStatus(status, '', 'info');
    $('#login').hidden = true;
    $('#main').hidden = false;
    $('#connection').textContent = `connected · ${policy.accessPolicy.mode} mode · schema from ${schema.source}`;
    mountPlayground(schema, $('#panel-playground'), $('#panel-whatif'));
    await Promise.all([
      mountExperiments(schema, $('#panel-experiments')),
      mountModels(schema, $('#panel-models')),
      mountSegments(schema, $('#panel-segments')),
    ]);
    document.body.dataset.ready = 'true';
  } catch (e) {
    adminKey.clear();
    setStatus(status, (MESSAGES[e.code] ?? ((x) => x.message))(e), 'error');
  }
}

$('#login-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  adminKey.set($('#admin-key').value.trim());
  $('#admin-key').value = '';
  void connect();
});
$('#logout').addEventListener('click', () => {
  adminKey.clear();
  document.location.reload();
});

if (adminKey.get()) void connect();
