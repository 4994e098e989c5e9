// close() on a client whose socket is still connecting, in Node with the ws package: the socket
// is abandoned quietly. No roomcast node: the server takes the TCP connection and never answers
// the WebSocket handshake.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import WebSocket from 'ws';
import { Roomcast, RoomcastError } from '../../main/js/roomcast.js';

test('close() while the socket is still connecting rejects connect() and raises nothing', async (t) => {
  const accepted = [];
  const silent = net.createServer((s) => accepted.push(s));
  await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    accepted.forEach((s) => s.destroy());
    silent.close();
  });
  const uncaught = [];
  const record = (err) => uncaught.push(err);
  process.on('uncaughtException', record);
  t.after(() => process.off('uncaughtException', record));

  const rc = new Roomcast({
    url: `http://127.0.0.1:${silent.address().port}`,
    token: 'a-token',
    WebSocket,
  });
  const connecting = rc.connect();
  while (accepted.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  rc.close();

  await assert.rejects(connecting, (err) => err instanceof RoomcastError && err.code === 'disconnected');
  // ws reports the abandoned handshake on a later tick (process.nextTick): let it run first
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(uncaught.map(String), []);
  assert.equal(rc.state, 'disconnected');
});
