// Workers and pools, read again every 5 s. Operators and admins get cordon, uncordon and drain;
// users see no buttons (the API would refuse them with a 403 anyway).

import { get, post } from './api.js';
import { actionButton, badge, bytes, chips, fill, h, time } from './dom.js';

const REFRESH_MS = 5000;

/** What an operator may ask of a worker, after what was last asked of it; nothing of a gone one. */
function offered(worker) {
  if (worker.state === 'GONE') return [];
  if (worker.requested === 'DRAINING') return ['uncordon'];
  if (worker.requested === 'CORDONED') return ['uncordon', 'drain'];
  return ['cordon', 'drain'];
}

export async function render(view, page) {
  const errors = h('div', {});
  const pools = h('div', { id: 'pools' });
  const workers = h('div', { id: 'workers' });
  fill(view, h('h1', {}, 'Workers and pools'), errors, h('h2', {}, 'Pools'), pools, h('h2', {}, 'Workers'), workers);

  async function refresh() {
    const [workerList, poolList] = await Promise.all([
      get('/api/v1/workers', page.signal),
      get('/api/v1/pools', page.signal),
    ]);
    fill(pools, h('table', {},
      h('thead', {}, h('tr', {}, ['Pool', 'Backlog', 'Running', 'Free slots', 'Slots', 'Workers'].map((x) => h('th', {}, x)))),
      h('tbody', {}, poolList.map((pool) => h('tr', { dataset: { pool: pool.name } },
        h('td', {}, pool.name),
        h('td', {}, pool.queued === null ? '?' : String(pool.queued)),
        h('td', {}, String(pool.running)),
        h('td', {}, String(pool.freeSlots)),
        h('td', {}, String(pool.slots)),
        h('td', {}, pool.workers.join(', ')))))));
    const headings = ['Worker', 'State', 'Pools', 'Labels', 'Slots', 'Running', 'Host', 'Heartbeat'];
    if (page.canOperate) headings.push('');
    fill(workers, workerList.length === 0 ? h('p', { class: 'muted' }, 'No worker heartbeated lately.') : h('table', {},
      h('thead', {}, h('tr', {}, headings.map((x) => h('th', {}, x)))),
      h('tbody', {}, workerList.map((worker) => h('tr', { dataset: { worker: worker.id } },
        h('td', {}, worker.id),
        h('td', {}, badge(worker.state), worker.reason ? h('div', { class: 'muted' }, worker.reason) : null,
          worker.requested && worker.requested !== 'SCHEDULABLE' ? h('div', { class: 'muted' }, 'asked: ' + worker.requested) : null),
        h('td', {}, (worker.pools ?? []).join(', ')),
        h('td', {}, chips(worker.labels)),
        h('td', {}, `${worker.freeSlots} free of ${worker.slots}`),
        h('td', {}, String(worker.running?.length ?? 0)),
        h('td', {}, worker.host ?? '', h('div', { class: 'muted' },
          `${worker.cpus ?? '?'} CPUs, ${bytes(worker.memoryBytes)}, Docker ${worker.dockerVersion ?? '?'}`)),
        h('td', {}, time(worker.lastHeartbeatAt)),
        page.canOperate ? h('td', { class: 'actions' }, offered(worker).map((action) =>
          actionButton(action[0].toUpperCase() + action.slice(1), async () => {
            await post(`/api/v1/workers/${encodeURIComponent(worker.id)}/${action}`, undefined, page.signal);
            await refresh();
          }, { danger: action === 'drain', errorTarget: errors }))) : null)))));
  }

  await refresh();
  page.every(() => refresh().catch(() => {}), REFRESH_MS);
}
