// The demo chat, built on the browser client served by every edge (/client/roomcast.js): join a
// room with a token; its recent history first, then messages, typing, presence and read
// receipts live. The client reconnects and resumes by itself; the pill shows its state.
// URL parameters prefill the form: ?room=lobby&token=…; with a token the page joins at once.

import { Roomcast } from '/client/roomcast.js';
import { Messages } from './room.js';
import { View } from './view.js';

const HISTORY = 50;
const READ_DELAY_MS = 300;

const view = new View();
const $ = (id) => document.getElementById(id);
let session = null;

/** One joined room over one client. */
class Session {
  constructor({ room, token }) {
    this.me = subjectOf(token);
    this.messages = new Messages(this.me);
    this.members = [];
    this.myStatus = 'online';
    this.autoAway = false;
    this.lastReadSent = null;
    this.rc = new Roomcast({ url: location.origin, token });
    this.rc.on('state', (state) => view.status(state));
    this.rc.on('error', (e) => view.notice(`${e.code}: ${e.message}`));
    this.rc.on('push', (e) => view.notice(`direct ${e.type} from ${e.user ?? 'a service'}`));
    this.room = this.rc.room(room, {
      history: HISTORY,
      onEvent: (e) => this.event(e),
      onPresence: (users) => {
        this.members = users;
        view.renderMembers(users, this.me);
      },
      onTyping: (users) => view.renderTyping(users.filter((u) => u !== this.me).sort()),
      onRead: (receipts) => {
        this.messages.receipts = receipts;
        view.renderReceipts(this.messages);
      },
      onReset: (r) => {
        this.messages.clear();
        view.renderMessages(this.messages);
        view.notice(`the room's history was reset (${r.reason}); showing it anew`);
      },
      onError: (e) => view.notice(`${e.code}: ${e.message}`),
    });
    view.showChat(room, this.me);
    this.rc.connect().catch((e) => view.notice(`${e.code}: ${e.message}`));
  }

  event(e) {
    if (e.type !== 'message') return; // other application types: this page shows chat only
    if (this.messages.add(e)) {
      view.renderMessages(this.messages);
      this.scheduleRead();
    }
  }

  send(text) {
    this.room.publish('message', { text }).catch((e) => {
      view.notice(
        e.code === 'disconnected' ? 'not connected: the message was not sent' : `${e.code}: ${e.message}`,
      );
    });
  }

  setStatus(status) {
    this.myStatus = status;
    this.room.presence(status).catch(() => {}); // said again on reconnect
    $('my-status').value = status;
  }

  /** Read receipts go out only for what a visible page showed, and once per message. */
  scheduleRead() {
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(() => {
      if (document.visibilityState !== 'visible') return;
      const last = this.messages.lastForeign();
      if (last && last.id !== this.lastReadSent) {
        this.lastReadSent = last.id;
        this.room.read(last.id).catch(() => {});
      }
    }, READ_DELAY_MS);
  }

  close() {
    clearTimeout(this.readTimer);
    this.room.typing(false);
    this.rc.close();
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
  return { room: $('join-room').value.trim(), token: $('join-token').value.trim() };
}

function join(values) {
  session?.close();
  session = new Session(values);
}

function start() {
  const url = new URLSearchParams(location.search);
  const defaults = { room: url.get('room') || 'lobby', token: url.get('token') ?? '' };
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
    if (text && session) {
      session.send(text);
      input.value = '';
    }
  });
  // every keystroke: the client throttles typing.start and sends the stop when idle
  $('composer-text').addEventListener('input', (e) => session?.room.typing(e.target.value.trim() !== ''));
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
