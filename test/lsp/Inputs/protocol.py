"""Drives `txnlint lsp` through one editing session and prints what it
answers, for FileCheck.

    protocol.py <txnlint> <project dir with orders.cpp and compile_commands.json>
"""

import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import Server, frame, show  # noqa: E402

txnlint, root = os.path.abspath(sys.argv[1]), os.path.realpath(sys.argv[2])
path = os.path.join(root, "orders.cpp")
uri = "file://" + path
with open(path) as f:
    buggy = f.read()
# Both transactions ended on every path.
fixed = buggy.replace("    return -1;", "  {\n    sqlite3_exec(db, \"ROLLBACK\", nullptr, nullptr, nullptr);\n    return -1;\n  }").replace(
    "  if (really)\n    sqlite3_exec(db, \"ROLLBACK\", nullptr, nullptr, nullptr);",
    "  sqlite3_exec(db, \"ROLLBACK\", nullptr, nullptr, nullptr);")
assert fixed != buggy

server = Server([txnlint, "lsp"], root)

# Requests before initialize are refused.
show("before-initialize", server.response(server.request("shutdown", None))["error"], root)

reply = server.response(server.request("initialize", {
    "processId": os.getpid(), "rootUri": "file://" + root, "capabilities": {}}))
show("initialize", reply["result"]["capabilities"], root)
show("server", reply["result"]["serverInfo"]["name"], root)
server.notify("initialized", {})

# Open: the findings of the text as opened.
server.notify("textDocument/didOpen", {"textDocument": {
    "uri": uri, "languageId": "cpp", "version": 1, "text": buggy}})
published, _ = server.diagnostics(uri)
show("open-version", published["params"]["version"], root)
for diagnostic in published["params"]["diagnostics"]:
    show("open", diagnostic, root)

# Save: analysed again at once.
server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
published, _ = server.diagnostics(uri)
show("save", len(published["params"]["diagnostics"]), root)

# A fixed buffer, not saved: its diagnostics are empty.
server.notify("textDocument/didChange", {
    "textDocument": {"uri": uri, "version": 2},
    "contentChanges": [{"text": fixed}]})
published, _ = server.diagnostics(uri)
show("change-version", published["params"]["version"], root)
show("change", published["params"]["diagnostics"], root)

# Quick edits: only the last is analysed (after the pause).
for version, text in ((3, buggy), (4, buggy + "\n"), (5, fixed)):
    server.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{"text": text}]})
published, _ = server.diagnostics(uri)
show("debounced-version", published["params"]["version"], root)
show("debounced", published["params"]["diagnostics"], root)

# An analysis that a newer text overtakes is never published: a save starts
# one at once, and the change that follows lands while it runs. The text
# is long enough (a second or so to analyse) that the change lands first
# also on a loaded machine.
slow = buggy + "".join(
    'int busy%d(sqlite3 *db) { if (sqlite3_exec(db, "BEGIN", 0, 0, 0)) '
    'return -1; if (sqlite3_exec(db, "UPDATE t SET n = %d", 0, 0, 0)) { '
    'sqlite3_exec(db, "ROLLBACK", 0, 0, 0); return -1; } '
    'return sqlite3_exec(db, "COMMIT", 0, 0, 0); }\n' % (i, i)
    for i in range(10000))
server.notify("textDocument/didChange", {
    "textDocument": {"uri": uri, "version": 6},
    "contentChanges": [{"text": slow}]})
server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
server.wait(lambda m: m.get("method") == "window/logMessage" and
            m["params"]["message"].startswith("txnlint: analyzing") and
            m["params"]["message"].endswith("(version 6)"),
            "the analysis of version 6")
server.notify("textDocument/didChange", {
    "textDocument": {"uri": uri, "version": 7},
    "contentChanges": [{"text": fixed}]})
published, skipped = server.diagnostics(uri)
show("overtaken-version", published["params"]["version"], root)
show("overtaken", published["params"]["diagnostics"], root)
for m in skipped:
    if m.get("method") == "window/logMessage" and "discarded" in m["params"]["message"]:
        show("overtaken-log", m["params"], root)

# Columns are UTF-16 code units: 'é' is one, '😀' two (UTF-8: 2 and 4 bytes).
server.notify("textDocument/didChange", {
    "textDocument": {"uri": uri, "version": 8},
    "contentChanges": [{"text": buggy.replace(
        '  sqlite3_exec(db, "BEGIN", ',
        '  /* é😀 */ sqlite3_exec(db, "BEGIN", ')}]})
published, _ = server.diagnostics(uri, 8)
show("utf16", published["params"]["diagnostics"][0]["range"], root)

# A header is analysed as the document it is, with a nearby file's command.
header = os.path.join(root, "inline.h")
with open(header) as f:
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": "file://" + header, "languageId": "cpp", "version": 1,
        "text": f.read()}})
