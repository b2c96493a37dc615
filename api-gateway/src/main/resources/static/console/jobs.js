// Jobs: the newest first, filtered by state and owner (asked of the API) and pool (of the jobs
// listed), kept current by the every-job event stream: a changed job is read again and moved up.

import { get } from './api.js';
import { badge, fill, h, time } from './dom.js';
import { follow } from './sse.js';

const STATES = ['', 'QUEUED', 'RUNNING', 'CANCELLING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'TIMED_OUT'];

export async function render(view, page) {
  const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const filters = {
    state: h('select', { id: 'filter-state' }, STATES.map((s) => h('option', { value: s }, s || 'any state'))),
    pool: h('input', { id: 'filter-pool', placeholder: 'any pool', size: 12 }),
    owner: h('input', { id: 'filter-owner', placeholder: page.canOperate ? 'any owner' : page.me.name, size: 12 }),
  };
  filters.state.value = query.get('state') ?? '';
  filters.pool.value = query.get('pool') ?? '';
  filters.owner.value = query.get('owner') ?? '';
  if (!page.canOperate) {
    filters.owner.disabled = true; // a user sees only their own
  }
  const live = h('span', { class: 'stream-state', id: 'jobs-live' }, 'connecting…');
  const body = h('tbody', { id: 'jobs-rows' });
  const more = h('button', { type: 'button', hidden: true }, 'More');
  fill(view,
    h('h1', {}, 'Jobs'),
    h('div', { class: 'toolbar' },
      h('label', { for: 'filter-state' }, 'State'), filters.state,
      h('label', { for: 'filter-pool' }, 'Pool'), filters.pool,
      h('label', { for: 'filter-owner' }, 'Owner'), filters.owner,
      h('a', { href: '#/submit' }, 'Submit a job'),
      live),
    h('table', { id: 'jobs' },
      h('thead', {}, h('tr', {}, ['Job', 'State', 'Owner', 'Pool', 'Image', 'Attempt', 'Worker', 'Created', 'Finished']
        .map((heading) => h('th', {}, heading)))),
      body),
    more);

  const rows = new Map(); // job id → tr
  let cursor = null;

  const matches = (job) =>
    (!filters.state.value || job.state === filters.state.value)
    && (!filters.pool.value || job.spec?.pool === filters.pool.value)
    && (!filters.owner.value || job.owner === filters.owner.value);

  function row(job) {
    return h('tr', { dataset: { jobId: job.id, state: job.state, pool: job.spec?.pool ?? '' } },
      h('td', {}, h('a', { href: `#/jobs/${encodeURIComponent(job.id)}`, class: 'mono' }, job.id.slice(0, 13) + '…')),
      h('td', {}, badge(job.state)),
      h('td', {}, job.owner),
      h('td', {}, job.spec?.pool ?? ''),
      h('td', { class: 'mono' }, job.spec?.image ?? ''),
      h('td', {}, String(job.attempt)),
      h('td', {}, job.workerId ?? ''),
      h('td', {}, time(job.createdAt)),
      h('td', {}, time(job.finishedAt)));
  }

  function upsert(job, fresh) {
    const old = rows.get(job.id);
    if (!matches(job)) {
      old?.remove();
      rows.delete(job.id);
      return;
    }
    const tr = row(job);
    if (fresh) {
      tr.classList.add('fresh');
    }
    if (old) {
      old.replaceWith(tr);
    } else if (fresh) {
      body.prepend(tr);
    } else {
      body.append(tr);
    }
    rows.set(job.id, tr);
  }

  async function load(reset) {
    if (reset) {
      rows.clear();
      body.replaceChildren();
      cursor = null;
    }
    const params = new URLSearchParams({ limit: '50' });
    if (filters.state.value) params.set('state', filters.state.value);
    if (filters.owner.value) params.set('owner', filters.owner.value);
    if (cursor) params.set('cursor', cursor);
    const pageOfJobs = await get('/api/v1/jobs?' + params, page.signal);
    pageOfJobs.items.forEach((job) => upsert(job, false));
    cursor = pageOfJobs.nextCursor;
    more.hidden = !cursor;
  }

  function filtersChanged() {
    const params = new URLSearchParams();
    for (const [name, input] of Object.entries(filters)) {
      if (input.value) params.set(name, input.value);
    }
    history.replaceState(null, '', '#/jobs' + (params.size ? '?' + params : ''));
    load(true).catch(show);
  }
  const show = (error) => {
    if (!page.signal.aborted) view.append(h('div', { class: 'error' }, error.message));
  };
  filters.state.addEventListener('change', filtersChanged);
  filters.pool.addEventListener('change', filtersChanged);
  filters.owner.addEventListener('change', filtersChanged);
  more.addEventListener('click', () => load(false).catch(show));

  await load(true);

  // Live: every job's state changes; the job is read again, as the event holds only the change.
  follow('/api/v1/events', {
    signal: page.signal,
    onState: (state, detail) => (live.textContent = state === 'open' ? '● live' : detail ?? state),
    onEvent: (event) => {
      if (event.event !== 'state') return;
      const change = JSON.parse(event.data);
      get(`/api/v1/jobs/${encodeURIComponent(change.jobId)}`, page.signal)
        .then((job) => upsert(job, true))
        .catch(() => {}); // gone or not ours to see
    },
  });
}
