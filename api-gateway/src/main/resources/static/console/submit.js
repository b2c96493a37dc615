// Submit a job: a form for the common fields (the lines of a script run by sh -e -c, or a command
// given to the image's entrypoint), or the whole request as JSON (checked to parse
// before it is sent). Whichever is shown is what is sent; switching carries the form over into the
// JSON. The API's field errors are listed, and marked on the form's inputs when they name one.

import { post } from './api.js';
import { errorBox, fill, h } from './dom.js';

export async function render(view, page) {
  const input = (id, attributes = {}) => h('input', { id, name: id, ...attributes });
  const form = {
    image: input('submit-image', { value: 'busybox:latest', required: true, spellcheck: 'false' }),
    kind: h('select', { id: 'submit-kind' },
      h('option', { value: 'script' }, 'Script: shell lines, run in order by sh -e -c'),
      h('option', { value: 'command' }, 'Command: arguments to the image\'s entrypoint')),
    script: h('textarea', { id: 'submit-script', rows: 6, spellcheck: 'false', placeholder: 'echo hello' }),
    pool: input('submit-pool', { value: 'default', size: 16 }),
    timeoutSeconds: input('submit-timeout', { type: 'number', min: 1, max: 86400, value: 600 }),
    env: h('textarea', { id: 'submit-env', rows: 3, spellcheck: 'false', placeholder: 'NAME=value' }),
  };
  const json = h('textarea', { id: 'submit-json', class: 'json', spellcheck: 'false' });
  const outcome = h('div', { id: 'submit-outcome' });
  const formTab = h('button', { type: 'button', id: 'submit-tab-form', 'aria-selected': 'true' }, 'Form');
  const jsonTab = h('button', { type: 'button', id: 'submit-tab-json', 'aria-selected': 'false' }, 'JSON');
  const send = h('button', { type: 'submit', class: 'primary', id: 'submit-send' }, 'Submit');

  const formPanel = h('div', { id: 'submit-form-panel' },
    h('form', { class: 'grid', onsubmit: (event) => event.preventDefault() },
      h('label', { for: 'submit-image' }, 'Image'), form.image,
      h('label', { for: 'submit-kind' }, 'Run'), form.kind,
      h('label', { for: 'submit-script' }, 'One line each'), form.script,
      h('label', { for: 'submit-pool' }, 'Pool'), form.pool,
      h('label', { for: 'submit-timeout' }, 'Timeout (s)'), form.timeoutSeconds,
      h('label', { for: 'submit-env' }, 'Environment (NAME=value per line)'), form.env));
  const jsonPanel = h('div', { id: 'submit-json-panel', hidden: true },
    h('p', { class: 'muted' }, 'The whole request, as POST /api/v1/jobs takes it (docs/api.md).'), json);

  fill(view,
    h('h1', {}, 'Submit a job'),
    h('div', { class: 'tabs', role: 'tablist' }, formTab, jsonTab),
    h('form', { id: 'submit', onsubmit: (event) => { event.preventDefault(); submit(); } },
      formPanel, jsonPanel, h('p', {}, send)),
    outcome);

  let mode = 'form';
  function fromForm() {
    const request = { image: form.image.value.trim() };
    const lines = form.script.value.split('\n').filter((line) => line.trim() !== '');
    if (lines.length > 0) request[form.kind.value] = lines;
    if (form.pool.value.trim()) request.pool = form.pool.value.trim();
    if (form.timeoutSeconds.value) request.timeoutSeconds = Number(form.timeoutSeconds.value);
    const env = {};
    for (const line of form.env.value.split('\n')) {
      const eq = line.indexOf('=');
      if (line.trim() && eq > 0) env[line.slice(0, eq).trim()] = line.slice(eq + 1);
    }
    if (Object.keys(env).length > 0) request.env = env;
    return request;
  }

  function show(which) {
    if (which === 'json' && mode === 'form') {
      json.value = JSON.stringify(fromForm(), null, 2);
    }
    mode = which;
    formPanel.hidden = which !== 'form';
    jsonPanel.hidden = which !== 'json';
    formTab.setAttribute('aria-selected', String(which === 'form'));
    jsonTab.setAttribute('aria-selected', String(which === 'json'));
  }
  formTab.addEventListener('click', () => show('form'));
  jsonTab.addEventListener('click', () => show('json'));

  const FIELD_INPUTS = { image: form.image, script: form.script, command: form.script, pool: form.pool, timeoutSeconds: form.timeoutSeconds, env: form.env };

  async function submit() {
    outcome.replaceChildren();
    Object.values(form).forEach((element) => element.classList.remove('invalid'));
    json.classList.remove('invalid');
    let request;
    if (mode === 'json') {
      try {
        request = JSON.parse(json.value);
      } catch (error) {
        json.classList.add('invalid');
        outcome.append(h('div', { class: 'error', role: 'alert' }, 'Not JSON: ' + error.message));
        return;
      }
      if (request === null || typeof request !== 'object' || Array.isArray(request)) {
        json.classList.add('invalid');
        outcome.append(h('div', { class: 'error', role: 'alert' }, 'The request must be a JSON object.'));
        return;
      }
    } else {
      request = fromForm();
    }
    send.disabled = true;
    try {
      const job = await post('/api/v1/jobs', request, page.signal);
      location.hash = `#/jobs/${encodeURIComponent(job.id)}`;
    } catch (error) {
      outcome.append(errorBox(error));
      for (const { field } of error.fieldErrors ?? []) {
        const root = String(field).split(/[.[]/)[0];
        (mode === 'form' ? FIELD_INPUTS[root] : json)?.classList.add('invalid');
      }
    } finally {
      send.disabled = false;
    }
  }
}
