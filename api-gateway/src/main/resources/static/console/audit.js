// The audit trail (admins): newest first, filtered by actor and action, a page at a time.

import { get } from './api.js';
import { badge, fill, h, time } from './dom.js';

export async function render(view, page) {
  const actor = h('input', { id: 'audit-actor', placeholder: 'any actor', size: 14 });
  const action = h('input', { id: 'audit-action', placeholder: 'any action (job.submit…)', size: 22 });
  const body = h('tbody', { id: 'audit-rows' });
  const more = h('button', { type: 'button', hidden: true }, 'More');
  fill(view,
    h('h1', {}, 'Audit'),
    h('form', { class: 'toolbar', onsubmit: (event) => { event.preventDefault(); load(true); } },
      h('label', { for: 'audit-actor' }, 'Actor'), actor,
      h('label', { for: 'audit-action' }, 'Action'), action,
      h('button', { type: 'submit' }, 'Filter')),
    h('table', { id: 'audit' },
      h('thead', {}, h('tr', {}, ['At', 'Actor', 'Role', 'Action', 'Target', 'Outcome', 'Source'].map((x) => h('th', {}, x)))),
      body),
    more);

  let cursor = null;
  async function load(reset) {
    if (reset) {
      cursor = null;
      body.replaceChildren();
    }
    const params = new URLSearchParams({ limit: '100' });
    if (actor.value.trim()) params.set('actor', actor.value.trim());
    if (action.value.trim()) params.set('action', action.value.trim());
    if (cursor) params.set('cursor', cursor);
    const result = await get('/api/v1/audit?' + params, page.signal);
    for (const entry of result.items) {
      body.append(h('tr', {},
        h('td', {}, time(entry.at)),
        h('td', {}, entry.actor ?? ''),
        h('td', {}, entry.role ?? ''),
        h('td', { class: 'mono' }, entry.action ?? ''),
        h('td', { class: 'mono' }, entry.target ?? ''),
        h('td', {}, entry.outcome ? badge(String(entry.outcome)) : ''),
        h('td', {}, entry.source ?? '')));
    }
    cursor = result.nextCursor;
    more.hidden = !cursor;
  }
  more.addEventListener('click', () => load(false));
  await load(true);
}
