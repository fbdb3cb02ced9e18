// The panels of optional modules: alerts and silences, healing, cluster, task queue. Each is shown
// only when its endpoint exists (404 hides it), and refreshed when checks change state and after
// the user acts: no polling.

import { api, el, badge, when, table } from './util.js';

const $ = (id) => document.getElementById(id);

async function panel(id, path, render) {
  const res = await api(path);
  const box = $(id);
  if (res.status === 404 || res.status === 405) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  if (res.status !== 200) {
    $(id.replace('-panel', '-body')).replaceChildren(
      el('p', { class: 'error' }, 'Unavailable: ' + (res.body.detail || res.status)));
    return;
  }
  render(res.body);
}

const matchers = (ms) => (ms || []).map(m =>
  m.name + (m.isEqual === false ? '!' : '') + (m.isRegex ? '=~' : '=') + m.value).join(', ');

async function alerts() {
  await panel('alerts-panel', '/api/alerts?state=firing', (body) => {
    const list = body.alerts || [];
    $('alerts-body').replaceChildren(list.length
      ? table(['severity', 'kind', 'check', 'message', 'since'], list, a => [
        badge(a.severity === 'info' ? 'ok' : a.severity), a.kind, (a.labels || {}).check || '',
        (a.annotations || {}).message || '', when(a.startsAt)])
      : el('p', { class: 'muted' }, 'No alert is firing.'));
  });
  if ($('alerts-panel').hidden) return;
  const res = await api('/api/silences');
  if (res.status !== 200) return;
  const list = (res.body.silences || []).filter(s => s.state !== 'expired');
  $('silences-body').replaceChildren(list.length
    ? table(['matchers', 'state', 'until', 'by', 'comment', ''], list, s => [
      matchers(s.matchers), s.state, when(s.endsAt), s.createdBy, s.comment,
      el('button', { type: 'button', 'data-silence': s.id, onclick: () => expire(s.id) }, 'Expire')])
    : el('p', { class: 'muted' }, 'No active silence.'));
}

async function expire(id) {
  await api('/api/silences/' + encodeURIComponent(id), { method: 'DELETE' });
  await alerts();
}

async function createSilence(event) {
  event.preventDefault();
  const body = {
    matchers: [{ name: 'check', value: $('s-check').value.trim(), isRegex: false, isEqual: true }],
    duration: $('s-duration').value,
    createdBy: $('s-by').value.trim(),
    comment: $('s-comment').value.trim(),
  };
  const res = await api('/api/silences', { method: 'POST', body });
  if (res.status === 201 || res.status === 200) {
    $('silence-error').textContent = '';
    $('s-comment').value = '';
    document.body.dataset.silenceCreated = res.body.id;
  } else {
    $('silence-error').textContent = res.body.detail || ('Refused (' + res.status + ').');
  }
  await alerts();
}

async function healing() {
  await panel('healing-panel', '/api/dashboard/healing', (views) => {
    const list = Object.values(views || {}).filter(v =>
      v.phase !== 'idle' || v.quarantined || (v.recent || []).length);
    $('healing-body').replaceChildren(list.length
      ? table(['check', 'phase', 'step', 'attempts', 'breaker', 'last event'], list, v => {
        const last = (v.recent || [])[v.recent.length - 1];
        return [el('a', { href: '#/check/' + encodeURIComponent(v.check) }, v.check),
          v.quarantined ? 'quarantined: ' + v.quarantine.reason : v.phase, v.step || '–',
          String(v.attempts_on_step), v.breaker, last ? last.event + ' ' + when(last.at) : '–'];
      })
      : el('p', { class: 'muted' }, 'No recovery activity: ' + Object.keys(views || {}).length + ' checks protected.'));
  });
}

async function cluster() {
  await panel('cluster-panel', '/api/cluster/nodes', async (body) => {
    const nodes = body.nodes || [];
    const parts = [];
    if (body.brake) parts.push(el('p', { class: 'error' }, 'Brake on: redistribution is paused.'));
    parts.push(table(['node', 'state', 'zone', 'phi', 'primary', 'replica', 'since', 'reason'], nodes, n => [
      n.id, badge(nodeStatus(n.state), undefined, n.state), n.zone || '–',
      n.phi !== undefined && n.phi !== null ? n.phi.toFixed(2) : '–',
      String((n.shards || {}).primary ?? '–'), String((n.shards || {}).replica ?? '–'),
      n.since ? when(n.since) : '–', n.reason || '']));
    const routing = await api('/api/cluster/routing');
    if (routing.status === 200) {
      const r = routing.body;
      parts.push(el('h3', {}, 'Routing: epoch ' + r.epoch + (r.frozen ? ' (frozen)' : '')),
        table(['shard', 'primary', 'replicas'], (r.shards || []).slice(0, 64),
          s => [String(s.shard), s.primary || '–', (s.replicas || []).join(', ') || '–'],
          (r.shards || []).length > 64 ? 'first 64 of ' + r.shards.length + ' shards' : undefined));
    }
    $('cluster-body').replaceChildren(...parts);
  });
}

function nodeStatus(state) {
  return { healthy: 'ok', joining: 'pending', suspect: 'warning', dead: 'critical', left: 'disabled' }[state] || 'unknown';
}

async function tasks() {
  await panel('tasks-panel', '/api/dashboard/tasks', (body) => {
    const recent = body.recent || [];
    $('tasks-body').replaceChildren(
      el('p', {}, 'Waiting: ', el('strong', {}, String(body.depth ?? '–')),
        body.worker ? ' · worker ' + body.worker : ''),
      recent.length
        ? table(['id', 'type', 'status', 'attempts', 'updated', 'error'], recent, t => [
          String(t.task_id), t.type, t.status, String(t.attempts), when(t.updated_at), t.error || ''])
        : el('p', { class: 'muted' }, 'No recent task.'));
  });
}

export function initPanels() {
  $('silence-form').addEventListener('submit', (e) => createSilence(e).catch(() => {}));
}

let pending = null;
let lastRun = 0;

/** Refreshes every panel, at most once per 2 s (bursts of state changes become one refresh). */
export function refreshPanels() {
  if (pending) return pending;
  const wait = Math.max(0, lastRun + 2000 - Date.now());
  pending = new Promise(resolve => setTimeout(resolve, wait))
    .then(() => Promise.allSettled([alerts(), healing(), cluster(), tasks()]))
    .finally(() => {
      lastRun = Date.now();
      pending = null;
    });
  return pending;
}
