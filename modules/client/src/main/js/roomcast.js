/**
 * roomcast browser client: one WebSocket to an edge's `/ws`, rooms that survive reconnects.
 *
 * It reconnects by itself (exponential backoff with full jitter), resumes every room from the
 * last seq and epoch it delivered (nothing lost, nothing repeated), renews its token before it
 * expires, and keeps each room's presence, typing and read state. No dependencies: it runs in
 * browsers and in Node 20 given a WebSocket implementation (`new Roomcast({WebSocket})`).
 *
 * @module roomcast
 */

/** Built-in event types: signals kept as room state, not handed to `onEvent`. */
const SIGNALS = new Set([
  'typing.start',
  'typing.stop',
  'presence.online',
  'presence.away',
  'presence.offline',
  'read',
  'join',
  'leave',
]);

/** How a close code ends a connection (RFC 6455 §7.4 and the server's 4xxx range). */
const REPLACED = 4009;
const DISCONNECTED = 4010;
const TOKEN_CODES_FROM = 4100;
const TOKEN_CODES_TO = 4199;
const TOKEN_EXPIRED = 4101;

const DEFAULTS = {
  maxReconnectDelay: 10_000,
  minReconnectDelay: 250,
  requestTimeout: 10_000,
  pingInterval: 25_000,
  resetHistory: 50,
  typingRepeat: 3_000,
  typingIdle: 5_000,
};

/** An error answered by the server or raised by the client; `code` is the protocol's code. */
export class RoomcastError extends Error {
  /**
   * @param {string} code e.g. `forbidden`, `rate_limited`, `disconnected`, `timeout`
   * @param {string} message
   */
  constructor(code, message) {
    super(message || code);
    this.name = 'RoomcastError';
    this.code = code;
  }
}

/**
 * A connection to roomcast that outlives its sockets.
 *
 * @example
 * const rc = new Roomcast({ url: 'https://rt.example.com', getToken: () => fetchToken() });
 * rc.on('state', (s) => console.log(s));
 * await rc.connect();
 * const room = rc.room('lobby', { history: 50, onEvent: (e) => console.log(e.data) });
 * await room.publish('message', { text: 'hi' });
 */
export class Roomcast {
  /**
   * @param {object} options
   * @param {string} options.url the edge, `https://host:8081` or `wss://host:8081/ws`
   * @param {string} [options.token] a JWT; renewed through `getToken` when that is given
   * @param {() => Promise<string>|string} [options.getToken] a fresh JWT, asked before the
   *   current one expires and after the server refuses it
   * @param {string} [options.cid] this connection's own id (`?cid=`), unique within its user
   * @param {typeof WebSocket} [options.WebSocket] the implementation; the global one by default
   * @param {number} [options.maxReconnectDelay] the backoff cap in ms (10 000)
   * @param {() => number} [options.random] the reconnect jitter's source of numbers in [0, 1)
   *   (`Math.random` by default)
   */
  constructor(options = {}) {
    if (!options.url) throw new TypeError('Roomcast needs {url}');
    if (!options.token && !options.getToken) throw new TypeError('Roomcast needs {token} or {getToken}');
    this._opts = { ...DEFAULTS, ...options };
    this._WebSocket = options.WebSocket || globalThis.WebSocket;
    if (!this._WebSocket) throw new TypeError('no WebSocket: pass {WebSocket} (e.g. the ws package)');
    this._url = wsUrl(options.url);
    this._token = options.token || null;
    this._listeners = new Map();
    this._rooms = new Map();
    this._pending = new Map();
    this._nextRef = 1;
    this._state = 'disconnected';
    this._socket = null;
    this._attempt = 0;
    this._timers = new Set();
    this._refreshTimer = null;
    this._closed = true;
    this._connected = null;
    /** The server's `welcome`: `{connection, user, cid?}` of the current socket. */
    this.session = null;
  }

  /** `connecting`, `connected` or `disconnected`. */
  get state() {
    return this._state;
  }

