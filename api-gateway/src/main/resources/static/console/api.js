// The gateway's API as the console calls it: the token from localStorage as a bearer header (never
// a cookie, so no other site can make the browser send it), JSON in and out, and problem+json
// answers turned into ApiError. A 401 anywhere signs out and shows the sign-in form.

const TOKEN_KEY = 'slipway.token'; // the web terminal reads the same key

let onUnauthorized = () => {};

/** A failed call: status 0 when the gateway could not be reached; problem is the problem+json body. */
export class ApiError extends Error {
  constructor(status, detail, problem) {
    super(detail);
    this.status = status;
    this.problem = problem ?? null;
  }

  /** The problem's field errors, [{field, reason}], empty when it named none. */
  get fieldErrors() {
    return Array.isArray(this.problem?.errors) ? this.problem.errors : [];
  }
}

export const token = {
  get: () => localStorage.getItem(TOKEN_KEY),
  set: (value) => localStorage.setItem(TOKEN_KEY, value),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

/** What happens on a 401: the app shows sign-in. */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export function authHeaders(extra = {}) {
  return { Authorization: 'Bearer ' + (token.get() ?? ''), ...extra };
}

/** Called with a response that is not ok: throws its problem as an ApiError. */
export async function failWith(response) {
  const text = await response.text().catch(() => '');
  let problem = null;
  try {
    problem = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: a proxy's error page, say
  }
  const detail = problem?.detail || problem?.title || `${response.status} ${response.statusText}`.trim();
  if (response.status === 401) {
    onUnauthorized(detail);
  }
  throw new ApiError(response.status, detail, problem);
}

async function send(method, path, body, signal) {
  const headers = authHeaders({ Accept: 'application/json, application/problem+json' });
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  try {
    return await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    if (error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError(0, 'the gateway cannot be reached');
  }
}

/** One call; resolves with the parsed JSON body (null for an empty one). */
export async function api(method, path, body, signal) {
  const response = await send(method, path, body, signal);
  if (!response.ok) {
    await failWith(response);
  }
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path, signal) => api('GET', path, undefined, signal);
export const post = (path, body, signal) => api('POST', path, body, signal);
export const patch = (path, body, signal) => api('PATCH', path, body, signal);
export const del = (path, signal) => api('DELETE', path, undefined, signal);

/**
 * Sends a file as the whole body (an upload), streamed by the browser from disk rather than read
 * into the page; resolves with the parsed JSON answer.
 */
export async function postFile(path, file, contentType, signal) {
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: authHeaders({ Accept: 'application/json, application/problem+json', 'Content-Type': contentType }),
      body: file,
      credentials: 'omit',
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    if (error.name === 'AbortError') {
      throw error;
    }
    throw new ApiError(0, 'the gateway cannot be reached');
  }
  if (!response.ok) {
    await failWith(response);
  }
  return response.json();
}

/**
 * Downloads a file that needs the token: a link cannot send a header, so the file is fetched, made
 * a blob and saved through an object URL, which is let go once the browser has it.
 */
export async function download(path, filename) {
  const response = await send('GET', path);
  if (!response.ok) {
    await failWith(response);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
