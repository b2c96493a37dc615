// Templates and environments. The list (#/environments): templates (operators and admins write
// them), a create form and every environment with its actions. One environment
// (#/environments/ID): its facts, a lifetime countdown, a sparkline of its stats stream, and the
// terminal tab, which opens the web terminal (/terminal.html) on it in a browser tab of its own.

import { del, get, post } from './api.js';
import { actionButton, badge, errorBox, fill, fromNow, h, time } from './dom.js';
import { sparkline } from './sparkline.js';
import { follow } from './sse.js';

const OVER = new Set(['EXPIRED', 'REMOVED', 'FAILED']);
const REFRESH_MS = 3000;

export function render(view, page) {
  return page.detail ? renderOne(view, page) : renderList(view, page);
}

/** The buttons an environment in this state can use; the API refuses the others with a 409. */
function actions(environment, page, errors, after) {
  const path = `/api/v1/environments/${encodeURIComponent(environment.id)}`;
  const run = (label, call, danger = false) => actionButton(label, async () => {
    await call();
    await after();
  }, { danger, errorTarget: errors });
  const buttons = [];
  if (environment.state === 'STOPPED') buttons.push(run('Start', () => post(`${path}/start`, undefined, page.signal)));
  if (environment.state === 'RUNNING') {
    buttons.push(run('Stop', () => post(`${path}/stop`, undefined, page.signal)));
    buttons.push(run('Restart', () => post(`${path}/restart`, undefined, page.signal)));
  }
  if (!OVER.has(environment.state) && !environment.removeRequested) {
    buttons.push(run('Remove', () => del(path, page.signal), true));
  }
  return h('span', { class: 'actions' }, buttons);
}

async function renderList(view, page) {
  const errors = h('div', {});
  const templates = h('div', { id: 'templates' });
  const environments = h('div', { id: 'environments' });
  const templateChoice = h('select', { id: 'env-template', required: true });
  const name = h('input', { id: 'env-name', placeholder: '(template name and a suffix)', size: 24 });
  const ttl = h('input', { id: 'env-ttl', placeholder: 'PT4H (template default)', size: 14 });
  const createErrors = h('div', {});
  const createForm = h('form', { class: 'toolbar', id: 'env-create', onsubmit: (event) => { event.preventDefault(); create(); } },
    h('label', { for: 'env-template' }, 'Template'), templateChoice,
    h('label', { for: 'env-name' }, 'Name'), name,
    h('label', { for: 'env-ttl' }, 'Lifetime'), ttl,
    h('button', { type: 'submit', class: 'primary', id: 'env-create-button' }, 'Create environment'));

  const templateJson = h('textarea', { id: 'template-json', class: 'json', spellcheck: 'false' });
  templateJson.value = JSON.stringify({
    name: 'box', image: 'busybox:latest', pool: 'default',
    resources: { cpus: 0.5, memoryMb: 128, pidsLimit: 100 }, ttl: 'PT8H', maxTtl: 'P7D', idleStopAfter: 'PT2H',
  }, null, 2);
  const templateErrors = h('div', {});
  const templateForm = page.canOperate ? h('details', { class: 'panel' },
    h('summary', {}, 'New template (JSON, as POST /api/v1/templates takes it)'),
    templateJson, templateErrors,
    h('p', {}, actionButton('Create template', async () => {
      templateErrors.replaceChildren();
      let body;
      try {
        body = JSON.parse(templateJson.value);
      } catch (error) {
        templateErrors.append(h('div', { class: 'error' }, 'Not JSON: ' + error.message));
        return;
      }
      try {
        await post('/api/v1/templates', body, page.signal);
        await refresh();
      } catch (error) {
        templateErrors.append(errorBox(error));
      }
    }))) : null;

  fill(view,
    h('h1', {}, 'Environments'),
    errors,
    h('div', { class: 'panel' }, createForm, createErrors),
    environments,
    h('h2', {}, 'Templates'),
    templates,
    templateForm);

  async function create() {
    createErrors.replaceChildren();
    const body = { template: templateChoice.value };
    if (name.value.trim()) body.name = name.value.trim();
    if (ttl.value.trim()) body.ttl = ttl.value.trim();
    try {
      const environment = await post('/api/v1/environments', body, page.signal);
      location.hash = `#/environments/${encodeURIComponent(environment.id)}`;
    } catch (error) {
      createErrors.append(errorBox(error));
    }
  }

  async function refresh() {
    const [templateList, environmentPage] = await Promise.all([
      get('/api/v1/templates', page.signal),
      get('/api/v1/environments?limit=100', page.signal),
    ]);
    const chosen = templateChoice.value;
    fill(templateChoice, templateList.map((stored) => h('option', { value: stored.template.name }, stored.template.name)));
    if (chosen) templateChoice.value = chosen;

    fill(templates, templateList.length === 0 ? h('p', { class: 'muted' }, 'No templates yet.') : h('table', {},
      h('thead', {}, h('tr', {}, ['Template', 'Image', 'Pool', 'Lifetime', 'Idle stop', 'Author', ''].map((x) => h('th', {}, x)))),
      h('tbody', {}, templateList.map(({ template, author }) => h('tr', { dataset: { template: template.name } },
        h('td', {}, template.name, template.description ? h('div', { class: 'muted' }, template.description) : null),
        h('td', { class: 'mono' }, template.image),
        h('td', {}, template.pool ?? 'default'),
        h('td', {}, `${template.ttl ?? ''} (at most ${template.maxTtl ?? ''})`),
        h('td', {}, template.idleStopAfter ?? 'never'),
        h('td', {}, author ?? ''),
        h('td', {}, page.canOperate ? actionButton('Delete', async () => {
          await del(`/api/v1/templates/${encodeURIComponent(template.name)}`, page.signal);
          await refresh();
        }, { danger: true, errorTarget: errors }) : null))))));

    const items = environmentPage.items;
    fill(environments, items.length === 0 ? h('p', { class: 'muted' }, 'No environments.') : h('table', {},
      h('thead', {}, h('tr', {}, ['Environment', 'State', 'Template', 'Owner', 'Worker', 'Expires', ''].map((x) => h('th', {}, x)))),
      h('tbody', {}, items.map((environment) => h('tr', { dataset: { environment: environment.id } },
        h('td', {}, h('a', { href: `#/environments/${encodeURIComponent(environment.id)}` }, environment.name)),
        h('td', {}, badge(environment.state)),
        h('td', {}, environment.template),
        h('td', {}, environment.owner),
        h('td', {}, environment.workerId ?? ''),
        h('td', {}, OVER.has(environment.state) ? '' : fromNow(environment.expiresAt)),
        h('td', {}, actions(environment, page, errors, refresh)))))));
  }

  await refresh();
  page.every(() => refresh().catch(() => {}), REFRESH_MS);
}