  /**
   * Listens to `state` (`connecting｜connected｜disconnected`), `error` (a server error frame
   * that no request owns, or a terminal close: `{code, message}`) and `push` (events for no
   * joined room, such as user pushes).
   *
   * @param {'state'|'error'|'push'} name
   * @param {(value: any) => void} fn
   * @returns {() => void} removes the listener
   */
  on(name, fn) {
    if (!this._listeners.has(name)) this._listeners.set(name, new Set());
    this._listeners.get(name).add(fn);
    return () => this._listeners.get(name).delete(fn);
  }

  /**
   * Opens the connection; resolves once the server welcomed it. It then stays up by itself
   * until {@link Roomcast#close}. Rejects when the server refuses the credentials for good.
   *
   * @returns {Promise<void>}
   */
  connect() {
    if (!this._closed) return this._connected.promise;
    this._closed = false;
    this._connected = deferred();
    this._open();
    return this._connected.promise;
  }

  /** Closes for good: no reconnect; pending requests reject with `disconnected`. */
  close() {
    this._closed = true;
    for (const t of this._timers) clearTimeout(t);
    this._timers.clear();
    clearTimeout(this._refreshTimer);
    const socket = this._socket;
    this._socket = null;
    if (socket) {
      detach(socket);
      try {
        socket.close(1000, 'client closed');
      } catch {
        // already closing
      }
    }
    this._failPending(new RoomcastError('disconnected', 'the client was closed'));
    for (const room of this._rooms.values()) room._stopTyping(false);
    if (this._connected) this._connected.reject(new RoomcastError('disconnected', 'closed'));
    this._setState('disconnected');
  }

  /**
   * Joins a room: subscribes now (or as soon as connected) and after every reconnect.
   *
   * @param {string} id the room id
   * @param {RoomOptions} [options]
   * @returns {Room}
   */
  room(id, options = {}) {
    if (this._rooms.has(id)) throw new Error(`room '${id}' is already joined`);
    const room = new Room(this, id, options);
    this._rooms.set(id, room);
    if (this._state === 'connected') this._subscribe([room]);
    return room;
  }

  // ---- the socket ----

  async _open() {
    this._setState('connecting');
    try {
      if (this._opts.getToken && (!this._token || expiresIn(this._token) < 5_000)) {
        this._token = await this._opts.getToken();
      }
    } catch (err) {
      this._emit('error', { code: 'token_unavailable', message: String(err?.message || err) });
      this._retry();
      return;
    }
    if (this._closed) return;
    let url = `${this._url}${this._url.includes('?') ? '&' : '?'}token=${encodeURIComponent(this._token)}`;
    if (this._opts.cid) url += `&cid=${encodeURIComponent(this._opts.cid)}`;
    let socket;
    try {
      socket = new this._WebSocket(url);
    } catch (err) {
      this._emit('error', { code: 'connect_failed', message: String(err?.message || err) });
      this._retry();
      return;
    }
    this._socket = socket;
    let farewell = null;
    let heard = Date.now();
    const pinger = this._every(this._opts.pingInterval, () => {
      if (Date.now() - heard > this._opts.pingInterval * 2) {
        // nothing from the server for two periods: the network is gone without a close
        socket.close(4000, 'no answer');
        onClose({ code: 1006 });
      } else if (socket.readyState === 1) {
        socket.send(JSON.stringify({ op: 'ping' }));
      }
    });
    const onClose = (ev) => {
      if (this._socket !== socket) return;
      this._socket = null;
      detach(socket);
      clearInterval(pinger);
      this._timers.delete(pinger);
      clearTimeout(this._refreshTimer);
      this.session = null;
      this._failPending(new RoomcastError('disconnected', 'the connection closed'));
      for (const room of this._rooms.values()) room._disconnected();
      if (!this._closed) this._closedBy(ev.code, farewell);
    };
    socket.onmessage = (ev) => {
      heard = Date.now();
      let frame;
      try {
        frame = JSON.parse(typeof ev.data === 'string' ? ev.data : String(ev.data));
      } catch {
        return;
      }
      if (frame.op === 'error' && frame.ref === undefined && 'reconnect' in frame) {
        farewell = frame; // the server's last words: the close that follows says what to do
        return;
      }
      this._frame(frame);
    };
    socket.onclose = onClose;
    socket.onerror = () => {};
  }

