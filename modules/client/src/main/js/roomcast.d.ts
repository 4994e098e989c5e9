// Type declarations for roomcast.js, the roomcast browser client (served at /client/roomcast.d.ts).

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface RoomcastOptions {
  /** The edge: `https://host:8081` or `wss://host:8081/ws`. */
  url: string;
  /** A JWT; renewed through `getToken` when that is given. */
  token?: string;
  /** A fresh JWT: asked before the current one expires and after the server refuses it. */
  getToken?: () => Promise<string> | string;
  /** This connection's own id (1–64 chars of `[A-Za-z0-9_.:-]`), unique within its user. */
  cid?: string;
  /** The WebSocket implementation; the global one by default (Node 20: pass `ws`). */
  WebSocket?: unknown;
  /** The backoff cap in ms; 10 000 by default. */
  maxReconnectDelay?: number;
  /** The reconnect jitter's source of numbers in [0, 1); `Math.random` by default. */
  random?: () => number;
}

/** An event as delivered: the envelope's fields inline. */
export interface RoomEvent {
  op: 'event';
  id: string;
  room: string;
  type: string;
  user?: string;
  connection?: string;
  data: Record<string, unknown>;
  html?: string;
  ts: string;
  /** Durable events only. */
  seq?: number;
  epoch?: string;
}

export interface Snapshot {
  room: string;
  users: { user: string; status: string; connections: number }[];
  typing: string[];
  receipts: { user: string; event_id: string }[];
  seq: number;
  epoch?: string;
}

export interface Reset {
  room: string;
  reason: 'expired' | 'epoch' | 'future' | string;
  epoch?: string;
  seq: number;
}

export interface PresentUser {
  user: string;
  status: 'online' | 'away';
}

export interface ReadReceipt {
  user: string;
  event_id: string;
}

export interface RoomOptions {
  /** On entry, first deliver the room's last `n` stored events (1–1000). */
  history?: number;
  /** Every event except the built-in signals (typing, presence, read, join, leave), in order. */
  onEvent: (event: RoomEvent) => void;
  /** The server's snapshot, on every (re)join. */
  onSnapshot?: (snapshot: Snapshot) => void;
  /** Who is in the room now. */
  onPresence?: (users: PresentUser[]) => void;
  /** Who is typing now. */
  onTyping?: (users: string[]) => void;
  /** Each user's last read event. */
  onRead?: (receipts: ReadReceipt[]) => void;
  /**
   * The room could not be resumed (history expired or lost): drop what you show; the recent
   * history (`history`, else 50 events) follows through `onEvent`.
   */
  onReset?: (reset: Reset) => void;
  /**
   * The server refused the subscription (`forbidden`, `room_not_found`, …) or deleted the room
   * (`room_deleted`): the room is dropped and not subscribed again.
   */
  onError?: (error: RoomcastError) => void;
}

export interface PublishOptions {
  /** A pre-rendered HTML fragment carried beside `data`. */
  html?: string;
  /** `false`: not kept in history, no `seq`. */
  store?: boolean;
}

export class RoomcastError extends Error {
  /** The protocol's error code (`forbidden`, `rate_limited`, …), or `disconnected` / `timeout`. */
  readonly code: string;
  constructor(code: string, message?: string);
}

export class Room {
  readonly id: string;
  /** Resolves once first subscribed; rejects when the server refuses the room. */
  readonly ready: Promise<void>;
  /** The last delivered position, or null before the first. */
  readonly position: { seq: number; epoch: string | null } | null;
  /** Users present now. */
  readonly users: PresentUser[];
  /** Rejects with a `RoomcastError`; `disconnected` means it was not sent. */
  publish(type: string, data?: Record<string, unknown>, options?: PublishOptions): Promise<{ id: string; seq?: number }>;
  /** Call on every keystroke with `true`; throttled (start every 3 s at most, stop after 5 s idle). */
  typing(typing: boolean): void;
  /** Kept and said again after a reconnect. */
  presence(status: 'online' | 'away'): Promise<void>;
  /** The latest is said again after a reconnect. */
  read(eventId: string): Promise<void>;
  leave(): void;
}

export class Roomcast {
  constructor(options: RoomcastOptions);
  readonly state: ConnectionState;
  /** The server's `welcome` of the current socket. */
  readonly session: { connection: string; user: string; cid?: string } | null;
  connect(): Promise<void>;
  close(): void;
  room(id: string, options: RoomOptions): Room;
  on(name: 'state', fn: (state: ConnectionState) => void): () => void;
  on(name: 'error', fn: (error: { code: string; message: string; room?: string }) => void): () => void;
  on(name: 'push', fn: (event: RoomEvent) => void): () => void;
}
