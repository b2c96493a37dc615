// Users (admins): the list with roles, quotas and whether they are disabled; create a user; and a
// user's page to change their role, quotas or disabled flag, delete them, and issue and revoke
// their API tokens (the Tokens page's own form and list, for that user).

import { del, get, patch, post } from './api.js';
import { actionButton, badge, errorBox, fill, h, time } from './dom.js';
import { tokenManager } from './tokens.js';

const ROLES = ['user', 'operator', 'admin'];

/** The four limits as the API names them; a limit not set falls back to the gateway's default. */
const QUOTAS = [
  { key: 'maxActiveJobs', label: 'Active jobs', step: 1 },
  { key: 'maxEnvironments', label: 'Environments', step: 1 },
  { key: 'maxEnvironmentCpus', label: 'Environment CPUs', step: 'any' },
  { key: 'maxEnvironmentMemoryMb', label: 'Environment memory (MB)', step: 1 },
];

export async function render(view, page) {
  if (page.params.length > 0) {
    await renderUser(view, page, page.params[0]);
  } else {
    await renderList(view, page);
  }
}

function roleSelect(id, selected) {
  return h('select', { id }, ROLES.map((role) => h('option', { value: role, selected: role === selected }, role)));
}

/** Inputs for the quotas, named id-prefix + key, filled with what quotas sets. */
function quotaInputs(prefix, quotas = {}) {
  return Object.fromEntries(QUOTAS.map(({ key, step }) => [key, h('input', {
    id: prefix + key, type: 'number', min: 0, step, size: 8, placeholder: 'default',
    value: quotas?.[key] ?? '',
  })]));
}

/** The quotas the inputs set, or null when none is filled in. */
function quotasFrom(inputs) {
  const quotas = {};
  for (const [key, input] of Object.entries(inputs)) {
    if (input.value !== '') quotas[key] = Number(input.value);
  }
  return Object.keys(quotas).length > 0 ? quotas : null;
}

function quotaText(quotas) {
  const set = QUOTAS.filter(({ key }) => quotas?.[key] !== null && quotas?.[key] !== undefined);
  if (set.length === 0) {
    return h('span', { class: 'muted' }, 'defaults');
  }
  return h('span', { class: 'chips' }, set.map(({ key, label }) => h('span', { class: 'chip' }, `${label}: ${quotas[key]}`)));
}

function quotaFields(inputs) {
  return QUOTAS.flatMap(({ key, label }) => [h('label', { for: inputs[key].id }, label), inputs[key]]);
}

async function renderList(view, page) {
  const name = h('input', { id: 'user-name', required: true, placeholder: 'alice', size: 16, spellcheck: 'false' });
  const role = roleSelect('user-role', 'user');
  const quotas = quotaInputs('user-new-');
  const outcome = h('div', { id: 'user-outcome' });
  const body = h('tbody', { id: 'user-rows' });
  fill(view,
    h('h1', {}, 'Users'),
    h('h2', {}, 'New user'),
    h('form', { class: 'grid', id: 'user-form', onsubmit: (event) => { event.preventDefault(); create(); } },
      h('label', { for: 'user-name' }, 'Name'), name,
      h('label', { for: 'user-role' }, 'Role'), role,
      quotaFields(quotas),
      h('p', { class: 'muted wide' }, 'Quotas left empty are the gateway\'s defaults.'),
      h('p', { class: 'wide' }, h('button', { type: 'submit', class: 'primary', id: 'user-create' }, 'Create user'))),
    outcome,
    h('h2', {}, 'All users'),
    h('table', { id: 'users' },
      h('thead', {}, h('tr', {}, ['Name', 'Role', 'State', 'Quotas', 'Created'].map((x) => h('th', {}, x)))),
      body));

  async function create() {
    outcome.replaceChildren();
    const request = { name: name.value.trim(), role: role.value };
    const set = quotasFrom(quotas);
    if (set) request.quotas = set;
    try {
      const user = await post('/api/v1/users', request, page.signal);
      location.hash = `#/users/${encodeURIComponent(user.name)}`;
    } catch (error) {
      outcome.append(errorBox(error));
    }
  }

  async function refresh() {
    const users = await get('/api/v1/users', page.signal);
    fill(body, users.map((user) => h('tr', { dataset: { user: user.name } },
      h('td', {}, h('a', { href: `#/users/${encodeURIComponent(user.name)}` }, user.name)),
      h('td', {}, user.role),
      h('td', {}, badge(user.disabled ? 'DISABLED' : 'ENABLED')),
      h('td', {}, quotaText(user.quotas)),
      h('td', {}, time(user.createdAt)))));
  }
  await refresh();
}

async function renderUser(view, page, name) {
  const path = `/api/v1/users/${encodeURIComponent(name)}`;
  const user = await get(path, page.signal);
  const role = roleSelect('user-edit-role', user.role);
  const disabled = h('input', { id: 'user-edit-disabled', type: 'checkbox', checked: user.disabled });
  const quotas = quotaInputs('user-edit-', user.quotas);
  const outcome = h('div', { id: 'user-outcome' });
  const tokens = tokenManager(name, page.signal);
  const deleting = actionButton('Delete user', async () => {
    if (!window.confirm(`Delete user ${name}? Their tokens stop working at once; their jobs stay.`)) {
      return;
    }
    await del(path, page.signal);
    location.hash = '#/users';
  }, { danger: true, errorTarget: outcome });
  deleting.id = 'user-delete';

  fill(view,
    h('p', {}, h('a', { href: '#/users' }, '← Users')),
    h('h1', {}, 'User ', name),
    h('p', { class: 'muted' }, 'Created ', time(user.createdAt), ', changed ', time(user.updatedAt), '.'),
    h('form', { class: 'grid', id: 'user-edit', onsubmit: (event) => { event.preventDefault(); save(); } },
      h('label', { for: 'user-edit-role' }, 'Role'), role,
      h('label', { for: 'user-edit-disabled' }, 'Disabled (their tokens are refused)'), disabled,
      quotaFields(quotas),
      h('p', { class: 'muted wide' }, 'An emptied quota keeps its value: the API has no way back to the default.'),
      h('p', { class: 'actions wide' },
        h('button', { type: 'submit', class: 'primary', id: 'user-save' }, 'Save'), deleting)),
    outcome,
    h('h2', {}, 'API tokens of ', name),
    tokens.element);

  async function save() {
    outcome.replaceChildren();
    const request = { role: role.value, disabled: disabled.checked };
    const set = quotasFrom(quotas);
    if (set) request.quotas = set;
    try {
      const changed = await patch(path, request, page.signal);
      outcome.append(h('div', { class: 'notice', role: 'status', id: 'user-saved' },
        `Saved: ${changed.role}, ${changed.disabled ? 'disabled' : 'enabled'}.`));
    } catch (error) {
      outcome.append(errorBox(error));
    }
  }
  await tokens.loaded;
}
