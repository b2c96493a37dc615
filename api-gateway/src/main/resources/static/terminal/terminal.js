// The web terminal: one xterm.js screen on one terminal session of an environment.
//
//   /terminal.html?environment=ID             opens a new session, then names it in the URL
//   /terminal.html?environment=ID&session=SID reattaches to that session (so a reload reattaches)
//
// The API token lives in localStorage and goes out as a bearer header, never as a cookie. Frames on
// the WebSocket are binary, their first byte the channel (CHANNEL below). A socket that closes
// without a status frame is reconnected with a fresh single-use ticket, with backoff, until the
// session is reported ended; the server replays the recent screen on every connect.

const TOKEN_KEY = 'slipway.token';
const SUBPROTOCOL = 'v1.terminal.slipway';
const CHANNEL = { stdin: 0, output: 1, status: 3, resize: 4 };
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 5000;
const RESIZE_DEBOUNCE_MS = 100;

const params = new URLSearchParams(location.search);
const environmentId = params.get('environment');
const ui = {
  where: document.getElementById('where'),
  status: document.getElementById('status'),
  signin: document.getElementById('signin'),
  token: document.getElementById('token'),
  close: document.getElementById('close'),
  screen: document.getElementById('terminal'),
};
const encoder = new TextEncoder();

const term = new Terminal({
  cursorBlink: true,
  fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace',
  fontSize: 14,
  scrollback: 5000,
  theme: {
    background: '#0d1117',
    foreground: '#c9d1d9',
    cursor: '#c9d1d9',
    selectionBackground: '#264f78',
  },
});
const fitAddon = new FitAddon.FitAddon();
term.loadAddon(fitAddon);
term.open(ui.screen);
fitAddon.fit();

/** What tests and curious operators can read: kept current. */
const view = { term, sessionId: params.get('session'), state: 'connecting', mode: null };
window.slipwayTerminal = view;

let socket = null; // the open WebSocket, or null
let mode = 'write';
let ended = false;
let wake = null; // resolves the backoff wait early when the browser comes back online

/** A failed API call: status 0 when the gateway could not be reached at all. */
class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }

  get retryable() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }

  get sessionGone() {
    return this.status === 404 || this.status === 409 || this.status === 410;
  }
}

function setState(state, text) {
  view.state = state;
  ui.status.dataset.state = state;
  ui.status.textContent = text;
  ui.status.title = text;
}

async function api(method, path, body) {
  const headers = {
    Authorization: 'Bearer ' + localStorage.getItem(TOKEN_KEY),
    Accept: 'application/json, application/problem+json',
  };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'the gateway cannot be reached');
  }
  const text = await response.text().catch(() => '');
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: a proxy's error page, say
  }
  if (!response.ok) {
    const detail = json?.detail || json?.title || `${response.status} ${response.statusText}`.trim();
    throw new ApiError(response.status, detail);
  }
  return json;
}

// --- the socket ------------------------------------------------------------------------------------

/** The gateway takes frames of up to 1 MiB; a large paste goes out in pieces well below that. */
const MAX_FRAME_PAYLOAD = 64 * 1024;

function send(channel, payload) {
  if (socket?.readyState !== WebSocket.OPEN) {
    return;
  }
  for (let start = 0; start < payload.length || start === 0; start += MAX_FRAME_PAYLOAD) {
    const piece = payload.subarray(start, start + MAX_FRAME_PAYLOAD);
    const frame = new Uint8Array(piece.length + 1);
    frame[0] = channel;
    frame.set(piece, 1);
    socket.send(frame);
  }
}

function sendResize() {
  if (mode === 'write') {
    send(CHANNEL.resize, encoder.encode(JSON.stringify({ cols: term.cols, rows: term.rows })));
  }
}

