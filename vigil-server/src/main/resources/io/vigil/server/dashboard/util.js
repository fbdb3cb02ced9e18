// Small helpers shared by the dashboard's modules: DOM building, formatting, the API with the token.

const TOKEN_KEY = 'vigil.token';

/** The token given in this tab, if any (kept in sessionStorage: gone when the tab closes). */
export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export function authHeaders(extra = {}) {
  const t = token();
  return t ? { ...extra, Authorization: 'Bearer ' + t } : extra;
}

/** Thrown by api() for 401, so callers show the token form. */
export class Unauthorized extends Error {}

/** Calls the agent's API; resolves to {status, body} (body parsed as JSON when it is JSON). */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = authHeaders(body !== undefined ? { 'Content-Type': 'application/json' } : {});
  const res = await fetch(path, {
    method, headers, cache: 'no-store',
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  if (res.status === 401) throw new Unauthorized(path);
  const type = res.headers.get('Content-Type') || '';
  const parsed = type.includes('json') ? await res.json() : await res.text();
  return { status: res.status, body: parsed };
}

/** Creates an element: el('td', {class: 'num'}, 'text', child...). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

const SYMBOLS = {
  ok: '✓', healthy: '✓', warning: '!', degraded: '!', critical: '✕', unhealthy: '✕',
  unknown: '?', pending: '…', starting: '…', stopping: '■', disabled: '–',
};

/**
 * A status badge: colour, symbol and word, so status never depends on colour alone; word, if
 * given, replaces the status in the text (e.g. a node's state shown with a status colour).
 */
export function badge(status, id, word) {
  const b = el('span', { class: 'badge s-' + status, id });
  setBadge(b, status, word);
  return b;
}

export function setBadge(b, status, word = status) {
  b.className = 'badge s-' + status;
  b.textContent = (SYMBOLS[status] || '') + ' ' + String(word).toUpperCase();
}

/** "12s", "3m 4s", "2h 5m", "3d 1h". */
export function duration(ms) {
  if (ms === undefined || ms === null || Number.isNaN(ms)) return '–';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return s + 's';
  const m = Math.floor(s / 60);
  if (m < 60) return m + 'm ' + (s % 60) + 's';
  const h = Math.floor(m / 60);
  if (h < 24) return h + 'h ' + (m % 60) + 'm';
  return Math.floor(h / 24) + 'd ' + (h % 24) + 'h';
}

export function millis(ms) {
  return ms === undefined || ms === null ? '–' : ms + ' ms';
}

export function percent(p) {
  return p === undefined || p === null ? '–' : p.toFixed(p >= 99.995 ? 0 : 2) + ' %';
}

export function when(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

/** A table with a header row and one row per item ([cells...] from rowOf). */
export function table(headers, items, rowOf, caption) {
  const t = el('table', {},
    caption ? el('caption', { class: 'muted', text: caption }) : null,
    el('thead', {}, el('tr', {}, ...headers.map(h => el('th', { scope: 'col', text: h })))));
  const body = el('tbody');
  for (const item of items) {
    body.append(el('tr', {}, ...rowOf(item).map(c => (c instanceof Node && c.tagName === 'TD') ? c : el('td', {}, c))));
  }
  t.append(body);
  return t;
}

let colours = new Map();

/** The colour of a CSS variable, cached until the colour scheme changes (resetColours). */
export function colour(name) {
  let c = colours.get(name);
  if (c === undefined) {
    c = getComputedStyle(document.documentElement).getPropertyValue('--' + name).trim();
    colours.set(name, c);
  }
  return c;
}

export function resetColours() {
  colours = new Map();
}

export const LETTER_STATUS = { o: 'ok', w: 'warning', c: 'critical', u: 'unknown', '.': 'none' };
const RANK = { '.': 0, o: 1, w: 2, u: 3, c: 4 };
export const LETTER = { ok: 'o', warning: 'w', critical: 'c', unknown: 'u' };

export function worse(a, b) {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Draws one letter-coded status strip (see Bars.java) on a canvas, one cell per slot. Give the size
 * in CSS pixels when it is known: reading it forces a layout, which for a thousand rows is slow.
 */
export function drawStrip(canvas, letters, w = canvas.clientWidth, h = canvas.clientHeight) {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(w * ratio);
  canvas.height = Math.round(h * ratio);
  const g = canvas.getContext('2d');
  g.scale(ratio, ratio);
  g.clearRect(0, 0, w, h);
  const n = letters.length, cell = w / n, gap = cell > 3 ? 1 : 0;
  for (let i = 0; i < n; i++) {
    const c = letters[i];
    g.fillStyle = colour(LETTER_STATUS[c] || 'none');
    const top = c === '.' ? h * 0.35 : 0;
    g.fillRect(i * cell, top, Math.max(1, cell - gap), h - top);
  }
}

/** Describes a strip in words for screen readers. */
export function describeStrip(letters, slotWords) {
  const counts = { o: 0, w: 0, c: 0, u: 0, '.': 0 };
  for (const c of letters) counts[c]++;
  const parts = [];
  for (const k of ['c', 'u', 'w', 'o']) if (counts[k]) parts.push(counts[k] + ' ' + LETTER_STATUS[k]);
  if (counts['.']) parts.push(counts['.'] + ' without runs');
  return letters.length + ' ' + slotWords + ': ' + parts.join(', ');
}

/**
 * A status strip as a CSS gradient, one stop per run of equal slots, in the scheme's colours (CSS
 * variables, so a change of scheme needs no redraw). A thousand rows of divs draw far faster
 * than a thousand canvases.
 */
export function stripGradient(letters) {
  const n = letters.length;
  const parts = [];
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && letters[j + 1] === letters[i]) j++;
    const c = 'var(--' + (LETTER_STATUS[letters[i]] || 'none') + ')';
    parts.push(c + ' ' + (i * 100 / n).toFixed(3) + '% ' + ((j + 1) * 100 / n).toFixed(3) + '%');
    i = j + 1;
  }
  return 'linear-gradient(to right, ' + parts.join(', ') + ')';
}

/** Sets a sparkline's points from latencies. */
export function drawSpark(svg, values) {
  const [, , w, h] = svg.getAttribute('viewBox').split(' ').map(Number);
  const max = Math.max(1, ...values);
  const points = values.length < 2 ? '' : values.map((v, i) =>
    ((i / (values.length - 1)) * (w - 2) + 1).toFixed(1) + ',' + (h - 2 - (v / max) * (h - 4)).toFixed(1)).join(' ');
  svg.firstChild.setAttribute('points', points);
}
