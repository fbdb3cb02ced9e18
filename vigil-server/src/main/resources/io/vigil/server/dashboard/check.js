// The check page: state, "run now", status strip and latency chart over 1 h / 24 h / 7 d / 30 d
// (store rollups when the agent has a store, else its memory), uptime per window, transitions,
// recovery with "lift quarantine", and the last result's details.

import {
  api, el, badge, setBadge, duration, millis, percent, when, table, colour, drawStrip,
  describeStrip,
} from './util.js';
import { serverNow } from './list.js';

const $ = (id) => document.getElementById(id);
let current = null;   // the check shown
let chart = null;
let series = null;

export function shownCheck() {
  return current;
}

function windowChosen() {
  const checked = document.querySelector('input[name="window"]:checked');
  return checked ? checked.value : '24h';
}

export function initCheckPage() {
  document.querySelectorAll('input[name="window"]').forEach(r =>
    r.addEventListener('change', () => current && loadSeries(current)));
  $('c-run').addEventListener('click', runNow);
  window.addEventListener('resize', () => series && drawChart(series));
}

let chartLibrary = null;

/** uPlot, loaded the first time a check page opens (the list does not need it). */
function loadChartLibrary() {
  if (!chartLibrary) {
    chartLibrary = new Promise((resolve, reject) => {
      const css = el('link', { rel: 'stylesheet', href: '/dashboard/uplot.css' });
      const js = el('script', { src: '/dashboard/uplot.js' });
      js.addEventListener('load', resolve);
      js.addEventListener('error', () => reject(new Error('uPlot did not load')));
      document.head.append(css, js);
    });
  }
  return chartLibrary;
}

/** Shows a check; the caller made the page visible. */
export async function showCheck(name) {
  current = name;
  loadChartLibrary().catch(() => {});
  $('c-name').textContent = name;
  $('c-run-result').textContent = '';
  await Promise.all([loadDetails(name), loadSeries(name)]);
}

export function leaveCheck() {
  current = null;
  if (chart) chart.destroy();
  chart = null;
  series = null;
}

/** A live row of the shown check: its head follows without a reload. */
export function updateHead(row) {
  if (!row || row.name !== current) return;
  const s = $('c-status');
  if (s) setBadge(s, row.status);
  const fields = {
    'c-state': row.state_type + (row.flapping ? ' · flapping' : '') + (row.stale ? ' · stale' : ''),
    'c-latency': millis(row.latency_ms),
    'c-age': row.at ? duration(serverNow() - row.at) + ' ago' : '–',
    'c-failures': String(row.failures ?? 0),
    'c-message': row.message || '',
  };
  for (const [id, text] of Object.entries(fields)) if ($(id)) $(id).textContent = text;
}

