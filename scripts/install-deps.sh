#!/usr/bin/env bash
# Installs what txnlint needs to build and test on Debian 12 (bookworm).
# As root it runs apt-get; otherwise it prints the exact command and stops.
set -euo pipefail

packages=(
  cmake ninja-build ccache python3
  clang-19 llvm-19-dev libclang-19-dev clang-tidy-19 llvm-19-tools
  nlohmann-json3-dev
  # Real headers of the modelled libraries, used by tests and the example.
  libsqlite3-dev qtbase5-dev qt6-base-dev libpqxx-dev libpq-dev libsoci-dev
  libsqlitecpp-dev libpoco-dev librocksdb-dev liblmdb-dev liblmdb++-dev
  libmysqlcppconn-dev libmariadb-dev libdbi-dev libwxsqlite3-3.2-dev
  libgdamm5.0-dev
  # fmt, whose compile-time checked format strings a test reads.
  libfmt-dev
  # Unit tests, and the browser that opens the audit report in a test.
  libgtest-dev chromium
  # Memcheck, for the test of the analysis caches' memory use.
  valgrind
  # The PostgreSQL server the faultsim tests start (initdb, pg_ctl, pg_dump).
  postgresql
  # ICU, which the SARIF validator (a .NET program, see npm_tools) loads.
  libicu72
  # A real LSP client for the language server's test (Debian 12: 0.7).
  neovim
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm installs the validators below; Debian packages it apart from Node.js,
# which may also come from elsewhere (NodeSource's nodejs includes npm).
command -v npm >/dev/null || missing+=(nodejs npm)
# Node.js tools the tests use: the official SARIF validator (Microsoft's
# Sarif.Multitool, whose npm package bundles its native executable) and a
# JSON schema validator, installed from the npm registry into build/npm at
# pinned versions.
npm_tools() {
  local dir="${BUILD:-build}/npm"
  [ -x "$dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ] && [ -x "$dir/node_modules/.bin/ajv" ] && return 0
  command -v npm >/dev/null || { echo "txnlint: npm is needed for the output tests (apt-get install npm)" >&2; return 1; }
  mkdir -p "$dir"
  echo "Installing the SARIF and JSON schema validators into $dir" >&2
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error \
     @microsoft/sarif-multitool@5.7.0 ajv-cli@5.0.0 ajv-formats@2.1.1 >/dev/null)
  # It must run here, not only install (it loads ICU).
  "$dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" --version >/dev/null 2>&1 ||
    { echo "txnlint: the SARIF validator in $dir does not run" >&2; return 1; }
}

if [ ${#missing[@]} -eq 0 ]; then
  npm_tools
  exit $?
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "txnlint: missing packages: ${missing[*]}" >&2
  echo "Install them as root, then run make again:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
npm_tools
