// Submit a job: a form for the common fields (the lines of a script run by sh -e -c, or a command
// given to the image's entrypoint), or the whole request as JSON (checked to parse
// before it is sent). Whichever is shown is what is sent; switching carries the form over into the
// JSON. The API's field errors are listed, and marked on the form's inputs when they name one.
// A source tarball chosen on the form is uploaded at once (POST /api/v1/uploads) and becomes the
// job's "source": {"upload": id}.

import { post, postFile } from './api.js';
import { bytes, errorBox, fill, h } from './dom.js';

/** The upload's Content-Type: gzip by its magic bytes (1f 8b) or its name, else a plain tar. */
async function archiveType(file) {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  const gzip = (head[0] === 0x1f && head[1] === 0x8b) || /\.(tgz|gz)$/i.test(file.name);
  return gzip ? 'application/gzip' : 'application/x-tar';
}

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
    source: h('input', { id: 'submit-source', type: 'file', accept: '.tar,.tar.gz,.tgz,application/x-tar,application/gzip' }),
  };
  const uploadOutcome = h('div', { id: 'submit-upload' });
  let uploadId = null;
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
      h('label', { for: 'submit-env' }, 'Environment (NAME=value per line)'), form.env,
      h('label', { for: 'submit-source' }, 'Source (.tar or .tar.gz, unpacked into the working directory)'),
      h('div', {}, form.source, uploadOutcome)));
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
    if (uploadId) request.source = { upload: uploadId };
    return request;
  }

  async function upload() {
    uploadId = null;
    uploadOutcome.replaceChildren();
    const file = form.source.files[0];
    if (!file) {
      return;
    }
    fill(uploadOutcome, h('p', { class: 'muted' }, `Uploading ${file.name} (${bytes(file.size)})…`));
    send.disabled = true;
    try {
      const uploaded = await postFile('/api/v1/uploads', file, await archiveType(file), page.signal);
      uploadId = uploaded.id;
      fill(uploadOutcome, h('div', { class: 'notice', role: 'status' },
        h('p', {}, 'Uploaded as ', h('code', { id: 'submit-upload-id' }, uploaded.id), `, ${bytes(uploaded.size)}`,
          ` (${uploaded.size} bytes).`),
        h('p', { class: 'mono' }, 'sha256 ', h('span', { id: 'submit-upload-sha256' }, uploaded.sha256))));
    } catch (error) {
      if (error.name === 'AbortError') {
        return;
      }
      fill(uploadOutcome, errorBox(error));
      form.source.classList.add('invalid');
    } finally {
      send.disabled = false;
    }
  }
  form.source.addEventListener('change', () => {
    form.source.classList.remove('invalid');
    upload();
  });

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

  const FIELD_INPUTS = { image: form.image, script: form.script, command: form.script, pool: form.pool, timeoutSeconds: form.timeoutSeconds, env: form.env, source: form.source };

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
