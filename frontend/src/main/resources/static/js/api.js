// Same-origin JSON calls for the console's page scripts: the session cookie authenticates them, so
// every state change carries the CSRF token the layout puts in its <meta> tags.
const csrfHeader = document.querySelector('meta[name="csrf-header"]')?.content;
const csrfToken = document.querySelector('meta[name="csrf-token"]')?.content;

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// The CSRF header a state change carries, as { name: token }; empty on a page without a session.
export function csrfHeaders() {
  return csrfHeader && csrfToken ? { [csrfHeader]: csrfToken } : {};
}

// A FormData body ({@code form}) goes as multipart, its content type (with the boundary) set by the browser.
export async function api(url, { method = 'GET', json, form, accept = 'application/json' } = {}) {
  const headers = { Accept: accept, ...(method !== 'GET' ? csrfHeaders() : {}) };
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(url, {
    method,
    headers,
    body: form ?? (json === undefined ? undefined : JSON.stringify(json)),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (!response.ok) {
    throw new ApiError(response.status, await problemText(response));
  }
  return response;
}

// Errors are RFC 9457 problem details; their detail is written for the user.
async function problemText(response) {
  try {
    const problem = await response.json();
    return problem.detail || problem.title || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}
