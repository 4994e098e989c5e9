// Transport over the SSE room stream (GET /rooms/{room}/events) for receiving, and the
// WebSocket protocol (GET /ws, ops publish, typing and read) for sending; both on the edge
// port, so the page needs no CORS. EventSource reconnects by itself and resumes with
// Last-Event-ID; the WebSocket is reopened with a capped backoff.
//
// Presence status is kept per connection and the SSE stream is the connection that is in the
// room; the WebSocket is not, and nothing can change a stream's status from the browser. So this
// transport cannot go "away": the page disables its status switch.

// EventSource only delivers named events to listeners for that name.
const EVENT_TYPES = [
  'message',
  'typing.start',
  'typing.stop',
  'presence.online',
  'presence.away',
  'presence.offline',
  'read',
  'join',
  'leave',
];
const PING_MS = 20_000;
const MAX_QUEUED = 50;

export function openSse({ room, token }, on) {
  const query = `token=${encodeURIComponent(token)}`;
  const source = new EventSource(`/rooms/${encodeURIComponent(room)}/events?${query}`);
  const sender = new WsSender(
    `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?${query}`,
    on,
  );

  source.addEventListener('snapshot', (e) => on.snapshot(JSON.parse(e.data)));
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (e) => on.event(JSON.parse(e.data)));
  }
  source.onopen = () => on.status('open');
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) {
      // A refusal (bad token, room outside the token) ends the stream for good.
      on.status('closed');
      on.notice('the stream was refused: check the token and the room');
    } else {
      on.status('reconnecting');
    }
  };

  return {
    name: 'SSE + WebSocket',
    message: (text) => sender.send({ op: 'publish', room, type: 'message', data: { text } }, true),
    typing: (typing) => sender.send({ op: 'typing', room, typing }),
    presence: null,
    read: (eventId) => sender.send({ op: 'read', room, event_id: eventId }),
    close() {
      source.close();
      sender.close();
    },
  };
}

/** The sending half: one WebSocket, reopened when it drops; messages wait while it is down. */
class WsSender {
  constructor(url, on) {
    this.url = url;
    this.on = on;
    this.queue = [];
    this.retryMs = 500;
    this.refs = 0;
    this.closed = false;
    this.connect();
  }

  connect() {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.retryMs = 500;
      for (const op of this.queue.splice(0)) ws.send(JSON.stringify(op));
      this.pinger = setInterval(() => ws.send('{"op":"ping"}'), PING_MS);
    };
    ws.onmessage = (e) => {
      const frame = JSON.parse(e.data);
      if (frame.op === 'error') this.on.notice(`${frame.code}: ${frame.message}`);
    };
    ws.onclose = () => {
      clearInterval(this.pinger);
      if (this.closed) return;
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 5000);
    };
  }

  /** Sends now, or queues when `queue` is set; signals are dropped while the socket is down. */
  send(op, queue = false) {
    const frame = { ...op, ref: `r${++this.refs}` };
    if (this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(frame));
      return true;
    }
    if (queue && this.queue.length < MAX_QUEUED) {
      this.queue.push(frame);
      return true;
    }
    return false;
  }

  close() {
    this.closed = true;
    clearInterval(this.pinger);
    this.ws.close();
  }
}
