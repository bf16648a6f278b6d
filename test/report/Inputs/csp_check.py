"""Checks index.html's Content-Security-Policy against its inline elements.

Prints one line per directive: whether it allows exactly the hash of the
page's own <style> or executable <script> element, and whether it allows
'unsafe-inline'.
"""
import base64
import hashlib
import re
import sys

page = open(sys.argv[1], encoding="utf-8").read()
policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
directives = {}
for directive in policy.split(";"):
    name, *sources = directive.split()
    directives[name] = sources


def sha256(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


elements = {
    "style-src": re.findall(r"<style>(.*?)</style>", page, re.S),
    # Executable scripts only: the report data is application/json.
    "script-src": re.findall(r"<script>(.*?)</script>", page, re.S),
}
print("default-src " + " ".join(directives.get("default-src", [])))
for name, texts in elements.items():
    sources = directives.get(name, [])
    hashes = sorted(sha256(text) for text in texts)
    state = "exact hashes" if sorted(sources) == hashes else "MISMATCH %s vs %s" % (sources, hashes)
    print("%s: %d inline element(s), %s%s" % (name, len(texts), state,
          ", unsafe-inline" if "'unsafe-inline'" in sources else ""))