async function renderOne(view, page) {
  const [id] = page.params;
  const path = `/api/v1/environments/${encodeURIComponent(id)}`;
  let environment = await get(path, page.signal);

  const errors = h('div', {});
  const title = h('h1', {});
  const facts = h('dl', { class: 'facts', id: 'env-facts' });
  const countdown = h('span', { class: 'countdown', id: 'env-countdown' });
  const cpuLine = sparkline('cpu', 5); // percent of one core
  const memoryLine = sparkline('memory', 1024 * 1024);
  const statsText = h('span', { class: 'muted', id: 'env-stats' }, 'waiting for a sample…');
  const ttlInput = h('input', { id: 'env-new-ttl', placeholder: 'PT4H', size: 10 });
  const overview = h('div', { id: 'env-overview' });
  const terminal = h('div', { id: 'env-terminal', hidden: true });
  const overviewTab = h('button', { type: 'button', id: 'env-tab-overview', 'aria-selected': 'true' }, 'Overview');
  const terminalTab = h('button', { type: 'button', id: 'env-tab-terminal', 'aria-selected': 'false' }, 'Terminal');
  const buttons = h('span', {});

  fill(overview,
    h('div', { class: 'columns' },
      h('div', {}, facts),
      h('div', {},
        h('div', { class: 'panel' }, h('strong', {}, 'Lifetime: '), countdown,
          h('form', { class: 'toolbar', onsubmit: (event) => { event.preventDefault(); } },
            h('label', { for: 'env-new-ttl' }, 'New lifetime from now'), ttlInput,
            actionButton('Set', async () => {
              showEnvironment(await post(`${path}/ttl`, { ttl: ttlInput.value.trim() }, page.signal));
            }, { errorTarget: errors }))),
        h('div', { class: 'panel' },
          h('div', { class: 'stat' }, h('strong', {}, 'CPU'), cpuLine.svg),
          h('div', { class: 'stat' }, h('strong', {}, 'Memory'), memoryLine.svg),
          statsText))));

  fill(view,
    h('p', {}, h('a', { href: '#/environments' }, '← Environments')),
    title, errors,
    h('div', { class: 'tabs', role: 'tablist' }, overviewTab, terminalTab),
    overview, terminal);

  const showTab = (which) => {
    overview.hidden = which !== 'overview';
    terminal.hidden = which !== 'terminal';
    overviewTab.setAttribute('aria-selected', String(which === 'overview'));
    terminalTab.setAttribute('aria-selected', String(which === 'terminal'));
    if (which === 'terminal') refreshSessions();
  };
  overviewTab.addEventListener('click', () => showTab('overview'));
  terminalTab.addEventListener('click', () => showTab('terminal'));

  function showEnvironment(next) {
    environment = next;
    fill(title, environment.name, ' ', badge(environment.state), ' ', buttons);
    title.querySelector('.badge').id = 'env-state';
    fill(buttons, actions(environment, page, errors, async () => showEnvironment(await get(path, page.signal))));
    const fact = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? h('span', { class: 'muted' }, '—'))];
    fill(facts,
      fact('Id', h('code', {}, environment.id)),
      fact('Owner', environment.owner),
      fact('Template', environment.template),
      fact('Image', h('code', {}, environment.image)),
      fact('Worker', environment.workerId),
      fact('Resources', `${environment.resources?.cpus ?? '?'} CPUs, ${environment.resources?.memoryMb ?? '?'} MiB, ${environment.resources?.pidsLimit ?? '?'} processes`),
      fact('Health', environment.health),
      fact('Created', time(environment.createdAt)),
      fact('Last used', time(environment.lastActivityAt)),
      fact('Idle stop', environment.idleStopAt ? time(environment.idleStopAt) : null),
      fact('Expires', time(environment.expiresAt)),
      fact('Note', environment.error));
    tick();
    fillTerminal();
  }

  function tick() {
    if (OVER.has(environment.state)) {
      countdown.textContent = environment.state.toLowerCase();
      return;
    }
    const left = new Date(environment.expiresAt).getTime() - Date.now();
    countdown.textContent = left > 0 ? `expires ${fromNow(environment.expiresAt)}` : 'expiring now';
  }

  // --- the terminal tab --------------------------------------------------------------------------
  const sessions = h('div', { id: 'env-sessions' });
  const terminalErrors = h('div', {});
  function fillTerminal() {
    const running = environment.state === 'RUNNING';
    const target = `slipway-terminal-${environment.id}`;
    const open = h('a', {
      id: 'env-open-terminal',
      class: 'button primary',
      href: `terminal.html?environment=${encodeURIComponent(environment.id)}`,
      target,
      rel: 'noopener',
    }, 'Open a terminal');
    fill(terminal,
      h('p', {}, 'A shell in the environment, in a browser tab of its own (the web terminal, docs/terminal.md). ',
        'It reattaches after a reload or a dropped connection; closing the tab leaves the session until its idle timeout.'),
      h('p', {}, running ? open : h('span', { class: 'muted' }, 'The environment must be RUNNING.')),
      h('h2', {}, 'Sessions'), terminalErrors, sessions);
  }

  async function refreshSessions() {
    let list;
    try {
      list = await get(`${path}/terminals`, page.signal);
    } catch (error) {
      fill(sessions, h('span', { class: 'muted' }, error.message));
      return;
    }
    fill(sessions, list.length === 0 ? h('p', { class: 'muted' }, 'No open sessions.') : h('table', {},
      h('thead', {}, h('tr', {}, ['Session', 'Owner', 'State', 'Size', 'Opened', ''].map((x) => h('th', {}, x)))),
      h('tbody', {}, list.map((session) => h('tr', {},
        h('td', {}, h('a', {
          href: `terminal.html?environment=${encodeURIComponent(environment.id)}&session=${encodeURIComponent(session.sessionId)}`,
          target: `slipway-terminal-${session.sessionId}`,
          rel: 'noopener',
          class: 'mono',
        }, session.sessionId.slice(0, 13) + '…')),
        h('td', {}, session.owner),
        h('td', {}, badge(session.state)),
        h('td', {}, `${session.cols}×${session.rows}`),
        h('td', {}, time(session.createdAt)),
        h('td', {}, actionButton('Close', async () => {
          await del(`/api/v1/terminals/${encodeURIComponent(session.sessionId)}`, page.signal);
          await refreshSessions();
        }, { danger: true, errorTarget: terminalErrors })))))));
  }

  showEnvironment(environment);
  page.every(tick, 1000);
  page.every(() => { if (!terminal.hidden) refreshSessions(); }, 5000);

  follow(`${path}/events`, {
    signal: page.signal,
    onEvent: (event) => {
      if (event.event === 'state') {
        get(path, page.signal).then(showEnvironment).catch(() => {});
      }
      return event.event !== 'end';
    },
  });
  follow(`${path}/stats`, {
    signal: page.signal,
    onEvent: (event) => {
      if (event.event !== 'stats') return true;
      const stats = JSON.parse(event.data);
      cpuLine.add(stats.cpuPercent);
      memoryLine.add(stats.memoryBytes);
      statsText.textContent = `CPU ${stats.cpuPercent.toFixed(1)} %, memory ${(stats.memoryBytes / 1048576).toFixed(1)} of `
        + `${(stats.memoryLimitBytes / 1048576).toFixed(0)} MiB, ${stats.pids} processes, `
        + `network ${stats.networkRxBytes} B in, ${stats.networkTxBytes} B out`;
      statsText.dataset.samples = String(cpuLine.count());
      return true;
    },
  });
}
