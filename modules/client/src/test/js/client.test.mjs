// roomcast.js in Node 20 (with the ws package) against the real two-node cluster of ClientIT.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Roomcast, RoomcastError } from '../../main/js/roomcast.js';
import {
  WebSocket,
  deleteRoom,
  edgeUrl,
  kill,
  next,
  nodes,
  proxy,
  publish,
  range,
  roomId,
  seqs,
  start,
  stop,
  token,
  until,
} from './harness.mjs';

const clients = [];
after(() => clients.forEach((c) => c.close()));

/** A client on node `i` (or at `url`), its backoff short so that tests do not wait long. */
async function client(user, { i = 1, url, ...options } = {}) {
  const rc = new Roomcast({
    url: url || (await edgeUrl(i)),
    token: options.getToken ? undefined : token(user),
    WebSocket,
    maxReconnectDelay: 500,
    ...options,
  });
  clients.push(rc);
  return rc;
}

/** Joins `id` and collects what it delivers. */
function join(rc, id, options = {}) {
  const seen = { events: [], resets: [], presence: [], typing: [], read: [] };
  const room = rc.room(id, {
    onEvent: (e) => seen.events.push(e),
    onReset: (r) => seen.resets.push(r),
    onPresence: (u) => seen.presence.push(u),
    onTyping: (u) => seen.typing.push(u),
    onRead: (r) => seen.read.push(r),
    ...options,
  });
  return { room, seen };
}

async function publishMany(i, room, from, to) {
  for (const n of range(from, to)) {
    const { seq } = await publish(i, room, { n });
    assert.equal(seq, n);
  }
}

test('publish resolves with the id and seq, and the event comes back to the publisher', async () => {
  const rc = await client('alice');
  await rc.connect();
  const id = roomId('pub');
  const { room, seen } = join(rc, id);
  await room.ready;
  const ack = await room.publish('message', { text: 'hi' });
  assert.match(ack.id, /^[0-9a-f-]{36}$/);
  assert.equal(ack.seq, 1);
  await until('own event', () => seen.events.length === 1);
  assert.equal(seen.events[0].id, ack.id);
  assert.equal(seen.events[0].user, 'alice');
  assert.deepEqual(seen.events[0].data, { text: 'hi' });
});

test('publish rejects with the server error code', async () => {
  const id = roomId('ro');
  const rc = await client('carol', { token: token('carol', { rooms: [id], pub: [] }) });
  await rc.connect();
  const { room } = join(rc, id);
  await room.ready;
  await assert.rejects(room.publish('message', {}), (e) => {
    assert.ok(e instanceof RoomcastError);
    assert.equal(e.code, 'forbidden');
    return true;
  });
  await assert.rejects(room.publish('typing.start', {}), { code: 'invalid_type' });
});

test('publish while disconnected rejects with disconnected instead of dropping it', async () => {
  const rc = await client('dave');
  const { room } = join(rc, roomId('offline'));
  await assert.rejects(room.publish('message', { text: 'lost?' }), { code: 'disconnected' });
  const p = await proxy((await nodes())[0].edge);
  const viaProxy = await client('dave', { url: p.url });
  await viaProxy.connect();
  const r2 = join(viaProxy, roomId('offline2')).room;
  await r2.ready;
  p.cut();
  await until('disconnected', () => viaProxy.state !== 'connected');
  await assert.rejects(r2.publish('message', {}), { code: 'disconnected' });
  await p.close();
});

test('a room joined with history first gets its last n stored events, then live ones', async () => {
  const id = roomId('history');
  await publishMany(2, id, 1, 5);
  const rc = await client('erin');
  await rc.connect();
  const { room, seen } = join(rc, id, { history: 3 });
  await room.ready;
  await until('history', () => seen.events.length === 3);
  await publish(1, id, { n: 6 });
  await until('live event', () => seen.events.length === 4);
  assert.deepEqual(seqs(seen.events), [3, 4, 5, 6]);
});

test('after a dropped network the room resumes with nothing lost and nothing repeated', async () => {
  const id = roomId('drop');
  const p = await proxy((await nodes())[0].edge);
  const rc = await client('frank', { url: p.url });
  const states = [];
  rc.on('state', (s) => states.push(s));
  await rc.connect();
  const { room, seen } = join(rc, id);
  await room.ready;
  await publishMany(1, id, 1, 3);
  await until('first events', () => seen.events.length === 3);
  const before = rc.session.connection;

  p.cut();
  await until('disconnected', () => rc.state !== 'connected');
  await publishMany(2, id, 4, 8);
  p.heal();
  await until('reconnected', () => rc.state === 'connected');
  await publish(2, id, { n: 9 });
  await until('every event', () => seen.events.length >= 9);
  await new Promise((r) => setImmediate(r));

  assert.deepEqual(seqs(seen.events), range(1, 9));
  assert.notEqual(rc.session.connection, before);
  assert.ok(states.includes('disconnected') && states.at(-1) === 'connected', states.join());
  await p.close();
});

