// The console: sign-in, the navigation and a hash router (#/jobs, #/jobs/ID, …). Each page is a
// module whose render(view, page) fills the view; page.signal aborts when the route changes, which
// ends the page's streams and timers.

import { ApiError, get, token, whenUnauthorized } from './api.js';
import { fill, h } from './dom.js';
import * as audit from './audit.js';
import * as environments from './environments.js';
import * as fleet from './fleet.js';
import * as job from './job.js';
import * as jobs from './jobs.js';
import * as submit from './submit.js';
import * as tokens from './tokens.js';
import * as users from './users.js';

const ROUTES = [
  { pattern: /^\/jobs$/, page: jobs, nav: 'jobs' },
  { pattern: /^\/jobs\/([^/]+)$/, page: job, nav: 'jobs' },
  { pattern: /^\/submit$/, page: submit, nav: 'submit' },
  { pattern: /^\/workers$/, page: fleet, nav: 'workers' },
  { pattern: /^\/environments$/, page: environments, nav: 'environments' },
  { pattern: /^\/environments\/([^/]+)$/, page: environments, nav: 'environments', detail: true },
  { pattern: /^\/tokens$/, page: tokens, nav: 'tokens' },
  { pattern: /^\/users$/, page: users, nav: 'users', adminOnly: true },
  { pattern: /^\/users\/([^/]+)$/, page: users, nav: 'users', adminOnly: true },
  { pattern: /^\/audit$/, page: audit, nav: 'audit', adminOnly: true },
];

const ui = {
  nav: document.getElementById('nav'),
  who: document.getElementById('who'),
  signout: document.getElementById('signout'),
  signin: document.getElementById('signin'),
  signinForm: document.getElementById('signin-form'),
  signinToken: document.getElementById('signin-token'),
  signinError: document.getElementById('signin-error'),
  view: document.getElementById('view'),
};

/** What tests and curious users can read: the signed-in user and the page shown. */
const state = { me: null, route: null, errors: [] };
window.slipwayConsole = state;

let current = null; // the AbortController of the page shown

function showSignIn(why) {
  current?.abort();
  current = null;
  state.me = null;
  document.body.dataset.signedIn = 'false';
  ui.signin.hidden = false;
  ui.view.replaceChildren();
  ui.nav.hidden = true;
  ui.who.textContent = '';
  ui.signout.hidden = true;
  ui.signinError.textContent = why ?? '';
  ui.signinToken.focus();
}

async function signIn() {
  try {
    state.me = await get('/api/v1/me');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      token.clear();
      showSignIn('That token was refused: ' + error.message);
    } else {
      showSignIn('Could not sign in: ' + error.message);
    }
    return;
  }
  document.body.dataset.signedIn = 'true';
  document.body.dataset.role = state.me.role;
  ui.signin.hidden = true;
  ui.nav.hidden = false;
  ui.signout.hidden = false;
  ui.who.textContent = `${state.me.name} (${state.me.role})`;
  for (const link of ui.nav.querySelectorAll('[data-admin]')) {
    link.hidden = state.me.role !== 'admin';
  }
  route();
}

function signOut() {
  token.clear();
  showSignIn('Signed out.');
}

async function route() {
  if (!state.me) {
    return;
  }
  const path = location.hash.replace(/^#/, '').split('?')[0] || '/jobs';
  const match = ROUTES.map((r) => ({ r, m: path.match(r.pattern) })).find(({ m }) => m);
  if (!match || (match.r.adminOnly && state.me.role !== 'admin')) {
    location.hash = '#/jobs';
    return;
  }
  current?.abort();
  current = new AbortController();
  const { r, m } = match;
  state.route = path;
  for (const link of ui.nav.querySelectorAll('a')) {
    link.classList.toggle('active', link.dataset.nav === r.nav);
  }
  const page = {
    me: state.me,
    params: m.slice(1).map(decodeURIComponent),
    detail: r.detail === true,
    signal: current.signal,
    canOperate: state.me.role === 'operator' || state.me.role === 'admin',
    isAdmin: state.me.role === 'admin',
    /** Runs fn every ms while the page is shown. */
    every(fn, ms) {
      const timer = setInterval(fn, ms);
      this.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
    },
  };
  fill(ui.view, h('p', { class: 'muted' }, 'Loading…'));
  try {
    await r.page.render(ui.view, page);
  } catch (error) {
    if (error.name === 'AbortError' || page.signal.aborted) {
      return;
    }
    if (error instanceof ApiError && error.status === 401) {
      return; // sign-in is shown already
    }
    fill(ui.view, h('div', { class: 'error', role: 'alert' }, error.message));
  }
}

whenUnauthorized((detail) => {
  token.clear();
  showSignIn('Please sign in again: ' + detail);
});

ui.signinForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const value = ui.signinToken.value.trim();
  if (!value) {
    return;
  }
  token.set(value);
  ui.signinToken.value = '';
  signIn();
});
ui.signout.addEventListener('click', signOut);
window.addEventListener('hashchange', route);
window.addEventListener('error', (event) => state.errors.push(String(event.message)));
window.addEventListener('unhandledrejection', (event) => state.errors.push(String(event.reason)));

if (token.get()) {
  signIn();
} else {
  showSignIn();
}
