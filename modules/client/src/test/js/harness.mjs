// Shared by the client tests: the cluster ClientIT started (through its control endpoint),
// tokens, REST publishes, a TCP proxy whose connections can be cut, and waiting helpers.
import { createHmac } from 'node:crypto';
import net from 'node:net';
import WebSocket from 'ws';

export { WebSocket };

const CONTROL = required('ROOMCAST_CONTROL');
const SECRET = required('ROOMCAST_JWT_SECRET');
const API_KEY = required('ROOMCAST_API_KEY');

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run these tests through ClientIT (mvn verify)`);
  return v;
}

/** An HS256 JWT for `user`, valid for `seconds`. */
export function token(user, { rooms = ['*'], pub = ['*'], seconds = 3600 } = {}) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({
    sub: user,
    rooms,
    pub,
    exp: Math.floor(Date.now() / 1000) + seconds,
  })}`;
  return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
}

async function control(method, path) {
  const r = await fetch(`${CONTROL}${path}`, { method });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

/** `[{name, api, edge, alive}]`, node 1 first. */
export const nodes = () => control('GET', '/nodes');
/** SIGKILL of node `i` (1-based): no goodbye to anyone. */
export const kill = (i) => control('POST', `/nodes/${i}/kill`);
/** SIGTERM of node `i`: it closes its sockets with shutting_down and leaves the cluster. */
export const stop = (i) => control('POST', `/nodes/${i}/stop`);
/** Starts node `i` again on its ports; resolves once it is back in the cluster. */
export const start = (i) => control('POST', `/nodes/${i}/start`);

export async function edgeUrl(i) {
  return `http://127.0.0.1:${(await nodes())[i - 1].edge}`;
}

/** A backend's publish through node `i`'s REST api; resolves with `{id, seq}`. */
/**
 * A backend's publish through node `i`'s REST api; resolves with `{id, seq}`. A 503 (nothing
 * stored, as while a dead member's history partitions move to the survivor) is tried again.
 */
export async function publish(i, room, data, type = 'message') {
  const port = (await nodes())[i - 1].api;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const r = await fetch(`http://127.0.0.1:${port}/api/rooms/${room}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type, data }),
    });
    const body = await r.json();
    if (r.status === 202) return body;
    if (r.status !== 503 || Date.now() > deadline) {
      throw new Error(`publish answered ${r.status}: ${JSON.stringify(body)}`);
    }
    await new Promise((res) => setTimeout(res, 200));
  }
}

/**
 * A backend's push through node `i`'s REST api to the connection of `user` that holds `cid`;
 * resolves with `{id, result}`.
 */
export async function pushTo(i, user, cid, type = 'note', data = {}) {
  const port = (await nodes())[i - 1].api;
  const r = await fetch(`http://127.0.0.1:${port}/api/users/${user}/connections/${cid}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ type, data }),
  });
  const body = await r.json();
  if (r.status !== 200) throw new Error(`push answered ${r.status}: ${JSON.stringify(body)}`);
  return body;
}

/** A backend's `DELETE /api/rooms/{room}` through node `i`; resolves once it answered 204. */
export async function deleteRoom(i, room) {
  const port = (await nodes())[i - 1].api;
  const r = await fetch(`http://127.0.0.1:${port}/api/rooms/${room}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${API_KEY}` },
  });
  if (r.status !== 204) throw new Error(`delete answered ${r.status}: ${await r.text()}`);
}

/** A unique room id per test run. */
export function roomId(name) {
  return `${name}-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
}

/** Resolves once `check()` is truthy; rejects with `what` after `ms`. */
export async function until(what, check, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Resolves with the next value `on(name, fn)` hands over that passes `test`. */
export function next(rc, name, test = () => true, ms = 15_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no '${name}' in time`));
    }, ms);
    const off = rc.on(name, (v) => {
      if (test(v)) {
        clearTimeout(timer);
        off();
        resolve(v);
      }
    });
  });
}

/**
 * A TCP proxy to `port` on 127.0.0.1: `cut()` drops every connection at once (as a network
 * loss does) and refuses new ones until `heal()`.
 */
export async function proxy(port) {
  const open = new Set();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(port, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    cut() {
      refusing = true;
      for (const s of open) s.resetAndDestroy ? s.resetAndDestroy() : s.destroy();
      open.clear();
    },
    heal() {
      refusing = false;
    },
    close() {
      this.cut();
      return new Promise((r) => server.close(r));
    },
  };
}

/** The seqs of the durable events a room handed to `onEvent`. */
export function seqs(events) {
  return events.filter((e) => e.seq !== undefined).map((e) => e.seq);
}

/** `[a, a+1, …, b]`. */
export function range(a, b) {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