test('after the node under the client dies the room catches up from the other node with no gap', async () => {
  const id = roomId('death');
  const rc = await client('grace', { i: 1 });
  await rc.connect();
  const { room, seen } = join(rc, id);
  await room.ready;
  await publishMany(2, id, 1, 2);
  await until('first events', () => seen.events.length === 2);

  await kill(1);
  await until('disconnected', () => rc.state !== 'connected');
  await publishMany(2, id, 3, 6); // stored on the survivor while the client has no node
  await start(1);
  await until('reconnected', () => rc.state === 'connected', 30_000);
  await publish(1, id, { n: 7 });
  await until('every event', () => seen.events.length >= 7);

  assert.deepEqual(seqs(seen.events), range(1, 7));
});

test('the token is renewed with getToken before it expires, on the same connection', async () => {
  const id = roomId('refresh');
  let asked = 0;
  const rc = await client('heidi', {
    getToken: async () => {
      asked++;
      return token('heidi', { seconds: 3 });
    },
  });
  await rc.connect();
  const { room, seen } = join(rc, id);
  await room.ready;
  const connection = rc.session.connection;
  // past the first token's expiry: the server would have closed the socket with 4101
  await until('two renewals', () => asked >= 3, 15_000);
  await room.publish('message', { after: 'expiry' });
  await until('event after renewal', () => seen.events.length === 1);
  assert.equal(rc.session.connection, connection);
  assert.equal(rc.state, 'connected');
});

test('after a token_expired close the client gets a new token and resumes the room', async () => {
  const id = roomId('expired');
  let asked = 0;
  let recovered = false;
  const rc = await client('ivan', {
    getToken: async () => {
      asked++;
      if (asked === 1) return token('ivan', { seconds: 2 });
      if (!recovered) throw new Error('auth server down');
      return token('ivan');
    },
  });
  const errors = [];
  rc.on('error', (e) => errors.push(e.code));
  await rc.connect();
  const { room, seen } = join(rc, id);
  await room.ready;
  const connection = rc.session.connection;
  await publishMany(1, id, 1, 2);
  await until('first events', () => seen.events.length === 2);
  await until('token_expired close', () => rc.state !== 'connected', 10_000);
  await publishMany(2, id, 3, 4);
  recovered = true;
  await until('reconnected', () => rc.state === 'connected');
  await publish(1, id, { n: 5 });
  await until('every event', () => seen.events.length >= 5);
  assert.deepEqual(seqs(seen.events), range(1, 5));
  assert.notEqual(rc.session.connection, connection);
  assert.ok(errors.includes('token_unavailable'), errors.join());
});

test('after the node shuts down (a close that allows reconnecting) the room resumes', async () => {
  const id = roomId('shutdown');
  const rc = await client('ken', { i: 1 });
  const errors = [];
  rc.on('error', (e) => errors.push(e.code));
  await rc.connect();
  const { room, seen } = join(rc, id);
  await room.ready;
  await publishMany(1, id, 1, 2);
  await until('first events', () => seen.events.length === 2);

  await stop(1);
  await until('disconnected', () => rc.state !== 'connected');
  await publishMany(2, id, 3, 5);
  await start(1);
  await until('reconnected', () => rc.state === 'connected', 30_000);
  await publish(2, id, { n: 6 });
  await until('every event', () => seen.events.length >= 6);

  assert.deepEqual(seqs(seen.events), range(1, 6));
  assert.deepEqual(errors, [], 'shutting_down is not an error for the app');
});

