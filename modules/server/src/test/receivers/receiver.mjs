import http from 'node:http';
import crypto from 'node:crypto';
const secret = process.env.ROOMCAST_WEBHOOK_SECRET;
const server = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8').on('data', (chunk) => (body += chunk)).on('end', () => {
    const ts = req.headers['x-roomcast-timestamp'] ?? '';
    const want = 'sha256=' + crypto.createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    const got = req.headers['x-roomcast-signature'] ?? '';
    const fresh = Math.abs(Date.now() / 1000 - Number(ts)) < 300;
    if (!fresh || got.length !== want.length || !crypto.timingSafeEqual(Buffer.from(got), Buffer.from(want))) {
      return res.writeHead(401).end();
    }
    const hook = JSON.parse(body); // deduplicate by hook.id: a webhook may come more than once
    console.log('webhook', hook.id, hook.event, hook.room ?? '-', hook.user ?? '-');
    res.writeHead(204).end();
  });
});
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => console.log('listening', server.address().port));