published, _ = server.diagnostics("file://" + header)
for diagnostic in published["params"]["diagnostics"]:
    show("header", [diagnostic["code"], diagnostic["range"]["start"]], root)
server.notify("textDocument/didClose", {"textDocument": {"uri": "file://" + header}})
server.diagnostics("file://" + header)

# A percent-encoded URI names the file; the client's URI comes back.
os.makedirs(os.path.join(root, "sub dir"))
spaced = os.path.join(root, "sub dir", "orders.cpp")
with open(spaced, "w") as f:
    f.write(buggy)
spaced_uri = "file://" + root + "/sub%20dir/orders.cpp"
server.notify("textDocument/didOpen", {"textDocument": {
    "uri": spaced_uri, "languageId": "cpp", "version": 1, "text": buggy}})
published, _ = server.diagnostics(spaced_uri)
first = published["params"]["diagnostics"][0]
show("spaced", [len(published["params"]["diagnostics"]),
                first["relatedInformation"][0]["location"]["uri"]], root)
server.notify("textDocument/didClose", {"textDocument": {"uri": spaced_uri}})
server.diagnostics(spaced_uri)

# compile_commands.json is read again when it changes.
flags = os.path.join(root, "flags.cpp")
with open(flags, "w") as f:
    f.write(buggy.replace("int save_order", "#ifdef LEAK\nint save_order").replace(
        "void cancel_order", "#endif\nvoid cancel_order").replace(
        "  if (really)\n", ""))
database = os.path.join(root, "compile_commands.json")
with open(database) as f:
    entries = json.load(f)
with open(flags) as f:
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": "file://" + flags, "languageId": "cpp", "version": 1,
        "text": f.read()}})
published, _ = server.diagnostics("file://" + flags)
show("flags", len(published["params"]["diagnostics"]), root)
with open(database, "w") as f:
    json.dump(entries + [{"directory": ".", "file": "flags.cpp",
                          "command": "clang++ -DLEAK -c flags.cpp"}], f)
server.notify("textDocument/didSave", {"textDocument": {"uri": "file://" + flags}})
published, _ = server.diagnostics("file://" + flags)
show("flags-changed", len(published["params"]["diagnostics"]), root)
server.notify("textDocument/didClose", {"textDocument": {"uri": "file://" + flags}})
server.diagnostics("file://" + flags)

# Framing: two messages in one write, and one cut across writes.
ping = {"jsonrpc": "2.0", "method": "txnlint/ping", "params": {}}
server.send_raw(frame(dict(ping, id="a")) + frame(dict(ping, id="b")))
cut = frame(dict(ping, id="c"))
server.send_raw(cut[:7])
time.sleep(0.2)
server.send_raw(cut[7:30])
time.sleep(0.2)
server.send_raw(cut[30:])
for ident in ("a", "b", "c"):
    show("framing", server.response(ident)["error"]["code"], root)

# Malformed messages get an error, and the server goes on.
server.send_raw(b"Content-Type: application/json\r\n\r\n")
server.send_raw(b"Content-Length: twelve\r\n\r\n")
server.send_raw(b"no header separator here\r\n\r\n")
logs = []
for _ in range(3):
    message, _ = server.wait(lambda m: m.get("method") == "window/logMessage",
                             "a log message about a malformed header")
    show("bad-header", message["params"], root)
body = b'{"jsonrpc": "2.0", "id": 99, "method": '
server.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)
show("bad-json", server.wait(lambda m: "error" in m, "a parse error")[0], root)
server.send({"jsonrpc": "2.0", "id": 100})
show("no-method", server.response(100), root)
show("unknown-method", server.response(server.request("textDocument/hover", {
    "textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})), root)
server.notify("textDocument/didOpen", {"textDocument": {"uri": uri}})
show("bad-notification", server.wait(
    lambda m: m.get("method") == "window/logMessage", "a log message")[0]["params"], root)
server.notify("$/cancelRequest", {"id": 1})
server.notify("$/somethingElse", {})

# Still answering: close clears the diagnostics.
server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
published, _ = server.diagnostics(uri)
show("close", published["params"], root)

show("shutdown", server.response(server.request("shutdown", None)), root)
show("after-shutdown", server.response(server.request("shutdown", None))["error"], root)
server.notify("exit", None)
show("exit-code", server.exit_code(), root)

# Without shutdown, exit says so with status 1; so does the end of input.
server = Server([txnlint, "lsp"], root)
server.response(server.request("initialize", {"capabilities": {}}))
server.notify("exit", None)
show("exit-without-shutdown", server.exit_code(), root)
server = Server([txnlint, "lsp"], root)
server.process.stdin.close()
show("end-of-input", server.exit_code(), root)