  /** What a close means: reconnect (with backoff), renew the token first, or stop. */
  _closedBy(code, farewell) {
    const tokenIssue = code >= TOKEN_CODES_FROM && code <= TOKEN_CODES_TO;
    if (tokenIssue && this._opts.getToken) {
      this._token = null; // asked anew before the next socket
      this._retry(code === TOKEN_EXPIRED && this._attempt === 0 ? 0 : undefined);
      return;
    }
    const refused = tokenIssue || code === REPLACED || (farewell && farewell.reconnect === false);
    const allowed = code === DISCONNECTED ? farewell?.reconnect === true : !refused;
    if (allowed) {
      this._retry();
      return;
    }
    const why = {
      code: farewell?.code || `close_${code}`,
      message: farewell?.message || 'the server closed the connection',
    };
    this._closed = true;
    this._emit('error', why);
    this._connected?.reject(new RoomcastError(why.code, why.message));
    this._setState('disconnected');
  }

  /** Full jitter: a random delay up to min(cap, base × 2^attempt). */
  _retry(fixedDelay) {
    if (this._closed) return;
    this._setState('disconnected');
    const ceiling = Math.min(
      this._opts.maxReconnectDelay,
      this._opts.minReconnectDelay * 2 ** Math.min(this._attempt, 20),
    );
    this._attempt++;
    const delay = fixedDelay ?? (this._opts.random ?? Math.random)() * ceiling;
    this._after(delay, () => this._open());
  }

  _frame(f) {
    switch (f.op) {
      case 'welcome':
        this.session = { connection: f.connection, user: f.user, cid: f.cid };
        this._attempt = 0;
        this._scheduleRefresh();
        this._setState('connected');
        this._subscribe([...this._rooms.values()]);
        for (const room of this._rooms.values()) room._reconnected();
        this._connected.resolve();
        return;
      case 'event': {
        const room = this._rooms.get(f.room);
        if (room) room._event(f);
        else this._emit('push', f);
        return;
      }
      case 'snapshot':
        this._rooms.get(f.room)?._snapshot(f);
        return;
      case 'reset':
        this._rooms.get(f.room)?._reset(f);
        return;
      case 'ack':
      case 'pong':
      case 'error': {
        const pending = f.ref !== undefined && this._pending.get(String(f.ref));
        if (pending) {
          this._pending.delete(String(f.ref));
          clearTimeout(pending.timer);
          pending.answered?.(f);
          if (f.op === 'error') pending.reject(new RoomcastError(f.code, f.message));
          else pending.resolve(f);
        } else if (f.op === 'error') {
          if (f.room && f.code === 'room_deleted') this._rooms.get(f.room)?._deleted(f);
          this._emit('error', { code: f.code, message: f.message, room: f.room });
        }
        return;
      }
      default:
    }
  }

  /** Subscribes rooms: one frame for those with a position (or none wanted), one per history. */
  _subscribe(rooms) {
    const resume = rooms.filter((r) => r._position || !r._historyWanted());
    const byHistory = new Map();
    for (const r of rooms) {
      if (resume.includes(r)) continue;
      const n = r._historyWanted();
      if (!byHistory.has(n)) byHistory.set(n, []);
      byHistory.get(n).push(r);
    }
    if (resume.length) {
      const since = {};
      for (const r of resume) if (r._position) since[r.id] = r._position.toJSON();
      this._subscribeFrame(resume, { since });
    }
    for (const [n, group] of byHistory) this._subscribeFrame(group, { history: n });
  }

  _subscribeFrame(rooms, extra) {
    const frame = { op: 'subscribe', rooms: rooms.map((r) => r.id), ...extra };
    // the ack is taken at once: the events it lets in may follow in the same network read
    const answered = (f) => f.op === 'ack' && rooms.forEach((r) => r._subscribed());
    this._request(frame, answered).then(
      () => rooms.forEach((r) => r._ready.resolve()),
      (err) => rooms.forEach((r) => r._refused(err)),
    );
  }

