"""A minimal Language Server Protocol client over pipes, for the tests.

Every wait has a deadline: a server that does not answer fails the test
instead of hanging it.
"""

import json
import os
import queue
import subprocess
import sys
import threading
import time

TIMEOUT = 60


class Server:
    def __init__(self, command, cwd):
        self.process = subprocess.Popen(
            command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=open(os.path.join(cwd, "server.stderr"), "wb"))
        self.messages = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.process.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                self.messages.put({"unframed": True})
                continue
            self.messages.put(json.loads(out.read(length)))

    def send_raw(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def send(self, message):
        self.send_raw(frame(message))

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method, params):
        """Sends a request; returns its id."""
        ident = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": ident, "method": method,
                   "params": params})
        return ident

    def wait(self, matches, what):
        """The first message for which matches() is true; the messages
        before it are returned too, as (message, skipped)."""
        skipped = []
        deadline = time.monotonic() + TIMEOUT
        while True:
            left = deadline - time.monotonic()
            try:
                message = self.messages.get(timeout=max(left, 0))
            except queue.Empty:
                fail("timed out waiting for " + what, skipped)
            if message is None:
                fail("the server closed its output while waiting for " + what,
                     skipped)
            if matches(message):
                return message, skipped
            skipped.append(message)

    def response(self, ident):
        return self.wait(lambda m: "method" not in m and m.get("id") == ident,
                         "the response to request %s" % ident)[0]

    def diagnostics(self, uri, version="any"):
        """The next publishDiagnostics for uri (with version, if given)."""
        def matches(m):
            if m.get("method") != "textDocument/publishDiagnostics":
                return False
            params = m["params"]
            return params["uri"] == uri and (
                version == "any" or params.get("version") == version)
        return self.wait(matches, "diagnostics of %s version %s" % (uri, version))

    def exit_code(self):
        try:
            return self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            fail("the server did not exit")


def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def fail(message, skipped=()):
    print("FAIL: " + message, file=sys.stderr)
    for m in skipped:
        print("  seen: " + json.dumps(m), file=sys.stderr)
    sys.exit(1)


def show(label, value, root):
    """Prints value as sorted JSON on one line, root replaced by <ROOT>."""
    text = json.dumps(value, sort_keys=True)
    print(label + ": " + text.replace(root, "<ROOT>"))
