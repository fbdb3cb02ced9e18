// The live feed: Server-Sent Events read over fetch(), because EventSource cannot send the
// Authorization header (and the token must never go into a URL). Reconnects with backoff after
// the agent goes away or restarts; a stream silent for longer than two heartbeats is dropped.

import { authHeaders } from './util.js';

const SILENCE_MS = 40000;

/**
 * Opens the feed. handlers: onEvent(name, data), onOpen(), onDown(reason), onUnauthorized().
 * Returns {close()}.
 */
export function openFeed(handlers) {
  let closed = false;
  let backoff = 1000;
  let controller = null;
  let watchdog = null;

  const arm = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => controller && controller.abort(), SILENCE_MS);
  };

  const retry = (reason) => {
    clearTimeout(watchdog);
    if (closed) return;
    handlers.onDown(reason);
    setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, 10000);
  };

  async function connect() {
    if (closed) return;
    controller = new AbortController();
    let res;
    try {
      res = await fetch('/api/dashboard/events', {
        headers: authHeaders({ Accept: 'text/event-stream' }),
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch (e) {
      return retry('no answer from the agent');
    }
    if (res.status === 401) {
      closed = true;
      return handlers.onUnauthorized();
    }
    if (!res.ok || !res.body) return retry('the agent answered ' + res.status);
    arm();
    try {
      await read(res.body, (name, data) => {
        if (name === 'snapshot') {
          backoff = 1000;
          handlers.onOpen();
        }
        handlers.onEvent(name, data);
      }, arm);
    } catch (e) {
      // the connection broke: reconnect below
    }
    retry('the connection to the agent was lost');
  }

  connect();
  return {
    close() {
      closed = true;
      clearTimeout(watchdog);
      if (controller) controller.abort();
    },
  };
}

/** Parses an event stream (text/event-stream) until it ends; heard() on every chunk. */
async function read(body, dispatch, heard) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let name = 'message';
  let data = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    heard();
    buffer += value;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line === '') {
        if (data) dispatch(name, JSON.parse(data));
        name = 'message';
        data = '';
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let v = colon < 0 ? '' : line.slice(colon + 1);
        if (v.startsWith(' ')) v = v.slice(1);
        if (field === 'event') name = v;
        else if (field === 'data') data += (data ? '\n' : '') + v;
      }
    }
  }
}
