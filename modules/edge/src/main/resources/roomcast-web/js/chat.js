// The demo chat: join a room with a token, then messages, typing, presence and read receipts
// over one of two transports (SockJS event-bus bridge by default, or SSE + WebSocket).
// URL parameters prefill the form: ?room=lobby&token=…&mode=bridge|sse; with a token the page
// joins at once.

import { Room } from './room.js';
import { View } from './view.js';
import { openBridge } from './transports/bridge.js';
import { openSse } from './transports/sse.js';

const TRANSPORTS = { bridge: openBridge, sse: openSse };
// The server ends typing a few seconds after the last typing.start, so refresh it while typing.
const TYPING_REFRESH_MS = 3000;
const TYPING_IDLE_MS = 4000;
const READ_DELAY_MS = 300;

const view = new View();
const $ = (id) => document.getElementById(id);
let session = null;

/** One joined room: its state, its transport and this user's typing/presence/read signals. */
class Session {
  constructor({ room, token, mode }) {
    this.me = subjectOf(token);
    this.room = new Room(room, this.me);
    this.myStatus = 'online';
    this.autoAway = false;
    this.typingSentAt = 0;
    this.lastReadSent = null;
    view.status('connecting');
    this.transport = TRANSPORTS[mode](
      { room, token, me: this.me },
      {
        snapshot: (snapshot) => this.redraw(this.room.applySnapshot(snapshot)),
        event: (event) => this.redraw(this.room.apply(event)),
        direct: (event) => view.notice(`direct ${event.type} from ${event.user ?? 'a service'}`),
        status: (state) => this.connection(state),
        notice: (text) => view.notice(text),
      },
    );
    view.showChat(room, this.me, this.transport.name);
    $('my-status').disabled = !this.transport.presence;
    $('status-hint').hidden = Boolean(this.transport.presence);
    // Typers the server stopped announcing (a lost typing.stop) fade out on their own.
    this.typingTimer = setInterval(() => view.renderTyping(this.room), 1000);
  }

  redraw(parts) {
    if (parts.includes('messages')) {
      view.renderMessages(this.room);
      this.scheduleRead();
    }
    if (parts.includes('receipts')) view.renderReceipts(this.room);
    if (parts.includes('typing')) view.renderTyping(this.room);
    if (parts.includes('members')) view.renderMembers(this.room);
  }

  connection(state) {
    view.status(state);
    // A new connection starts online; tell it again if this user had stepped away.
    if (state === 'open' && this.myStatus !== 'online') this.transport.presence?.(this.myStatus);
  }

  send(text) {
    if (!this.transport.message(text)) {
      view.notice('not connected: the message was not sent');
      return false;
    }
    this.stopTyping();
    return true;
  }

  /** Called on every keystroke: typing.start once, refreshed while typing, stop when idle. */
  typed(text) {
    clearTimeout(this.idleTimer);
    if (text.trim() === '') {
      this.stopTyping();
      return;
    }
    const now = Date.now();
    if (now - this.typingSentAt >= TYPING_REFRESH_MS && this.transport.typing(true)) {
      this.typingSentAt = now;
    }
    this.idleTimer = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  stopTyping() {
    clearTimeout(this.idleTimer);
    if (this.typingSentAt !== 0) {
      this.transport.typing(false);
      this.typingSentAt = 0;
    }
  }

  setStatus(status) {
    if (!this.transport.presence) return;
    this.myStatus = status;
    this.transport.presence?.(status);
    $('my-status').value = status;
  }

  /** Read receipts go out only for what a visible page showed, and once per message. */
  scheduleRead() {
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(() => {
      if (document.visibilityState !== 'visible') return;
      const last = this.room.lastForeignMessage();
      if (last && last.id !== this.lastReadSent && this.transport.read(last.id)) {
        this.lastReadSent = last.id;
      }
    }, READ_DELAY_MS);
  }

  close() {
    clearInterval(this.typingTimer);
    clearTimeout(this.idleTimer);
    clearTimeout(this.readTimer);
    this.stopTyping();
    this.transport.close();
  }
}

/** The token's subject, for display only: the server stamps identity from the token itself. */
function subjectOf(token) {
  try {
    const base64 = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)).sub ?? null;
  } catch {
    return null;
  }
}

function formValues() {
  return {
    room: $('join-room').value.trim(),
    token: $('join-token').value.trim(),
    mode: document.querySelector('input[name="mode"]:checked')?.value ?? 'bridge',
  };
}

function join(values) {
  session?.close();
  session = new Session(values);
}

function start() {
  const url = new URLSearchParams(location.search);
  const mode = url.get('mode') in TRANSPORTS ? url.get('mode') : 'bridge';
  const defaults = { room: url.get('room') || 'lobby', token: url.get('token') ?? '', mode };
  view.showJoin(defaults);

  $('join').addEventListener('submit', (e) => {
    e.preventDefault();
    join(formValues());
  });
  $('leave').addEventListener('click', () => {
    session?.close();
    session = null;
    view.showJoin(formValues());
  });
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('composer-text');
    const text = input.value.trim();
    if (text && session?.send(text)) input.value = '';
  });
  $('composer-text').addEventListener('input', (e) => session?.typed(e.target.value));
  $('my-status').addEventListener('change', (e) => session?.setStatus(e.target.value));
  // Away while the tab is hidden (unless chosen by hand); catch up on receipts when back.
  document.addEventListener('visibilitychange', () => {
    if (!session) return;
    if (document.visibilityState === 'hidden' && session.myStatus === 'online') {
      session.autoAway = true;
      session.setStatus('away');
    } else if (document.visibilityState === 'visible') {
      if (session.autoAway) session.setStatus('online');
      session.autoAway = false;
      session.scheduleRead();
    }
  });
  window.addEventListener('pagehide', () => session?.close());

  if (defaults.token) join(defaults);
}

start();
