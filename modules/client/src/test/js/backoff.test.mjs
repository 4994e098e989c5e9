// The client's reconnect delay, exactly: exponential backoff from 250 ms with full jitter, capped
// by maxReconnectDelay. No server: a scripted WebSocket refuses or welcomes each attempt, the
// jitter's random source is given, and time is node:test's mock clock, advanced by hand.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { Roomcast } from '../../main/js/roomcast.js';

/** A WebSocket whose fate the test decides; every one made is kept in `sockets`. */
let sockets;

class ScriptedSocket {
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    sockets.push(this);
  }

  send() {}

  close() {
    this.readyState = 3;
  }

  /** The connection fails, as when the node is down. */
  refuse() {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }

  /** The server accepts it and says `welcome`. */
  welcome() {
    this.readyState = 1;
    this.onopen?.();
    this.onmessage?.({ data: JSON.stringify({ op: 'welcome', connection: 'c-1', user: 'u' }) });
  }
}

const clients = [];

beforeEach(() => {
  sockets = [];
  mock.timers.enable({ apis: ['setTimeout', 'setInterval'] });
});

afterEach(() => {
  clients.splice(0).forEach((rc) => rc.close());
  mock.timers.reset();
  mock.restoreAll();
});

function client(options = {}) {
  const rc = new Roomcast({
    url: 'http://edge.invalid:8081',
    token: 'a-token',
    WebSocket: ScriptedSocket,
    ...options,
  });
  clients.push(rc);
  rc.connect().catch(() => {}); // rejected by close() at the end of each test
  return rc;
}

/**
 * Milliseconds of mock time until the client opens its next socket: the clock goes forward one
 * millisecond at a time, so the answer is exact to the millisecond (and fails past `limit`).
 */
function delayBeforeNextSocket(limit = 20_000) {
  const before = sockets.length;
  mock.timers.tick(0);
  for (let waited = 0; waited <= limit; waited++) {
    if (sockets.length > before) return waited;
    mock.timers.tick(1);
  }
  assert.fail(`no new socket within ${limit} ms`);
}

/** Refuses the current socket `n` times in a row and returns the delay before each retry. */
function delaysAfterRefusals(n) {
  const delays = [];
  for (let i = 0; i < n; i++) {
    sockets.at(-1).refuse();
    delays.push(delayBeforeNextSocket());
  }
  return delays;
}

test('the first socket opens at once, without a delay', () => {
  client({ random: () => 0.5 });
  assert.equal(sockets.length, 1);
});

test('each refused attempt waits a random share of a ceiling that doubles from 250 ms to the 10 s cap', () => {
  client({ random: () => 0.5 });
  assert.deepEqual(delaysAfterRefusals(9), [125, 250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
});

test('full jitter: the delay is the random number times the ceiling, from 0 to just under it', () => {
  const draws = [0, 0.998, 0.2, 0.75, 0.999];
  client({ random: () => draws.shift() });
  assert.deepEqual(delaysAfterRefusals(5), [0, 499, 200, 1500, 3996]);
});

test('maxReconnectDelay caps the ceiling', () => {
  client({ random: () => 0.9, maxReconnectDelay: 1000 });
  assert.deepEqual(delaysAfterRefusals(6), [225, 450, 900, 900, 900, 900]);
});

test('the state is disconnected while it waits and connecting once it tries again', () => {
  const rc = client({ random: () => 0.5 });
  const states = [];
  rc.on('state', (s) => states.push(s));
  sockets.at(-1).refuse();
  mock.timers.tick(124);
  assert.deepEqual(states, ['disconnected']);
  mock.timers.tick(1);
  assert.deepEqual(states, ['disconnected', 'connecting']);
});

test('a welcomed connection starts the backoff again from the bottom', () => {
  client({ random: () => 0.5 });
  assert.deepEqual(delaysAfterRefusals(4), [125, 250, 500, 1000]);
  sockets.at(-1).welcome();
  assert.deepEqual(delaysAfterRefusals(2), [125, 250]);
});

test('without a random source the jitter comes from Math.random', () => {
  mock.method(Math, 'random', () => 0.5);
  client();
  assert.deepEqual(delaysAfterRefusals(3), [125, 250, 500]);
});

test('close() during the wait stops the retries', () => {
  const rc = client({ random: () => 0.5 });
  sockets.at(-1).refuse();
  rc.close();
  mock.timers.tick(60_000);
  assert.equal(sockets.length, 1);
});
