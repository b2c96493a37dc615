// One job: its facts and spec, its state changes (one row per change, so every attempt shows),
// the live log with ANSI colours, its artifacts and a cancel button.

import { download, get, post } from './api.js';
import { ansiRenderer } from './ansi.js';
import { actionButton, badge, bytes, fill, h, time } from './dom.js';
import { follow } from './sse.js';

const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT']);
const MAX_LINES = 20_000; // the page keeps the newest; the whole log is at /api/v1/jobs/{id}/log

export async function render(view, page) {
  const [id] = page.params;
  const path = `/api/v1/jobs/${encodeURIComponent(id)}`;
  let job = await get(path, page.signal);

  const title = h('h1', {});
  const errors = h('div', {});
  const facts = h('dl', { class: 'facts', id: 'job-facts' });
  const spec = h('pre', { class: 'spec', id: 'job-spec' });
  const changes = h('tbody', { id: 'job-changes' });
  const artifacts = h('div', { id: 'job-artifacts' }, h('span', { class: 'muted' }, 'kept once the job ends'));
  const log = h('pre', { class: 'log', id: 'job-log', tabindex: '0', 'aria-label': 'log' });
  const jump = h('button', { type: 'button', class: 'jump', id: 'job-log-jump', hidden: true }, 'Jump to end ↓');
  const logState = h('span', { class: 'stream-state', id: 'job-log-state' }, 'connecting…');
  const cancel = actionButton('Cancel job', async () => {
    showJob(await post(`${path}/cancel`, undefined, page.signal));
  }, { danger: true, errorTarget: errors });
  cancel.id = 'job-cancel';

  fill(view,
    h('p', {}, h('a', { href: '#/jobs' }, '← Jobs')),
    title, errors,
    h('div', { class: 'columns' },
      h('div', {}, h('h2', {}, 'Job'), facts),
      h('div', {}, h('h2', {}, 'Spec'), spec)),
    h('h2', {}, 'Log ', logState),
    h('div', { class: 'log-wrap' }, log, jump),
    h('div', { class: 'columns' },
      h('div', {}, h('h2', {}, 'State changes'),
        h('table', {}, h('thead', {}, h('tr', {}, ['Attempt', 'Change', 'Worker', 'At', 'Note'].map((x) => h('th', {}, x)))),
          changes)),
      h('div', {}, h('h2', {}, 'Artifacts'), artifacts)));

  function showJob(next) {
    job = next;
    fill(title, 'Job ', h('span', { class: 'mono' }, job.id), ' ', badge(job.state), ' ',
      FINISHED.has(job.state) ? null : cancel);
    title.querySelector('.badge').id = 'job-state';
    const fact = (name, value) => [h('dt', {}, name), h('dd', {}, value ?? h('span', { class: 'muted' }, '—'))];
    fill(facts,
      fact('Owner', job.owner),
      fact('Image', h('code', {}, job.spec?.image ?? '')),
      fact('Pool', job.spec?.pool),
      fact('Attempt', `${job.attempt} of at most ${job.spec?.maxAttempts ?? '?'} (${job.failures} failed by the platform)`),
      fact('Worker', job.workerId),
      fact('Exit code', job.exitCode === null || job.exitCode === undefined ? null : String(job.exitCode)),
      fact('Error', job.error),
      fact('Created', time(job.createdAt)),
      fact('Started', time(job.startedAt)),
      fact('Finished', time(job.finishedAt)),
      fact('Cancel asked', job.cancelRequestedAt ? time(job.cancelRequestedAt) : null),
      fact('Updated', time(job.updatedAt)));
    spec.textContent = JSON.stringify(job.spec, null, 2);
    if (FINISHED.has(job.state)) {
      loadArtifacts();
    }
  }
  showJob(job);

  // --- the log: autoscroll while the reader is at the bottom; scrolling up stops it ---------------
  const paint = ansiRenderer();
  let stick = true;
  let lines = 0;
  const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 4;
  const toEnd = () => {
    stick = true;
    log.scrollTop = log.scrollHeight;
    jump.hidden = true;
  };
  log.addEventListener('scroll', () => {
    stick = atBottom();
    jump.hidden = stick;
  });
  log.addEventListener('keydown', (event) => {
    if (event.key === 'End') {
      event.preventDefault();
      toEnd();
    }
  });
  jump.addEventListener('click', toEnd);

  function addLine(stream, text) {
    const line = h('span', { class: stream === 'stderr' ? 'line stderr' : 'line' });
    paint(text, line);
    log.append(line); // a block each: copying the log gives one line per line
    if (++lines > MAX_LINES) {
      log.firstChild?.remove(); // the oldest line
    }
    if (stick) {
      log.scrollTop = log.scrollHeight;
    }
  }

  follow(`${path}/logs`, {
    signal: page.signal,
    onState: (state, detail) => {
      if (state === 'open') logState.textContent = '● live';
      else if (state === 'reconnecting') logState.textContent = detail;
    },
    onEvent: (event) => {
      if (event.event === 'stdout' || event.event === 'stderr') {
        addLine(event.event, event.data);
        return true;
      }
      if (event.event === 'end') {
        const end = JSON.parse(event.data);
        const exit = end.exitCode === null || end.exitCode === undefined ? '' : `, exit ${end.exitCode}`;
        logState.textContent = `ended: ${end.state}${exit}`;
        logState.dataset.ended = 'true';
        return false;
      }
      return true;
    },
  });

  // --- state changes: the history first, then live ------------------------------------------------
  follow(`${path}/events`, {
    signal: page.signal,
    onEvent: (event) => {
      if (event.event === 'state') {
        const change = JSON.parse(event.data);
        changes.append(h('tr', {},
          h('td', {}, String(change.attempt)),
          h('td', {}, change.from ? badge(change.from) : '', ' → ', badge(change.to)),
          h('td', {}, change.workerId ?? ''),
          h('td', {}, time(change.at)),
          h('td', {}, change.error ?? (change.exitCode === null || change.exitCode === undefined ? '' : `exit ${change.exitCode}`))));
        get(path, page.signal).then(showJob).catch(() => {});
        return true;
      }
      return event.event !== 'end';
    },
  });

  // --- artifacts: a download needs the token, so each is fetched as a blob -------------------------
  let artifactsLoaded = false;
  async function loadArtifacts() {
    if (artifactsLoaded) return;
    artifactsLoaded = true;
    let files;
    try {
      files = await get(`${path}/artifacts`, page.signal);
    } catch (error) {
      fill(artifacts, h('span', { class: 'muted' }, error.message));
      return;
    }
    if (files.length === 0) {
      fill(artifacts, h('span', { class: 'muted' }, 'none kept'));
      return;
    }
    const failed = h('div', {});
    const link = (label, href, name) => h('a', {
      href: '#' + location.hash.slice(1),
      onclick: (event) => {
        event.preventDefault();
        failed.replaceChildren();
        download(href, name).catch((error) => failed.append(h('div', { class: 'error' }, error.message)));
      },
    }, label);
    fill(artifacts,
      h('p', {}, link('All as a zip', `${path}/artifacts.zip`, `${job.id}-artifacts.zip`)),
      failed,
      h('table', {},
        h('thead', {}, h('tr', {}, ['File', 'Size', 'SHA-256'].map((x) => h('th', {}, x)))),
        h('tbody', {}, files.map((file) => h('tr', {},
          h('td', {}, link(file.path, `${path}/artifacts/${file.path.split('/').map(encodeURIComponent).join('/')}`,
            file.path.split('/').pop())),
          h('td', {}, bytes(file.size)),
          h('td', { class: 'mono', title: file.sha256 }, file.sha256.slice(0, 12) + '…'))))));
  }
}
