// API tokens of one user: create one (its secret is shown this once; Slipway keeps only its hash)
// and revoke. The Tokens page shows the signed-in user's; the Users page shows any user's to an
// admin through tokenManager.

import { del, get, post } from './api.js';
import { actionButton, errorBox, fill, h, time } from './dom.js';

export async function render(view, page) {
  const manager = tokenManager(page.me.name, page.signal);
  fill(view, h('h1', {}, 'API tokens of ', page.me.name), manager.element);
  await manager.loaded;
}

/** The form and list of userName's tokens: element to place, loaded once the list is read. */
export function tokenManager(userName, signal) {
  const base = `/api/v1/users/${encodeURIComponent(userName)}/tokens`;
  const name = h('input', { id: 'token-name', required: true, placeholder: 'ci', size: 20 });
  const days = h('input', { id: 'token-days', type: 'number', min: 1, max: 365, placeholder: '30', size: 6 });
  const created = h('div', { id: 'token-created' });
  const list = h('div', { id: 'token-list' });
  const errors = h('div', {});
  const element = h('div', { class: 'tokens' },
    h('form', { class: 'toolbar', id: 'token-form', onsubmit: (event) => { event.preventDefault(); create(); } },
      h('label', { for: 'token-name' }, 'Name'), name,
      h('label', { for: 'token-days' }, 'Expires in (days)'), days,
      h('button', { type: 'submit', class: 'primary' }, 'Create token')),
    created, errors, list);

  async function create() {
    created.replaceChildren();
    try {
      const body = { name: name.value.trim() };
      if (days.value) body.expiresInDays = Number(days.value);
      const token = await post(base, body, signal);
      fill(created, h('div', { class: 'notice', role: 'status' },
        h('p', {}, 'Token ', h('strong', {}, token.name), ' of ', userName, ' created, expiring ',
          time(token.expiresAt), '. Copy it now: it is not shown again.'),
        h('p', { class: 'secret', id: 'token-secret' }, token.token)));
      name.value = '';
      await refresh();
    } catch (error) {
      created.append(errorBox(error));
    }
  }

  async function refresh() {
    const tokens = await get(base, signal);
    fill(list, tokens.length === 0 ? h('p', { class: 'muted' }, 'No tokens.') : h('table', {},
      h('thead', {}, h('tr', {}, ['Name', 'Id', 'Created', 'Expires', 'Last used', ''].map((x) => h('th', {}, x)))),
      h('tbody', {}, tokens.map((token) => h('tr', { dataset: { token: token.id } },
        h('td', {}, token.name),
        h('td', { class: 'mono' }, token.id),
        h('td', {}, time(token.createdAt)),
        h('td', {}, time(token.expiresAt)),
        h('td', {}, time(token.lastUsedAt)),
        h('td', {}, actionButton('Revoke', async () => {
          await del(`${base}/${encodeURIComponent(token.id)}`, signal);
          await refresh();
        }, { danger: true, errorTarget: errors })))))));
  }

  return { element, loaded: refresh() };
}
