// Server-Sent Events over fetch: EventSource cannot send an Authorization header, so this reads
// text/event-stream from a ReadableStream itself. It parses id/event/data/retry as the HTML
// standard says, reconnects with Last-Event-ID after a drop (backoff from the server's retry,
// doubling to 15 s), and stops for good when its signal aborts (the page changed) or the handler
// returns false (the stream said it ended).

import { authHeaders, failWith } from './api.js';

const MAX_DELAY_MS = 15_000;

/**
 * Follows one stream. onEvent({id, event, data}) is called per event; returning false stops.
 * onState(state, detail) hears 'open', 'reconnecting' and 'closed'. Resolves once it stopped.
 */
export async function follow(path, { signal, onEvent, onState = () => {}, lastEventId = null }) {
  let lastId = lastEventId;
  let delay = 1000;
  while (!signal.aborted) {
    let stopped = false;
    try {
      const headers = authHeaders({ Accept: 'text/event-stream' });
      if (lastId) {
        headers['Last-Event-ID'] = lastId;
      }
      const response = await fetch(path, { headers, credentials: 'omit', cache: 'no-store', signal });
      if (!response.ok) {
        if (response.status === 401 || (response.status < 500 && response.status !== 429)) {
          onState('closed', (await failWith(response).catch((error) => error)).message);
          return;
        }
        throw new Error(`${response.status}`);
      }
      onState('open');
      for await (const event of events(response.body, (retry) => (delay = retry))) {
        if (event.id !== null) {
          lastId = event.id;
        }
        delay = Math.min(delay, 1000);
        if (onEvent(event) === false) {
          stopped = true;
          break;
        }
      }
    } catch (error) {
      if (signal.aborted || error.name === 'AbortError') {
        return;
      }
    }
    if (stopped) {
      onState('closed');
      return;
    }
    onState('reconnecting', `reconnecting in ${(delay / 1000).toFixed(1)} s`);
    await sleep(delay, signal);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}

/** The events of one response body, as the standard's parser dispatches them. */
async function* events(body, setRetry) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let id = null;
  let type = '';
  let data = [];
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      let end;
      while ((end = lineEnd(buffer)) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(buffer[end] === '\r' && buffer[end + 1] === '\n' ? end + 2 : end + 1);
        if (line === '') {
          if (data.length > 0) {
            yield { id, event: type || 'message', data: data.join('\n') };
          }
          type = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) {
          continue; // a comment: the keep-alive
        }
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) {
          value = value.slice(1);
        }
        if (field === 'data') {
          data.push(value);
        } else if (field === 'event') {
          type = value;
        } else if (field === 'id' && !value.includes('\0')) {
          id = value;
        } else if (field === 'retry' && /^\d+$/.test(value)) {
          setRetry(Number(value));
        }
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** Where the first line of buffer ends; a lone \r at the very end may yet be a \r\n, so waits. */
function lineEnd(buffer) {
  for (let i = 0; i < buffer.length; i++) {
    if (buffer[i] === '\n') {
      return i;
    }
    if (buffer[i] === '\r') {
      return i + 1 < buffer.length ? i : -1;
    }
  }
  return -1;
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
