// What the page shows of one room: its messages, in seq order, from the recent history on entry
// and then live. Presence, typing and receipts arrive whole from the client (roomcast.js).
// No DOM here.

const MAX_MESSAGES = 200;

export class Messages {
  constructor(me) {
    this.me = me;
    this.list = []; // envelopes of type "message", oldest first
    this.ids = new Set();
    this.receipts = []; // [{user, event_id}]: each user's last read event
  }

  /** Adds a message; false when it is already shown. */
  add(event) {
    if (this.ids.has(event.id)) return false;
    this.ids.add(event.id);
    this.list.push(event);
    if (this.list.length > MAX_MESSAGES) this.ids.delete(this.list.shift().id);
    return true;
  }

  /** After a reset the room's history is reloaded from scratch. */
  clear() {
    this.list = [];
    this.ids.clear();
  }

  /** Users (not me, not the author) whose last read event is this message. */
  readersOf(message) {
    return this.receipts
      .filter((r) => r.event_id === message.id && r.user !== this.me && r.user !== message.user)
      .map((r) => r.user)
      .sort();
  }

  /** The newest message written by someone else: what "I have read up to" points at. */
  lastForeign() {
    for (let i = this.list.length - 1; i >= 0; i--) {
      if (this.list[i].user !== this.me) return this.list[i];
    }
    return null;
  }
}