async function loadDetails(name) {
  const res = await api('/health/checks/' + encodeURIComponent(name));
  if (res.status !== 200 || name !== current) return;
  const c = res.body;
  const kv = (label, id, text) => el('div', { class: 'kv' }, el('dt', {}, label), el('dd', { id }, text));
  $('c-head').replaceChildren(badge(c.status, 'c-status'), el('dl', {},
    kv('state', 'c-state', c.state_type + (c.flapping ? ' · flapping' : '') + (c.stale ? ' · stale' : '')),
    kv('component', 'c-component', c.component || '–'),
    kv('critical', 'c-critical', c.critical ? 'yes' : 'no'),
    kv('latency', 'c-latency', millis(c.latency_ms)),
    kv('last run', 'c-age', c.age_ms !== undefined ? duration(c.age_ms) + ' ago' : '–'),
    kv('failures in a row', 'c-failures', String(c.consecutive_failures)),
    kv('score', 'c-score', String(c.score))),
    el('p', { id: 'c-message' }, c.message));
  const details = Object.entries(c.details || {});
  $('c-details').replaceChildren(details.length
    ? table(['detail', 'value'], details, ([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])
    : el('p', { class: 'muted' }, 'No details.'));
  renderRecovery(name, c.recovery);
}

function renderRecovery(name, r) {
  $('c-recovery-box').hidden = !r;
  if (!r) return;
  const parts = [el('p', {},
    'Phase ', el('strong', {}, r.phase), ', step ', el('strong', {}, r.step || '–'),
    ' (attempt ' + r.attempts_on_step + '), breaker ', el('strong', {}, r.breaker),
    ', restarts in window ' + r.restarts_in_window)];
  if (r.quarantined) {
    parts.push(el('p', { class: 'error' },
      'Quarantined since ' + when(r.quarantine.since) + ': ' + r.quarantine.reason + ' '),
      el('button', { type: 'button', id: 'c-lift', onclick: () => lift(name) }, 'Lift quarantine'));
  }
  if (r.suppressed) parts.push(el('p', {}, 'Held back: ' + r.suppressed));
  const recent = (r.recent || []).slice().reverse();
  parts.push(recent.length
    ? table(['when', 'event', 'step', 'outcome'], recent, e => [when(e.at), e.event, e.step || '',
      e.reason || e.by || (e.took_ms !== undefined ? e.took_ms + ' ms' : '')], 'Recovery attempts, newest first')
    : el('p', { class: 'muted' }, 'No recovery attempts yet.'));
  $('c-recovery').replaceChildren(...parts);
}

async function lift(name) {
  const res = await api('/api/checks/' + encodeURIComponent(name) + '/quarantine/lift', { method: 'POST' });
  $('c-run-result').textContent = res.status === 200 ? 'Quarantine lifted.' : (res.body.detail || 'Failed.');
  await loadDetails(name);
}

async function runNow() {
  const name = current;
  const button = $('c-run');
  button.disabled = true;
  $('c-run-result').textContent = 'Running…';
  try {
    const res = await api('/api/checks/' + encodeURIComponent(name) + '/run', { method: 'POST' });
    $('c-run-result').textContent = res.status === 200
      ? 'Ran: ' + res.body.status.toUpperCase() + ' in ' + res.body.latency_ms + ' ms: ' + res.body.message
      : (res.body.detail || 'The run failed (' + res.status + ').');
    if (name === current) await Promise.all([loadDetails(name), loadSeries(name)]);
  } finally {
    button.disabled = false;
  }
}

async function loadSeries(name) {
  const res = await api('/api/dashboard/checks/' + encodeURIComponent(name) + '/series?window=' + windowChosen());
  if (res.status !== 200 || name !== current) return;
  series = res.body;
  await loadChartLibrary().catch(() => {});
  if (name !== current) return;
  const shown = series.window;
  $('c-uptime').replaceChildren(...Object.entries(series.uptime).map(([w, p]) =>
    el('span', { class: w === shown ? 'sel' : '' }, 'uptime ' + w + ': ', el('strong', {}, percent(p)))));
  const strip = $('c-strip');
  drawStrip(strip, series.worst.split(''));
  strip.setAttribute('aria-label', 'status over ' + shown + ': '
    + describeStrip(series.worst.split(''), 'slots of ' + duration(series.step_ms)));
  $('c-source').textContent = 'Slots of ' + duration(series.step_ms) + ' from '
    + (series.source === 'memory' ? 'the agent\'s memory (no store)' : 'the store\'s rollups and the agent\'s memory') + '.';
  drawChart(series);
  const transitions = (series.transitions || []).slice().reverse();
  $('c-transitions').replaceChildren(transitions.length
    ? table(['when', 'from', 'to', 'message'], transitions, t => [when(t.at), t.from || '', t.to || t.kind || '', t.message || ''])
    : el('p', { class: 'muted' }, 'No transitions in this window.'));
}

function drawChart(s) {
  const box = $('c-chart');
  if (chart) chart.destroy();
  if (typeof uPlot === 'undefined') {
    box.textContent = 'The chart library did not load.';
    return;
  }
  const xs = s.runs.map((_, i) => (s.start + i * s.step_ms) / 1000);
  const axis = { stroke: colour('fg'), grid: { stroke: colour('line'), width: 1 }, ticks: { stroke: colour('line') } };
  const opts = {
    width: Math.max(300, box.clientWidth || 800),
    height: 240,
    scales: { x: { time: true } },
    series: [
      {},
      { label: 'mean latency (ms)', stroke: colour('link'), width: 2, spanGaps: false },
      { label: 'max latency (ms)', stroke: colour('warning'), width: 1, dash: [4, 3] },
    ],
    axes: [axis, { ...axis, label: 'ms' }],
  };
  chart = new uPlot(opts, [xs, s.avg_ms, s.max_ms], box);
  box.setAttribute('aria-label', 'Latency over ' + s.window + ': mean and maximum per slot of '
    + duration(s.step_ms));
  document.body.dataset.chartAt = String(performance.now());
}

/** Redraws with the current colours (the colour scheme changed). */
export function redrawCheck() {
  if (series) {
    drawStrip($('c-strip'), series.worst.split(''));
    drawChart(series);
  }
}
