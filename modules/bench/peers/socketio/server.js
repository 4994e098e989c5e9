// Socket.IO 4.8.4 reference peer for the roomcast benchmark.
//   node --expose-gc server.js --port 0 [--redis redis://127.0.0.1:6379]
// - ws://127.0.0.1:PORT/socket.io/?EIO=4&transport=websocket&room=ROOM joins ROOM on connect;
// - a client's emit('msg', room, data) is relayed to the room as ["event", data] (chat), the
//   sender included;
// - with --redis, nodes share rooms through @socket.io/redis-adapter (several nodes, one Redis);
// - POST /publish/ROOM {"type":...,"data":{...}} emits ["event", data] to the room, 202;
// - GET /stats runs a full GC (needs --expose-gc) and returns memory and connection counts.
// Prints "listening PORT" on stdout once ready.
"use strict";
const http = require("node:http");
const { Server } = require("socket.io");

const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 0;
const redisArg = process.argv.indexOf("--redis");
const redisUrl = redisArg > 0 ? process.argv[redisArg + 1] : null;

const httpServer = http.createServer((req, res) => {
  const publish = /^\/publish\/([A-Za-z0-9_.:-]{1,128})$/.exec(req.url);
  if (req.method === "POST" && publish) {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch (e) {
        res.writeHead(400, { "content-type": "application/json" });
        res.end('{"error":{"code":"invalid_json"}}');
        return;
      }
      io.to(publish[1]).emit("event", body.data);
      res.writeHead(202, { "content-type": "application/json" });
      res.end("{}");
    });
    return;
  }
  if (req.method === "GET" && req.url === "/stats") {
    if (global.gc) {
      global.gc();
    }
    const m = process.memoryUsage();
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        connections: io.engine.clientsCount,
        heapUsed: m.heapUsed,
        external: m.external,
        arrayBuffers: m.arrayBuffers,
        rss: m.rss,
        gc: Boolean(global.gc),
      }),
    );
    return;
  }
  if (req.url !== undefined && req.url.startsWith("/socket.io/")) {
    return; // handled by the engine's own request listener
  }
  res.writeHead(404);
  res.end();
});

const io = new Server(httpServer, { transports: ["websocket"], serveClient: false });
io.on("connection", (socket) => {
  const room = socket.handshake.query.room;
  if (typeof room === "string" && room.length > 0) {
    socket.join(room);
  }
  socket.on("msg", (to, d) => io.to(to).emit("event", d));
});

async function adapt() {
  if (!redisUrl) {
    return;
  }
  const { createClient } = require("redis");
  const { createAdapter } = require("@socket.io/redis-adapter");
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) {
    c.on("error", (e) => console.error("redis: " + e.message));
  }
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
}

httpServer.keepAliveTimeout = 60000;
adapt().then(
  () =>
    httpServer.listen(port, "127.0.0.1", () => {
      console.log("listening " + httpServer.address().port);
    }),
  (e) => {
    console.error("cannot reach Redis: " + e.message);
    process.exit(1);
  },
);

for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, () => process.exit(0));
}
