// Building the page: every piece of text goes in as a text node (textContent), never as HTML, so
// nothing the API returns (a job's log, a user's label) can become markup or script.

/**
 * An element: h('button', {class: 'danger', onclick: fn, dataset: {id}}, 'Cancel').
 * Children are nodes or strings (made text nodes); null and false are skipped.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name in element && typeof value !== 'string') {
      element[name] = value;
    } else {
      element.setAttribute(name, value === true ? '' : value);
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces what element holds. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A table with a header row; rows are arrays of cells (nodes or text). */
export function table(headings, rows, rowAttributes = () => ({})) {
  return h('table', {},
    h('thead', {}, h('tr', {}, headings.map((heading) => h('th', {}, heading)))),
    h('tbody', {}, rows.map((row, i) => h('tr', rowAttributes(i), row.map((cell) => h('td', {}, cell))))));
}

/** A timestamp as local time, with the exact instant on hover. */
export function time(iso) {
  if (!iso) {
    return h('span', { class: 'muted' }, '—');
  }
  const date = new Date(iso);
  return h('time', { datetime: iso, title: iso }, date.toLocaleString());
}

/** "in 3h 02m", "5m 07s ago": a duration from now. */
export function fromNow(iso, now = Date.now()) {
  const ms = new Date(iso).getTime() - now;
  const text = duration(Math.abs(ms));
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

export function duration(ms) {
  const seconds = Math.floor(ms / 1000);
  const d = Math.floor(seconds / 86400);
  const hh = Math.floor((seconds % 86400) / 3600);
  const mm = Math.floor((seconds % 3600) / 60);
  const ss = seconds % 60;
  const pad = (n) => String(n).padStart(2, '0');
  if (d > 0) {
    return `${d}d ${hh}h ${pad(mm)}m`;
  }
  if (hh > 0) {
    return `${hh}h ${pad(mm)}m ${pad(ss)}s`;
  }
  return `${mm}m ${pad(ss)}s`;
}

export function bytes(n) {
  if (n === null || n === undefined) {
    return '—';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** A state as a coloured badge; the CSS colours it by data-state. */
export function badge(state) {
  return h('span', { class: 'badge', dataset: { state: state ?? 'UNKNOWN' } }, state ?? '?');
}

/** Key/value labels as small chips. */
export function chips(map) {
  const entries = Object.entries(map ?? {});
  if (entries.length === 0) {
    return h('span', { class: 'muted' }, '—');
  }
  return h('span', { class: 'chips' }, entries.map(([key, value]) => h('span', { class: 'chip' }, `${key}=${value}`)));
}

/** A message box for what went wrong, with the problem's field errors listed. */
export function errorBox(error) {
  const fields = error.fieldErrors ?? [];
  return h('div', { class: 'error', role: 'alert' },
    h('strong', {}, error.status ? `${error.status}: ` : ''), error.message,
    fields.length > 0 ? h('ul', {}, fields.map((f) => h('li', {}, h('code', {}, f.field), ' ', f.reason))) : null);
}

/** A button that runs an async action, disabled while it runs; a failure shows in errorTarget. */
export function actionButton(label, action, { danger = false, errorTarget = null, title = null } = {}) {
  const button = h('button', { type: 'button', class: danger ? 'danger' : null, title }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    errorTarget?.replaceChildren();
    try {
      await action();
    } catch (error) {
      if (errorTarget) {
        errorTarget.append(errorBox(error));
      } else {
        console.warn(label, error);
      }
    } finally {
      button.disabled = false;
    }
  });
  return button;
}
