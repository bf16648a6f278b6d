"""What `txnlint lsp` analyses with: the summary store, .clang-tidy, no
compile database at all. Prints what it publishes and logs, for FileCheck.

    project.py <txnlint> <db dir: store.cpp, orders.cpp, compile_commands.json>
               <summary store written by a whole run> <dir without a database>
"""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_client import Server, show  # noqa: E402

txnlint = os.path.abspath(sys.argv[1])
db, store, nodb = (os.path.realpath(p) for p in sys.argv[2:5])
orders = os.path.join(db, "orders.cpp")
uri = "file://" + orders


def session(*args):
    server = Server([txnlint, "lsp"] + list(args), db)
    server.response(server.request("initialize", {"capabilities": {}}))
    server.notify("initialized", {})
    return server


def open_document(server, path, version=1):
    with open(path) as f:
        text = f.read()
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": "file://" + path, "languageId": "cpp", "version": version,
        "text": text}})


def brief(diagnostics):
    return ["%d:%d %s" % (d["range"]["start"]["line"] + 1,
                          d["range"]["start"]["character"] + 1, d["code"])
            for d in diagnostics]


def logs(messages):
    return [m["params"]["message"] for m in messages
            if m.get("method") == "window/logMessage"
            and m["params"]["type"] <= 2]


def finish(server):
    server.response(server.request("shutdown", None))
    server.notify("exit", None)
    show("exit", server.exit_code(), db)


# orders.cpp alone knows nothing of store.cpp's bodies.
server = session()
open_document(server, orders)
show("alone", brief(server.diagnostics(uri)[0]["params"]["diagnostics"]), db)
finish(server)

# With the store of a whole run, its calls replay what the bodies do.
server = session("--summaries=" + store, "--docs-url=https://example.org/txnlint/checks")
open_document(server, orders)
diagnostics = server.diagnostics(uri)[0]["params"]["diagnostics"]
show("store", brief(diagnostics), db)
show("docs-url", diagnostics[0]["codeDescription"]["href"], db)

# .clang-tidy applies, as for txnlint: read again at each analysis.
with open(os.path.join(db, ".clang-tidy"), "w") as f:
    f.write("Checks: '-*,txn-unchecked-commit'\n")
server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
show("configured", brief(server.diagnostics(uri)[0]["params"]["diagnostics"]), db)

# A .clang-tidy that cannot be used is reported in the log; the defaults
# apply meanwhile.
with open(os.path.join(db, ".clang-tidy"), "w") as f:
    f.write("Checks: [\n")
server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
published, before = server.diagnostics(uri)
show("bad-config", brief(published["params"]["diagnostics"]), db)
for message in logs(before):
    show("bad-config-log", message, db)
os.remove(os.path.join(db, ".clang-tidy"))
finish(server)

# The plugin's TxnSummaryDir in .clang-tidy works the same; a store that
# cannot be read is a configuration error, in the log.
server = session()
with open(os.path.join(db, ".clang-tidy"), "w") as f:
    f.write("CheckOptions:\n  TxnSummaryDir: '%s'\n" % store)
open_document(server, orders)
show("store-option", brief(server.diagnostics(uri)[0]["params"]["diagnostics"]), db)
with open(os.path.join(db, ".clang-tidy"), "w") as f:
    f.write("CheckOptions:\n  TxnSummaryDir: '%s'\n" % orders)
server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
published, before = server.diagnostics(uri)
show("bad-store", brief(published["params"]["diagnostics"]), db)
for message in logs(before):
    show("bad-store-log", message, db)
os.remove(os.path.join(db, ".clang-tidy"))
finish(server)

# A store that a whole run writes later is read then, without a restart,
# named by --summaries or by TxnSummaryDir.
for way in ("option", "config"):
    fresh = store + "-fresh-" + way
    if way == "option":
        server = session("--summaries=" + fresh)
    else:
        server = session()
        with open(os.path.join(db, ".clang-tidy"), "w") as f:
            f.write("CheckOptions:\n  TxnSummaryDir: '%s'\n" % fresh)
    open_document(server, orders)
    show("before-run", brief(server.diagnostics(uri)[0]["params"]["diagnostics"]), db)
    subprocess.run([txnlint, "-p", db, "--summaries=" + fresh, "--quiet"],
                   stdout=subprocess.DEVNULL, check=False)
    server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    show("after-run", brief(server.diagnostics(uri)[0]["params"]["diagnostics"]), db)
    if way == "config":
        os.remove(os.path.join(db, ".clang-tidy"))
    finish(server)

# No compile database: analysed without flags, and the log says so.
server = session()
lonely = os.path.join(nodb, "lonely.cpp")
open_document(server, lonely)
published, before = server.diagnostics("file://" + lonely)
show("no-database", brief(published["params"]["diagnostics"]), nodb)
for message in logs(before):
    show("no-database-log", message.replace(nodb, "<NODB>"), db)
finish(server)
