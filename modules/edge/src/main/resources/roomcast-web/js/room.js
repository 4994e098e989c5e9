// The state of one room as this page knows it, built from the snapshot and the room's events
// (the event envelope: {id, room, type, user, connection, data, ts, seq?}, README "Concepts").
// No DOM here: apply() says what changed and the view redraws that part.

const MAX_MESSAGES = 200;
// The server ends typing on its own after a few seconds; this only covers a lost typing.stop.
const TYPING_FORGET_MS = 8000;

export class Room {
  constructor(id, me) {
    this.id = id;
    this.me = me;
    this.messages = []; // envelopes of type "message", oldest first
    this.messageIds = new Set();
    this.members = new Map(); // user -> {status, connections}
    this.typers = new Map(); // user -> time (ms) after which the typer is forgotten
    this.receipts = new Map(); // user -> id of the last event the user has read
  }

  /** The first frame of a subscription: who is here, who is typing, who read what. */
  applySnapshot(snapshot) {
    this.members.clear();
    for (const { user, status, connections } of snapshot.users ?? []) {
      this.members.set(user, { status: status ?? 'online', connections: connections ?? 1 });
    }
    this.typers.clear();
    for (const user of snapshot.typing ?? []) {
      this.typers.set(user, Date.now() + TYPING_FORGET_MS);
    }
    for (const { user, event_id: eventId } of snapshot.receipts ?? []) {
      this.receipts.set(user, eventId);
    }
    return ['members', 'typing', 'receipts'];
  }

  /** Applies one event; answers the parts of the view that need a redraw. */
  apply(event) {
    const user = event.user;
    switch (event.type) {
      case 'message':
        return this.addMessage(event) ? ['messages', 'typing'] : [];
      case 'typing.start':
        this.typers.set(user, Date.now() + TYPING_FORGET_MS);
        return ['typing'];
      case 'typing.stop':
        return this.typers.delete(user) ? ['typing'] : [];
      case 'join':
        if (!this.members.has(user)) this.members.set(user, { status: 'online', connections: 1 });
        return ['members'];
      case 'presence.online':
      case 'presence.away':
      case 'presence.offline':
        this.members.set(user, {
          ...(this.members.get(user) ?? { connections: 1 }),
          status: event.data?.status ?? event.type.slice('presence.'.length),
        });
        return ['members'];
      case 'leave':
        this.members.delete(user);
        this.typers.delete(user);
        return ['members', 'typing'];
      case 'read':
        if (!event.data?.event_id) return [];
        this.receipts.set(user, event.data.event_id);
        return ['receipts'];
      default:
        return []; // other application types: this page only shows chat messages
    }
  }

  addMessage(event) {
    if (this.messageIds.has(event.id)) return false; // a replay after a reconnect
    this.messageIds.add(event.id);
    this.messages.push(event);
    // A message ends its author's typing even when the typing.stop is still on its way.
    this.typers.delete(event.user);
    if (this.messages.length > MAX_MESSAGES) {
      this.messageIds.delete(this.messages.shift().id);
    }
    return true;
  }

  /** Users other than me who are typing now, sorted. */
  typingUsers(now = Date.now()) {
    for (const [user, until] of this.typers) {
      if (until <= now) this.typers.delete(user);
    }
    return [...this.typers.keys()].filter((u) => u !== this.me).sort();
  }

  /** Users (not me, not the author) whose last read event is this message. */
  readersOf(message) {
    const readers = [];
    for (const [user, eventId] of this.receipts) {
      if (eventId === message.id && user !== this.me && user !== message.user) readers.push(user);
    }
    return readers.sort();
  }

  /** The newest message written by someone else: what "I have read up to" points at. */
  lastForeignMessage() {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      if (this.messages[i].user !== this.me) return this.messages[i];
    }
    return null;
  }

  /** Members sorted: me first, then by name. */
  memberList() {
    return [...this.members.entries()]
      .map(([user, m]) => ({ user, ...m }))
      .sort((a, b) =>
        a.user === this.me ? -1 : b.user === this.me ? 1 : a.user.localeCompare(b.user),
      );
  }
}