  /**
   * Sends a frame with a fresh `ref`; resolves with its `ack`, rejects with its `error`.
   * `answered` sees the answer synchronously, before any later frame is handled.
   */
  _request(frame, answered) {
    if (this._state !== 'connected' || !this._socket) {
      return Promise.reject(new RoomcastError('disconnected', 'not connected; try again later'));
    }
    const ref = String(this._nextRef++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this._pending.delete(ref);
        reject(new RoomcastError('timeout', `no answer to ${frame.op} in time`));
      }, this._opts.requestTimeout);
      this._pending.set(ref, { resolve, reject, timer, answered });
      this._socket.send(JSON.stringify({ ...frame, ref }));
    });
  }

  /** Renews the token a little before its `exp` (a fifth of what is left, at most 30 s early). */
  _scheduleRefresh() {
    clearTimeout(this._refreshTimer);
    if (!this._opts.getToken || !this._token) return;
    const left = expiresIn(this._token);
    if (!Number.isFinite(left)) return;
    const lead = Math.min(30_000, left / 5);
    this._refreshTimer = setTimeout(() => this._refresh(), Math.max(0, left - lead));
  }

  async _refresh() {
    const socket = this._socket;
    try {
      const token = await this._opts.getToken();
      if (this._socket !== socket || !socket) return;
      await this._request({ op: 'refresh', token });
      this._token = token;
      this._scheduleRefresh();
    } catch (err) {
      // the server closes the socket at expiry (4101); a new token is then asked again
      if (this._socket === socket) {
        this._emit('error', { code: err.code || 'token_unavailable', message: String(err.message) });
        this._refreshTimer = setTimeout(() => this._refresh(), 1_000);
      }
    }
  }

  _failPending(err) {
    for (const p of this._pending.values()) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    this._pending.clear();
  }

  _setState(s) {
    if (this._state === s) return;
    this._state = s;
    this._emit('state', s);
  }

  _emit(name, value) {
    for (const fn of this._listeners.get(name) || []) {
      try {
        fn(value);
      } catch (err) {
        setTimeout(() => {
          throw err;
        });
      }
    }
  }

  _after(ms, fn) {
    const t = setTimeout(() => {
      this._timers.delete(t);
      fn();
    }, ms);
    this._timers.add(t);
    return t;
  }

  _every(ms, fn) {
    const t = setInterval(fn, ms);
    this._timers.add(t);
    return t;
  }

  _send(frame) {
    return this._request(frame).then(() => undefined);
  }
}

/**
 * @typedef {object} RoomOptions
 * @property {number} [history] on entry, first deliver the room's last `n` stored events (1–1000)
 * @property {(event: RoomEvent) => void} onEvent every event but the built-in signals, in order
 * @property {(snapshot: object) => void} [onSnapshot] the server's snapshot, on every (re)join
 * @property {(users: {user: string, status: string}[]) => void} [onPresence] who is here now
 * @property {(users: string[]) => void} [onTyping] who is typing now (yourself included)
 * @property {(receipts: {user: string, event_id: string}[]) => void} [onRead] each user's last read
 * @property {(reset: {room: string, reason: string, epoch?: string, seq: number}) => void} [onReset]
 *   the room could not be resumed (history expired or lost): drop what you show; the recent
 *   history (`history`, else 50 events) is delivered through `onEvent` next
 * @property {(err: RoomcastError) => void} [onError] the server refused to subscribe
 *   (`forbidden`, `room_not_found`, …) or deleted the room (`room_deleted`); either way the room
 *   is dropped and not subscribed again
 */

/** A position in a room's stream: the last delivered `seq` of `epoch`. */
class Position {
  constructor(seq, epoch) {
    this.seq = seq;
    this.epoch = epoch ?? null;
  }

  toJSON() {
    return this.epoch ? { seq: this.seq, epoch: this.epoch } : { seq: this.seq };
  }
}

/** A joined room; made by {@link Roomcast#room}. */
export class Room {
  constructor(client, id, options) {
    this.id = id;
    this._client = client;
    this._opts = options;
    this._position = null;
    this._accepting = true;
    this._reloading = false;
    this._left = false;
    this._presence = new Map();
    this._typing = new Set();
    this._receipts = new Map();
    this._status = null;
    this._lastRead = null;
    this._typingSince = 0;
    this._typingIdle = null;
    this._ready = deferred();
    this._ready.promise.catch(() => {});
  }

