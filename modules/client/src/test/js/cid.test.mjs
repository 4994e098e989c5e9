// The client's own connection id (`cid`) against the real two-node cluster of ClientIT: sent on
// every socket, kept across reconnects, and a `replaced` close ends the client for good.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Roomcast } from '../../main/js/roomcast.js';
import { WebSocket, edgeUrl, next, nodes, proxy, pushTo, token, until } from './harness.mjs';

const clients = [];
after(() => clients.forEach((c) => c.close()));

/** A WebSocket implementation that counts the sockets a client opens. */
function counting() {
  const opened = { count: 0 };
  class Counted extends WebSocket {
    constructor(...args) {
      super(...args);
      opened.count++;
    }
  }
  return { opened, Counted };
}

function client(user, url, cid, options = {}) {
  const rc = new Roomcast({
    url,
    token: token(user),
    cid,
    WebSocket,
    maxReconnectDelay: 500,
    ...options,
  });
  clients.push(rc);
  return rc;
}

/** Pushes to (user, cid) through node `i` until the cluster's index names a live connection. */
async function pushDelivered(i, user, cid, data) {
  return until(`a push to ${user}/${cid} delivered`, async () => {
    const r = await pushTo(i, user, cid, 'note', data);
    return r.result === 'delivered' && r;
  });
}

test('the cid goes out on every socket: welcomed with it, pushed to by it, kept across a reconnect', async () => {
  const p = await proxy((await nodes())[0].edge);
  const rc = client('cora', p.url, 'tab-7');
  const pushes = [];
  rc.on('push', (e) => pushes.push(e));
  await rc.connect();
  assert.equal(rc.session.cid, 'tab-7');
  const first = rc.session.connection;
  const one = await pushDelivered(2, 'cora', 'tab-7', { n: 1 });
  await until('the first push', () => pushes.some((e) => e.id === one.id));

  p.cut();
  await until('disconnected', () => rc.state !== 'connected');
  p.heal();
  await until('reconnected', () => rc.state === 'connected');
  assert.equal(rc.session.cid, 'tab-7');
  assert.notEqual(rc.session.connection, first);
  const two = await pushDelivered(2, 'cora', 'tab-7', { n: 2 });
  await until('the push after the reconnect', () => pushes.some((e) => e.id === two.id));
  assert.deepEqual(pushes.map((e) => e.data.n), [1, 2]);
  await p.close();
});

test('a client replaced by a newer one with the same cid stops: disconnected, a replaced error, no reconnect', async () => {
  const { opened, Counted } = counting();
  const older = client('dana', await edgeUrl(1), 'kiosk', { WebSocket: Counted });
  await older.connect();
  const errors = [];
  older.on('error', (e) => errors.push(e));
  const stopped = next(older, 'state', (s) => s === 'disconnected');

  const newer = client('dana', await edgeUrl(2), 'kiosk');
  await newer.connect();
  await stopped;
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].code, 'replaced');
  assert.equal(older.state, 'disconnected');

  // three times the reconnect cap later the older one has still opened no socket, so the newer
  // one still holds the cid
  await new Promise((r) => setTimeout(r, 1_500));
  assert.equal(opened.count, 1);
  assert.equal(newer.state, 'connected');
  const pushes = [];
  newer.on('push', (e) => pushes.push(e));
  const r = await pushDelivered(1, 'dana', 'kiosk', { n: 1 });
  await until('the push reaches the newer client', () => pushes.some((e) => e.id === r.id));
});