/** Runs one socket to its close; resolves with whether it opened and the status frame, if any. */
function runSocket(ticket) {
  return new Promise((resolve) => {
    const url = (location.protocol === 'https:' ? 'wss' : 'ws') + '://' + location.host + ticket.websocket;
    let ws;
    try {
      ws = new WebSocket(url, SUBPROTOCOL);
    } catch {
      resolve({ opened: false, status: null });
      return;
    }
    ws.binaryType = 'arraybuffer';
    let opened = false;
    let status = null;
    ws.onopen = () => {
      opened = true;
      socket = ws;
      mode = ticket.mode === 'watch' ? 'watch' : 'write';
      view.mode = mode;
      term.options.disableStdin = mode !== 'write';
      term.reset(); // the server replays the screen first
      setState('connected', mode === 'write' ? 'connected' : 'watching (read-only)');
      if (mode === 'write') {
        fitAddon.fit();
        sendResize();
      } else {
        matchSessionSize();
      }
      term.focus();
    };
    ws.onmessage = (event) => {
      if (!(event.data instanceof ArrayBuffer) || event.data.byteLength === 0) {
        return;
      }
      const bytes = new Uint8Array(event.data);
      if (bytes[0] === CHANNEL.output) {
        term.write(bytes.subarray(1)); // bytes, not text: xterm joins UTF-8 split across frames
      } else if (bytes[0] === CHANNEL.status) {
        try {
          status = JSON.parse(new TextDecoder().decode(bytes.subarray(1)));
        } catch {
          status = { reason: 'ended', exitCode: null };
        }
      }
    };
    ws.onclose = () => {
      if (socket === ws) {
        socket = null;
      }
      resolve({ opened, status });
    };
  });
}

/** A watcher cannot resize the session: it shows the owner's size instead of its window's. */
async function matchSessionSize() {
  try {
    const session = await api('GET', `/api/v1/terminals/${encodeURIComponent(view.sessionId)}`);
    if (session?.cols > 0 && session?.rows > 0) {
      term.resize(session.cols, session.rows);
    }
    if (session?.owner) {
      ui.where.textContent = `${session.environmentId ?? environmentId ?? ''} · ${session.owner}'s session`;
    }
  } catch {
    // the size is cosmetic; the socket tells whether the session lives
  }
}

function sleep(ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      wake = null;
      resolve();
    }
    wake = done;
  });
}

/** Keeps the session attached until it ends: a fresh ticket and a new socket after every drop. */
async function attach(firstTicket) {
  let ticket = firstTicket;
  let delay = BACKOFF_FIRST_MS;
  let failures = 0; // tries since the last socket that opened
  for (let attempt = 0; !ended; attempt++) {
    if (attempt > 0) {
      const tries = failures > 0 ? ` (try ${failures + 1})` : '';
      setState('reconnecting', `reconnecting in ${(delay / 1000).toFixed(1)} s…${tries}`);
      await sleep(delay);
      delay = Math.min(delay * 2, BACKOFF_MAX_MS);
      if (ended) {
        return;
      }
      setState('reconnecting', `reconnecting…${tries}`);
    }
    failures++;
    try {
      ticket ??= await api('POST', `/api/v1/terminals/${encodeURIComponent(view.sessionId)}/tickets`);
    } catch (error) {
      if (error.retryable) {
        continue;
      }
      if (error.sessionGone) {
        await showEnded(error.message);
      } else {
        fail(error);
      }
      return;
    }
    const outcome = await runSocket(ticket);
    ticket = null;
    if (outcome.status) {
      end(outcome.status);
      return;
    }
    if (outcome.opened) {
      delay = BACKOFF_FIRST_MS;
      failures = 0;
    }
  }
}

// --- ending ----------------------------------------------------------------------------------------

function end(status) {
  ended = true;
  wake?.();
  term.options.disableStdin = true;
  ui.close.hidden = true;
  const exit = status.exitCode === null || status.exitCode === undefined ? '' : ` (exit ${status.exitCode})`;
  setState('ended', `ended: ${status.reason ?? 'ended'}${exit}`);
}