  /** Resolves when the room is first subscribed; rejects when the server refuses it. */
  get ready() {
    return this._ready.promise;
  }

  /** The last delivered position, `{seq, epoch}`, or null before the first one. */
  get position() {
    return this._position && { seq: this._position.seq, epoch: this._position.epoch };
  }

  /**
   * Publishes an event into the room.
   *
   * @param {string} type `message` or an application type
   * @param {object} [data]
   * @param {{html?: string, store?: boolean}} [options] `html`: a pre-rendered fragment;
   *   `store: false`: not kept in history (no `seq`)
   * @returns {Promise<{id: string, seq?: number}>} rejects with a {@link RoomcastError}
   *   (`disconnected` while not connected: it was not sent)
   */
  publish(type, data = {}, options = {}) {
    if (this._left) return Promise.reject(new RoomcastError('not_joined', 'the room was left'));
    const frame = { op: 'publish', room: this.id, type, data };
    if (options.html !== undefined) frame.html = options.html;
    if (options.store !== undefined) frame.store = options.store;
    if (type === 'message') this._stopTyping(false); // the server ends the typing itself
    return this._client._request(frame).then((ack) => {
      const out = { id: ack.id };
      if (ack.seq !== undefined) out.seq = ack.seq;
      return out;
    });
  }

  /**
   * Says the user is typing (call it on every keystroke) or stopped. A start goes out at most
   * every 3 s while typing; a stop after 5 s without a keystroke, on `typing(false)`, or with
   * the next message.
   *
   * @param {boolean} typing
   */
  typing(typing) {
    if (this._left || this._client.state !== 'connected') return;
    clearTimeout(this._typingIdle);
    if (!typing) {
      this._stopTyping(true);
      return;
    }
    const now = Date.now();
    if (now - this._typingSince >= this._client._opts.typingRepeat) {
      this._typingSince = now;
      this._client._send({ op: 'typing', room: this.id, typing: true }).catch(() => {});
    }
    this._typingIdle = setTimeout(() => this._stopTyping(true), this._client._opts.typingIdle);
  }

  /**
   * Sets the user's status here (`online` or `away`); kept and said again after a reconnect.
   *
   * @param {'online'|'away'} status
   * @returns {Promise<void>}
   */
  presence(status) {
    this._status = status;
    return this._client._send({ op: 'presence', room: this.id, status });
  }

  /**
   * Marks the event read; the latest is said again after a reconnect.
   *
   * @param {string} eventId
   * @returns {Promise<void>}
   */
  read(eventId) {
    this._lastRead = eventId;
    return this._client._send({ op: 'read', room: this.id, event_id: eventId });
  }

  /** Leaves the room: unsubscribes and forgets it. */
  leave() {
    if (this._left) return;
    this._stopTyping(true);
    this._left = true;
    this._client._rooms.delete(this.id);
    if (this._client.state === 'connected') {
      this._client._send({ op: 'unsubscribe', rooms: [this.id] }).catch(() => {});
    }
  }

  /** Users present now: `[{user, status}]`, online or away. */
  get users() {
    return [...this._presence].map(([user, status]) => ({ user, status }));
  }

  // ---- called by the client ----

  _historyWanted() {
    if (this._reloading) return this._opts.history || this._client._opts.resetHistory;
    return this._opts.history || 0;
  }

  /** The subscribe's ack: what follows belongs to this subscription. */
  _subscribed() {
    this._accepting = true;
    this._reloading = false;
  }

  _refused(err) {
    if (err.code === 'disconnected' || err.code === 'timeout') return; // tried again on reconnect
    if (err.code === 'unavailable') {
      this._client._after(1_000, () => {
        if (!this._left && this._client.state === 'connected') this._client._subscribe([this]);
      });
      return;
    }
    this._client._rooms.delete(this.id);
    this._left = true;
    this._ready.reject(err);
    this._opts.onError?.(err);
  }

  _reconnected() {
    if (this._status && this._status !== 'online') this.presence(this._status).catch(() => {});
    if (this._lastRead) this.read(this._lastRead).catch(() => {});
  }

  _disconnected() {
    this._stopTyping(false);
  }