test('presence, typing and read state is handed over whole, and typing is throttled', async () => {
  const id = roomId('state');
  const sent = [];
  class CountingSocket extends WebSocket {
    send(text) {
      sent.push(JSON.parse(text));
      super.send(text);
    }
  }
  const alice = await client('alice', { WebSocket: CountingSocket, typingIdle: 800 });
  const bob = await client('bob');
  await alice.connect();
  await bob.connect();
  const a = join(alice, id);
  await a.room.ready;
  const b = join(bob, id);
  await b.room.ready;

  await until('bob sees alice and himself', () =>
    ['alice', 'bob'].every((u) => b.seen.presence.at(-1)?.some((p) => p.user === u)),
  );
  for (let k = 0; k < 10; k++) {
    a.room.typing(true);
    await new Promise((r) => setTimeout(r, 50));
  }
  await until('bob sees alice typing', () => b.seen.typing.at(-1)?.includes('alice'));
  const typingFrames = () => sent.filter((f) => f.op === 'typing');
  assert.deepEqual(
    typingFrames().map((f) => f.typing),
    [true],
  );
  await until('idle stop', () => b.seen.typing.at(-1)?.length === 0, 5_000);
  assert.deepEqual(
    typingFrames().map((f) => f.typing),
    [true, false],
  );

  a.room.typing(true);
  await until('typing again', () => b.seen.typing.at(-1)?.includes('alice'));
  const { id: eventId } = await a.room.publish('message', { text: 'done' });
  await until('the message ends the typing', () => b.seen.typing.at(-1)?.length === 0);
  assert.equal(typingFrames().length, 3, 'the message itself stops the typing');

  await a.room.presence('away');
  await until('bob sees alice away', () =>
    b.seen.presence.at(-1)?.some((p) => p.user === 'alice' && p.status === 'away'),
  );
  await b.room.read(eventId);
  await until('alice sees bob read it', () =>
    a.seen.read.at(-1)?.some((r) => r.user === 'bob' && r.event_id === eventId),
  );
  // a new client gets the same state from the snapshot
  const carol = await client('carol');
  await carol.connect();
  const c = join(carol, id);
  await until('carol gets the state', () =>
    c.seen.read.at(-1)?.some((r) => r.user === 'bob') &&
    c.seen.presence.at(-1)?.some((p) => p.user === 'alice' && p.status === 'away'),
  );
});

test('a room that cannot be resumed calls onReset, then reloads its recent history', async () => {
  const id = roomId('reset');
  const p = await proxy((await nodes())[0].edge);
  const rc = await client('judy', { url: p.url });
  await rc.connect();
  const { room, seen } = join(rc, id, { history: 10 });
  await room.ready;
  await publishMany(1, id, 1, 3);
  await until('first events', () => seen.events.length === 3);
  const oldEpoch = room.position.epoch;

  // the whole cluster restarts: its history (and the room's epoch) is gone
  p.cut();
  await kill(2);
  await kill(1);
  await start(1);
  await start(2);
  await publishMany(1, id, 1, 2); // the new epoch's first events
  p.heal();
  await until('reset', () => seen.resets.length === 1, 30_000);
  await until('reloaded history', () => seen.events.length === 5);
  await publish(2, id, { n: 3 });
  await until('live event', () => seen.events.length === 6);

  assert.equal(seen.resets[0].reason, 'epoch');
  assert.deepEqual(seqs(seen.events), [1, 2, 3, 1, 2, 3]);
  assert.notEqual(room.position.epoch, oldEpoch);
  await p.close();
});

test('a deleted room is dropped with onError(room_deleted) on every node; other rooms go on', async () => {
  const id = roomId('deleted');
  const kept = roomId('kept');
  const errors = [];
  const joined = [];
  for (const i of [1, 2]) {
    const rc = await client(`del-${i}`, { i });
    await rc.connect();
    const { room } = join(rc, id, { onError: (e) => errors.push({ i, e }) });
    const other = join(rc, kept);
    await Promise.all([room.ready, other.room.ready]);
    joined.push({ rc, other });
  }
  await deleteRoom(2, id);
  await until('both clients told', () => errors.length === 2);
  for (const { e } of errors) {
    assert.ok(e instanceof RoomcastError);
    assert.equal(e.code, 'room_deleted');
  }
  for (const { rc, other } of joined) {
    // the room is gone from the client: joining it again is allowed
    rc.room(id, {}).leave();
    const { id: eventId } = await publish(1, kept, { after: 'delete' });
    await until('the kept room still live', () =>
      other.seen.events.some((e) => e.id === eventId),
    );
  }
});

test('every edge serves the client and its declarations with their content types', async () => {
  for (const n of await nodes()) {
    const js = await fetch(`http://127.0.0.1:${n.edge}/client/roomcast.js`);
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(js.headers.get('cache-control'), 'no-cache');
    assert.match(await js.text(), /export class Roomcast/);
    const again = await fetch(`http://127.0.0.1:${n.edge}/client/roomcast.js`, {
      headers: { 'if-none-match': js.headers.get('etag') },
    });
    assert.equal(again.status, 304);
    const dts = await fetch(`http://127.0.0.1:${n.edge}/client/roomcast.d.ts`);
    assert.equal(dts.status, 200);
    assert.match(dts.headers.get('content-type'), /^application\/typescript/);
    assert.match(await dts.text(), /export class Roomcast/);
    const missing = await fetch(`http://127.0.0.1:${n.edge}/client/nope.js`);
    assert.equal(missing.status, 404);
  }
});
