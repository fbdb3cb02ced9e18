// The checks list: the system line, one table per component, one row per check with status,
// soft/hard, flapping, age, latency, a 90-minute uptime bar and a latency sparkline; filters.

import {
  el, setBadge, duration, millis, stripGradient, drawSpark, describeStrip, LETTER, worse,
} from './util.js';

const SPARK = 30;
const FIRST = 120;           // rows drawn at once; the others follow in chunks after the first paint
const CHUNK = 300;
const rows = new Map();      // name -> {data, tr, cells, bar, spark}
let waiting = new Map();     // name -> data of a row not drawn yet, in snapshot order
let barsJson = null;         // the last bars, for rows drawn later
let generation = 0;
const groups = new Map();    // component -> {section, tbody, count}
let bars = { start: 0, slotMs: 60000, slots: 90 };
let offset = 0;              // server clock minus ours
const $ = (id) => document.getElementById(id);

export function serverNow() {
  return Date.now() + offset;
}

export function row(name) {
  const r = rows.get(name);
  return r && r.data;
}

/**
 * A full snapshot: everything is drawn again (with the bars, when they are given). The first rows
 * are drawn at once, the others in chunks after the first paint, so a thousand checks show fast.
 */
export function renderSnapshot(msg, withBars) {
  offset = msg.now - Date.now();
  rows.clear();
  groups.clear();
  waiting = new Map();
  generation++;
  $('groups').replaceChildren();
  if (withBars) useBars(withBars);
  msg.checks.forEach((c, i) => (i < FIRST ? addRow(c, true) : waiting.set(c.name, c)));
  renderSystem(msg.system);
  refreshFilterOptions();
  applyFilters();
  drawLater(generation);
}

function drawLater(gen) {
  if (!waiting.size) {
    document.body.dataset.allRowsAt = String(performance.now());
    return;
  }
  // when the page is idle, so that the bars and the live feed come first
  const later = window.requestIdleCallback || ((f) => setTimeout(f, 0));
  later(() => {
    if (gen !== generation) return;
    let n = 0;
    for (const [name, c] of waiting) {
      waiting.delete(name);
      addRow(c, true);
      if (++n >= CHUNK) break;
    }
    if (!waiting.size) refreshFilterOptions();
    applyFilters();
    drawLater(gen);
  }, { timeout: 300 });
}

function useBars(json) {
  barsJson = json;
  bars = { start: json.start, slotMs: json.slot_ms, slots: json.slots };
}

/** The rows that changed; returns whether any status changed (panels then refresh). */
export function applyUpdate(msg) {
  offset = msg.now - Date.now();
  let statusChanged = false;
  for (const c of msg.checks) {
    const r = rows.get(c.name);
    if (!r && waiting.has(c.name)) {
      waiting.set(c.name, c);
      continue;
    }
    if (!r) {
      addRow(c);
      statusChanged = true;
      continue;
    }
    if (r.data.status !== c.status || r.data.state_type !== c.state_type) statusChanged = true;
    const newRun = c.at !== undefined && c.at !== r.data.at;
    r.data = c;
    fillRow(r);
    if (newRun) addRun(r, c);
    filterRow(r);
  }
  for (const name of msg.removed || []) {
    waiting.delete(name);
    removeRow(name);
  }
  if ((msg.removed || []).length || statusChanged) refreshFilterOptions();
  renderSystem(msg.system);
  updateCount();
  return statusChanged;
}

/** The bars and sparklines from /api/dashboard/bars. */
export function setBars(json) {
  useBars(json);
  for (const [name, b] of Object.entries(json.checks)) {
    const r = rows.get(name);
    if (!r) continue;
    r.bar = b.bar.split('');
    r.spark = b.spark.slice();
    drawRow(r);
  }
}

function renderSystem(s) {
  setBadge($('sys-status'), s.status);
  $('sys-score').textContent = 'score ' + s.score.toFixed(3) + ' (' + s.score_level + ')';
  $('sys-message').textContent = s.message;
  document.title = (s.failing ? '(' + s.failing + ') ' : '') + 'Vigil · ' + s.status;
}

function group(component) {
  const key = component || '';
  let g = groups.get(key);
  if (g) return g;
  const tbody = el('tbody');
  const id = 'g-' + (key || 'none').replace(/[^A-Za-z0-9_-]/g, '_');
  const section = el('section', { class: 'group', 'aria-labelledby': id },
    el('h2', { id }, key || 'no component'),
    el('table', {},
      el('thead', {}, el('tr', {}, ...['Check', 'Status', 'Age', 'Latency', 'Last 90 min',
        'Latency trend', 'Message'].map(h => el('th', { scope: 'col', text: h })))),
      tbody));
  g = { section, tbody };
  groups.set(key, g);
  const after = [...groups.keys()].sort().find(k => k > key);
  $('groups').insertBefore(section, after !== undefined ? groups.get(after).section : null);
  return g;
}

/** One row, cloned for each check: far faster than building a thousand rows node by node. */
const ROW = (() => {
  const t = document.createElement('template');
  t.innerHTML = '<tr><th scope="row"><a></a><span></span></th>'
    + '<td><span class="badge"></span> <span class="muted"></span></td>'
    + '<td class="num"></td><td class="num"></td><td><div class="bar" role="img"></div></td>'
    + '<td><svg class="spark" viewBox="0 0 90 18" role="img"><polyline/></svg></td>'
    + '<td class="msg"></td></tr>';
  return t.content.firstChild;
})();

