// The product dashboard: asks for an admin key, then shows the views product teams use. Each view fetches
// what it shows with the operations in api.js; the hash (#customers/17850) keeps the place on reload.

import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { adminKey, gql, OPS } from './api.js';
import { html } from './ui.js';
import { Overview } from './views/overview.js';
import { Customers } from './views/customers.js';
import { Items } from './views/items.js';
import { Experiments } from './views/experiments.js';
import { Models } from './views/models.js';
import { Segments } from './views/segments.js';
import { CustomerValue } from './views/customer-value.js';
import './styles.css';

const VIEWS = [
  ['overview', 'Overview', Overview],
  ['customers', 'Customers', Customers],
  ['value', 'Customer value', CustomerValue],
  ['items', 'Items', Items],
  ['experiments', 'Experiments', Experiments],
  ['models', 'Models', Models],
  ['segments', 'Segments & caps', Segments],
];

const LOGIN_MESSAGES = {
  UNAUTHENTICATED: (e) => `Key rejected: ${e.message}. Paste a key from ADMIN_API_KEYS.`,
  FORBIDDEN: () => 'This key is not an admin key: the dashboard needs one from ADMIN_API_KEYS.',
};

function route() {
  const [name, ...rest] = window.location.hash.replace(/^#\/?/, '').split('/');
  const known = VIEWS.find(([n]) => n === name);
  return { name: known ? name : 'overview', id: rest.length ? decodeURIComponent(rest.join('/')) : null };
}

function useRoute() {
  const [r, setR] = useState(route);
  useEffect(() => {
    const on = () => setR(route());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return r;
}

function Login({ onConnected, message }) {
  const [status, setStatus] = useState(message ? { text: message, kind: 'error' } : null);
  const submit = async (e) => {
    e.preventDefault();
    const input = e.currentTarget.querySelector('#admin-key');
    const key = input.value.trim();
    input.value = '';
    if (!key) return setStatus({ text: 'Paste an admin key first.', kind: 'error' });
    adminKey.set(key);
    setStatus({ text: 'Connecting…', kind: 'info' });
    try {
      const d = await gql(OPS.whoAmI);
      onConnected(d.accessPolicy.mode);
    } catch (err) {
      adminKey.clear();
      setStatus({ text: (LOGIN_MESSAGES[err.code] ?? ((x) => x.message))(err), kind: 'error' });
    }
  };
  return html`<section id="login" class="panel login">
    <h2>Connect with an admin key</h2>
    <p class="meta">
      The dashboard calls the service's API with an admin key (<code>ADMIN_API_KEYS</code>). It is kept in this browser
      tab only and forgotten when the tab closes.
    </p>
    <form id="login-form" onSubmit=${submit}>
      <input id="admin-key" type="password" autocomplete="off" placeholder="admin key" aria-label="admin key" />
      <button type="submit">Connect</button>
    </form>
    ${status ? html`<p id="login-status" class=${`status ${status.kind}`} role="alert">${status.text}</p>` : null}
  </section>`;
}

function App() {
  const [mode, setMode] = useState(null);
  const [checking, setChecking] = useState(Boolean(adminKey.get()));
  const [message, setMessage] = useState(null);
  const r = useRoute();
  useEffect(() => {
    if (!adminKey.get()) return;
    gql(OPS.whoAmI).then(
      (d) => {
        setMode(d.accessPolicy.mode);
        setChecking(false);
      },
      (e) => {
        adminKey.clear();
        setMessage((LOGIN_MESSAGES[e.code] ?? ((x) => x.message))(e));
        setChecking(false);
      },
    );
  }, []);
  const logout = () => {
    adminKey.clear();
    setMode(null);
  };
  const View = VIEWS.find(([n]) => n === r.name)[2];
  return html`
    <header class="top">
      <h1>Tailor <span>product dashboard</span></h1>
      ${
        mode
          ? html`<nav aria-label="views">
                ${VIEWS.map(([n, label]) => html`<a href=${`#${n}`} class=${n === r.name ? 'active' : ''} data-view=${n}>${label}</a>`)}
              </nav>
              <span class="meta" id="connection">${mode} mode</span>
              <button id="logout" type="button" class="link" onClick=${logout}>Forget key</button>`
          : null
      }
    </header>
    ${checking ? html`<p class="loading">Connecting…</p>` : null}
    ${!checking && !mode ? html`<${Login} onConnected=${setMode} message=${message} />` : null}
    ${mode ? html`<main id="main" data-ready="true"><${View} key=${r.name} id=${r.id} /></main>` : null}
  `;
}

render(html`<${App} />`, document.getElementById('app'));
