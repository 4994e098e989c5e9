import hashlib, hmac, json, os, time
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = os.environ["ROOMCAST_WEBHOOK_SECRET"].encode()

class Webhook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        ts = self.headers.get("X-Roomcast-Timestamp", "0")
        want = "sha256=" + hmac.new(SECRET, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        ok = hmac.compare_digest(want, self.headers.get("X-Roomcast-Signature", "")) and abs(time.time() - int(ts)) < 300
        if ok:
            hook = json.loads(body)  # deduplicate by hook["id"]: a webhook may come more than once
            print("webhook", hook["id"], hook["event"], hook.get("room", "-"), hook.get("user", "-"), flush=True)
        self.send_response(204 if ok else 401)
        self.end_headers()

server = HTTPServer(("127.0.0.1", int(os.environ.get("PORT", "3000"))), Webhook)
print("listening", server.server_port, flush=True)
server.serve_forever()