/** The session was gone when asked for a ticket: its record says why, when there still is one. */
async function showEnded(detail) {
  try {
    const session = await api('GET', `/api/v1/terminals/${encodeURIComponent(view.sessionId)}`);
    if (session?.state === 'ENDED') {
      end({ reason: session.endReason, exitCode: session.exitCode });
      return;
    }
  } catch {
    // no record left: the ticket's answer is all there is
  }
  end({ reason: detail, exitCode: null });
}

function fail(error) {
  if (error.status === 401) {
    askForToken('token refused: ' + error.message);
    return;
  }
  ended = true;
  ui.close.hidden = true;
  setState('error', error.message);
}

async function closeSession() {
  ui.close.disabled = true;
  try {
    await api('DELETE', `/api/v1/terminals/${encodeURIComponent(view.sessionId)}`);
    end({ reason: 'closed', exitCode: null });
    // The server's status frame and close follow; a socket that lingers goes anyway.
    const lingering = socket;
    setTimeout(() => lingering?.close(), 2000);
  } catch (error) {
    ui.close.disabled = false;
    setState(view.state, `could not close: ${error.message}`);
  }
}

// --- starting --------------------------------------------------------------------------------------

function askForToken(why) {
  setState('signin', why);
  ui.signin.hidden = false;
  ui.close.hidden = true;
  ui.token.focus();
}

ui.signin.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = ui.token.value.trim();
  if (!token) {
    return;
  }
  localStorage.setItem(TOKEN_KEY, token);
  ui.token.value = '';
  ui.signin.hidden = true;
  ended = false;
  start();
});

async function start() {
  if (!localStorage.getItem(TOKEN_KEY)) {
    askForToken('sign in with an API token');
    return;
  }
  if (!view.sessionId && !environmentId) {
    fail(new ApiError(400, 'no environment: open /terminal.html?environment=ID'));
    return;
  }
  setState('connecting', 'connecting…');
  let ticket = null;
  if (!view.sessionId) {
    try {
      fitAddon.fit();
      ticket = await api('POST', `/api/v1/environments/${encodeURIComponent(environmentId)}/terminals`, {
        cols: term.cols,
        rows: term.rows,
      });
    } catch (error) {
      // Not retried: a request that reached the gateway may have opened a session already.
      fail(error.status === 401 ? error : new ApiError(error.status, `no terminal: ${error.message}`));
      return;
    }
    view.sessionId = ticket.sessionId;
    const url = new URL(location.href);
    url.searchParams.set('session', ticket.sessionId);
    history.replaceState(null, '', url);
  }
  ui.where.textContent = [environmentId, view.sessionId].filter(Boolean).join(' · ');
  document.title = `${environmentId ?? view.sessionId} · Slipway terminal`;
  ui.close.hidden = false;
  ui.close.disabled = false;
  await attach(ticket);
}

// --- the screen ------------------------------------------------------------------------------------

term.onData((data) => {
  if (mode === 'write') {
    send(CHANNEL.stdin, encoder.encode(data));
  }
});

term.onBinary((data) => {
  if (mode === 'write') {
    send(CHANNEL.stdin, Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff));
  }
});

term.onResize(() => sendResize());

// Ctrl+Shift+C copies the selection (Ctrl+C stays the shell's interrupt). Ctrl+Shift+V is left to
// the browser: its paste event reaches xterm, which pastes without asking for clipboard permission
// (Ctrl+V itself is the shell's literal-next, as in any terminal); so does a middle click on Linux.
term.attachCustomKeyEventHandler((event) => {
  if (!event.ctrlKey || !event.shiftKey || event.altKey || event.metaKey || event.code !== 'KeyC') {
    return true;
  }
  if (event.type === 'keydown' && term.hasSelection()) {
    navigator.clipboard?.writeText(term.getSelection()).catch(() => {});
  }
  event.preventDefault();
  return false;
});

let resizeTimer = null;
new ResizeObserver(() => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (mode === 'write') {
      fitAddon.fit(); // a changed size reaches the server through onResize
    }
  }, RESIZE_DEBOUNCE_MS);
}).observe(ui.screen);

window.addEventListener('online', () => wake?.());
ui.close.addEventListener('click', closeSession);

start();