  _event(e) {
    if (!this._accepting) return;
    if (e.seq !== undefined) {
      const at = this._position;
      if (at && (e.epoch ?? null) === at.epoch && e.seq <= at.seq) return; // a repeat
      this._position = new Position(e.seq, e.epoch ?? at?.epoch);
    }
    if (SIGNALS.has(e.type)) this._signal(e);
    else this._opts.onEvent?.(e);
  }

  _snapshot(s) {
    if (!this._accepting) return;
    if (!this._position && s.seq !== undefined) this._position = new Position(s.seq, s.epoch);
    this._presence = new Map();
    for (const u of s.users || []) if (u.status !== 'offline') this._presence.set(u.user, u.status);
    this._typing = new Set(s.typing || []);
    this._receipts = new Map((s.receipts || []).map((r) => [r.user, r.event_id]));
    this._opts.onSnapshot?.(s);
    this._firePresence();
    this._fireTyping();
    this._fireRead();
  }

  /** The room cannot be resumed: tell the app, then subscribe again with recent history. */
  _reset(r) {
    if (!this._accepting) return;
    this._accepting = false;
    this._position = null;
    this._reloading = true;
    this._opts.onReset?.({ room: this.id, reason: r.reason, epoch: r.epoch, seq: r.seq });
    if (this._client.state !== 'connected') return;
    this._client._send({ op: 'unsubscribe', rooms: [this.id] }).catch(() => {});
    this._client._subscribe([this]);
  }

  _deleted(f) {
    this._left = true;
    this._client._rooms.delete(this.id);
    this._opts.onError?.(new RoomcastError(f.code, f.message));
  }

  _signal(e) {
    switch (e.type) {
      case 'join':
      case 'presence.online':
        this._presence.set(e.user, 'online');
        break;
      case 'presence.away':
        this._presence.set(e.user, 'away');
        break;
      case 'presence.offline':
      case 'leave':
        if (!this._presence.delete(e.user)) return;
        if (this._typing.delete(e.user)) this._fireTyping();
        break;
      case 'typing.start':
        if (this._typing.has(e.user)) return;
        this._typing.add(e.user);
        this._fireTyping();
        return;
      case 'typing.stop':
        if (this._typing.delete(e.user)) this._fireTyping();
        return;
      case 'read':
        this._receipts.set(e.user, e.data?.event_id);
        this._fireRead();
        return;
      default:
        return;
    }
    this._firePresence();
  }

  _stopTyping(tell) {
    clearTimeout(this._typingIdle);
    this._typingIdle = null;
    const wasTyping = this._typingSince !== 0;
    this._typingSince = 0;
    if (tell && wasTyping && this._client.state === 'connected') {
      this._client._send({ op: 'typing', room: this.id, typing: false }).catch(() => {});
    }
  }

  _firePresence() {
    this._opts.onPresence?.(this.users);
  }

  _fireTyping() {
    this._opts.onTyping?.([...this._typing]);
  }

  _fireRead() {
    this._opts.onRead?.([...this._receipts].map(([user, event_id]) => ({ user, event_id })));
  }
}

/** `http(s)://host[:port][/path]` or `ws(s)://…` → the `ws(s)://…/ws` address. */
function wsUrl(url) {
  const u = new URL(url, globalThis.location?.href);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  else if (u.protocol === 'https:') u.protocol = 'wss:';
  if (!u.pathname.endsWith('/ws')) u.pathname = `${u.pathname.replace(/\/$/, '')}/ws`;
  return u.toString();
}

/** Milliseconds until the JWT's `exp`; Infinity when it has none or cannot be read. */
function expiresIn(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = JSON.parse(decodeBase64(part));
    return typeof json.exp === 'number' ? json.exp * 1000 - Date.now() : Infinity;
  } catch {
    return Infinity;
  }
}

function decodeBase64(s) {
  const padded = s + '='.repeat((4 - (s.length % 4)) % 4);
  const binary = globalThis.atob(padded);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

function detach(socket) {
  socket.onmessage = null;
  socket.onclose = null;
  // not null: Node's ws reports closing a still-connecting socket as an error event, which
  // would be an uncaught exception without a listener
  socket.onerror = () => {};
}

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
