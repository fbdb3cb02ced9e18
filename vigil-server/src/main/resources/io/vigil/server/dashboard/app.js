// Vigil dashboard: starts the live feed, routes between the list (#/) and a check (#/check/NAME),
// and asks for the token when the agent wants one (showing nothing until it is given).

import { api, setToken, token, Unauthorized, resetColours } from './util.js';
import { openFeed } from './stream.js';
import * as list from './list.js';
import {
  initCheckPage, showCheck, leaveCheck, updateHead, shownCheck, redrawCheck,
} from './check.js';
import { initPanels, refreshPanels } from './panels.js';

const $ = (id) => document.getElementById(id);
let feed = null;
let barsRequest = null;   // the first bars, asked for while the stream connects
let firstBars = null;     // ... and their answer, once it came

/** Marks (in body data, for tests and the benchmark) when the next frame has been painted. */
function painted(mark) {
  requestAnimationFrame(() => setTimeout(() => {
    document.body.dataset[mark] = String(performance.now());
  }));
}

function guard(promise) {
  return promise.catch((e) => {
    if (e instanceof Unauthorized) showLogin('The agent refused the token.');
  });
}

function showLogin(message) {
  if (feed) feed.close();
  feed = null;
  $('main').hidden = true;
  $('groups').replaceChildren();   // nothing of the checks stays on the page
  $('conn').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('token').focus();
}

function start() {
  $('login').hidden = true;
  feed = openFeed({
    onOpen() {
      $('conn').hidden = true;
      $('main').classList.remove('stale');
      document.body.dataset.connection = 'up';
    },
    onDown(reason) {
      $('conn').textContent = 'Disconnected: ' + reason + '. Reconnecting…';
      $('conn').hidden = false;
      $('main').classList.add('stale');
      document.body.dataset.connection = 'down';
    },
    onUnauthorized() {
      showLogin(token() ? 'The agent refused that token.' : '');
    },
    onEvent(name, data) {
      if (name === 'snapshot') {
        const t0 = performance.now();
        document.body.dataset.snapshotAt = String(t0);
        list.renderSnapshot(data, firstBars);   // the first bars, if they came, in the same paint
        document.body.dataset.renderMs = String(performance.now() - t0);
        $('main').hidden = false;
        painted('renderedAt');
        if (firstBars) painted('barsAt');
        route();
        const pending = firstBars ? null : (barsRequest || api('/api/dashboard/bars'));
        firstBars = null;
        barsRequest = null;
        if (pending) {
          guard(pending.then(res => (res.status === 200 ? res : api('/api/dashboard/bars')))
            .then((res) => {
              if (res.status === 200) {
                list.setBars(res.body);
                painted('barsAt');
              }
            }));
        }
        guard(refreshPanels());
      } else if (name === 'update') {
        const changed = list.applyUpdate(data);
        updateHead(list.row(shownCheck()));
        if (changed) guard(refreshPanels());
      } else if (name === 'panels') {
        guard(refreshPanels());
      }
    },
  });
}

function route() {
  const hash = decodeURIComponent(location.hash || '#/');
  const m = hash.match(/^#\/check\/(.+)$/);
  $('list-view').hidden = !!m;
  $('check-view').hidden = !m;
  if (m) {
    guard(showCheck(m[1]));
    $('c-name').setAttribute('tabindex', '-1');
    $('c-name').focus();
  } else {
    leaveCheck();
  }
}

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  setToken($('token').value);
  $('token').value = '';
  start();
});
['f-text', 'f-status', 'f-component', 'f-tag'].forEach(id =>
  $(id).addEventListener('input', list.applyFilters));
$('filters').addEventListener('submit', e => e.preventDefault());
window.addEventListener('hashchange', () => !$('main').hidden && route());
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !$('check-view').hidden) location.hash = '#/';
});
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
  resetColours();   // the rows use CSS variables and follow by themselves
  redrawCheck();
});
// A browser keeps at most 6 connections to one agent: give the stream's back when the page goes.
window.addEventListener('pagehide', () => feed && feed.close());
setInterval(list.tickAges, 5000);   // ages move on with the local clock; nothing is fetched
initCheckPage();
initPanels();
barsRequest = api('/api/dashboard/bars').catch(() => ({ status: 0 }));
barsRequest.then((res) => {
  if (res.status === 200 && barsRequest) firstBars = res.body;
});
start();
