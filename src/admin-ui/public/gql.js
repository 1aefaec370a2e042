/* global fetch, sessionStorage */
// GraphQL over fetch with the admin key from sessionStorage (gone when the tab closes).

const KEY_STORAGE = 'tailor.adminKey';

export class GraphqlError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export const adminKey = {
  get: () => sessionStorage.getItem(KEY_STORAGE) ?? '',
  set: (key) => sessionStorage.setItem(KEY_STORAGE, key),
  clear: () => sessionStorage.removeItem(KEY_STORAGE),
};

/** POST /graphql; resolves to `data`, throws GraphqlError with the server's first message and code. */
export async function gql(query, variables = {}, { signal, key = adminKey.get() } = {}) {
  const headers = { 'content-type': 'application/json', 'x-tailor-cache': 'bypass' };
  if (key) headers.authorization = `Bearer ${key}`;
  let res;
  try {
    res = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify({ query, variables }), signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new GraphqlError(`Network error: ${e.message}`, 'NETWORK', 0);
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new GraphqlError(`HTTP ${res.status} without a JSON body`, 'HTTP', res.status);
  }
  if (body.errors?.length) {
    const first = body.errors[0];
    throw new GraphqlError(first.message, first.extensions?.code ?? 'ERROR', res.status);
  }
  if (!res.ok) throw new GraphqlError(`HTTP ${res.status}`, 'HTTP', res.status);
  return body.data;
}