function addRow(c, inOrder = false) {
  const withBar = barsJson && barsJson.checks[c.name];
  const tr = ROW.cloneNode(true);
  const [head, status, age, latency, bar, sparkCell, message] = tr.children;
  const cells = {
    name: head.firstChild, flags: head.lastChild, status: status.firstChild,
    state: status.lastChild, age, latency, bar: bar.firstChild, spark: sparkCell.firstChild,
    message,
  };
  cells.name.href = '#/check/' + encodeURIComponent(c.name);
  cells.name.textContent = c.name;
  tr.dataset.check = c.name;
  const r = {
    data: c, tr, cells,
    bar: withBar ? withBar.bar.split('') : new Array(bars.slots).fill('.'),
    spark: withBar ? withBar.spark.slice() : [],
  };
  rows.set(c.name, r);
  const g = group(c.component);
  const next = inOrder ? null : [...g.tbody.children].find(x => x.dataset.check > c.name);
  g.tbody.insertBefore(tr, next || null);
  fillRow(r);
  drawRow(r);
}

function removeRow(name) {
  const r = rows.get(name);
  if (!r) return;
  rows.delete(name);
  const body = r.tr.parentNode;
  r.tr.remove();
  if (body && !body.children.length) {
    for (const [k, g] of groups) {
      if (g.tbody === body) {
        g.section.remove();
        groups.delete(k);
      }
    }
  }
}

function fillRow(r) {
  const c = r.data;
  setBadge(r.cells.status, c.status);
  const words = [];
  if (c.status !== 'pending' && c.status !== 'disabled') words.push(c.state_type);
  if (c.flapping) words.push('flapping');
  if (c.stale) words.push('stale');
  r.cells.state.textContent = words.join(' · ');
  if (c.critical || (c.tags || []).length || r.cells.flags.firstChild) {
    r.cells.flags.replaceChildren(
      ...(c.critical ? [el('span', { class: 'tag', text: 'critical' })] : []),
      ...(c.tags || []).map(t => el('span', { class: 'tag', text: t })));
  }
  r.cells.latency.textContent = millis(c.latency_ms);
  r.cells.message.textContent = c.message || '';
  r.cells.message.title = c.message || '';
  r.tr.classList.toggle('failing', ['warning', 'critical', 'unknown'].includes(c.status));
  fillAge(r);
}

function fillAge(r) {
  const text = r.data.at ? duration(serverNow() - r.data.at) + ' ago' : '–';
  if (r.cells.age.textContent !== text) r.cells.age.textContent = text;
}

/** A new run: its status goes into its minute's slot, its latency into the sparkline. */
function addRun(r, c) {
  let i = Math.floor((c.at - bars.start) / bars.slotMs);
  if (i >= bars.slots) {
    shiftBars(i - bars.slots + 1);
    i = bars.slots - 1;
  }
  if (i >= 0 && LETTER[c.status]) r.bar[i] = worse(r.bar[i], LETTER[c.status]);
  if (c.latency_ms !== undefined) {
    r.spark.push(c.latency_ms);
    if (r.spark.length > SPARK) r.spark.shift();
  }
  drawRow(r);
}

function shiftBars(k) {
  bars.start += k * bars.slotMs;
  for (const r of rows.values()) {
    r.bar = r.bar.slice(Math.min(k, bars.slots)).concat(new Array(Math.min(k, bars.slots)).fill('.'));
    drawRow(r);
  }
}

function drawRow(r) {
  r.cells.bar.style.backgroundImage = stripGradient(r.bar);
  r.cells.bar.setAttribute('aria-label', describeStrip(r.bar, 'minutes'));
  drawSpark(r.cells.spark, r.spark);
  const last = r.spark.length ? r.spark[r.spark.length - 1] : undefined;
  r.cells.spark.setAttribute('aria-label', r.spark.length
    ? 'latency of the last ' + r.spark.length + ' runs, from ' + Math.min(...r.spark) + ' to '
      + Math.max(...r.spark) + ' ms, last ' + last + ' ms'
    : 'no latency yet');
}

/** Keeps the ages current: a local clock, no request. */
export function tickAges() {
  for (const r of rows.values()) fillAge(r);
}

function refreshFilterOptions() {
  const components = new Set(), tags = new Set();
  for (const r of rows.values()) {
    components.add(r.data.component || '');
    (r.data.tags || []).forEach(t => tags.add(t));
  }
  fillSelect($('f-component'), [...components].sort(), c => c || 'no component');
  fillSelect($('f-tag'), [...tags].sort(), t => t);
  const list = $('check-names');
  list.replaceChildren(...[...rows.keys()].map(n => el('option', { value: n })));
}

function fillSelect(select, values, label) {
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, 'all'),
    ...values.map(v => el('option', { value: v }, label(v))));
  select.value = values.includes(chosen) ? chosen : '';
}

function filters() {
  return {
    text: $('f-text').value.trim().toLowerCase(),
    status: $('f-status').value,
    component: $('f-component').value,
    tag: $('f-tag').value,
  };
}

function matches(c, f) {
  if (f.text && !c.name.toLowerCase().includes(f.text)
      && !(c.message || '').toLowerCase().includes(f.text)) return false;
  if (f.status === 'failing' && !['warning', 'critical', 'unknown'].includes(c.status)) return false;
  if (f.status && f.status !== 'failing' && c.status !== f.status) return false;
  if (f.component && (c.component || '') !== f.component) return false;
  if (f.tag && !(c.tags || []).includes(f.tag)) return false;
  return true;
}

function filterRow(r, f = filters()) {
  r.tr.hidden = !matches(r.data, f);
}

export function applyFilters() {
  const f = filters();
  for (const r of rows.values()) filterRow(r, f);
  updateCount();
}

function updateCount() {
  let shown = 0;
  for (const r of rows.values()) if (!r.tr.hidden) shown++;
  for (const g of groups.values()) g.section.hidden = ![...g.tbody.children].some(tr => !tr.hidden);
  $('f-count').textContent = shown + ' of ' + rows.size + ' checks';
}
