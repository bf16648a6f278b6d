# -*- Python -*-
# lit configuration for txnlint. Loaded through the lit.site.cfg.py that CMake
# writes into <build>/test, which provides the paths used below.

import os
import shlex
import shutil

import lit.formats

config.name = "txnlint"
# RUN lines run under bash, so tests can record exact exit codes with $?.
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".cpp", ".test"]
# Inputs/ hold sources and templates used by the RUN lines, not tests.
config.excludes = [
    "Inputs",
    "CMakeLists.txt",
    "lit.cfg.py",
    "lit.site.cfg.py",
    "lit.site.cfg.py.in",
    "check_txnlint.py",
    "run-lit.py",
]

if not hasattr(config, "txnlint_binary"):
    lit_config.fatal(
        "txnlint tests are run from the build directory: configure with CMake "
        "and run `cmake --build build --target check-txnlint` or "
        "`lit.py -sv build/test`"
    )

config.test_source_root = os.path.dirname(os.path.abspath(__file__))
config.test_exec_root = config.txnlint_test_obj_root

# FileCheck, not, count and split-file come from LLVM 19.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", "")]
)
# Deterministic, unlocalized diagnostics.
config.environment["LC_ALL"] = "C"
for var in ("CPATH", "CPLUS_INCLUDE_PATH", "C_INCLUDE_PATH"):
    config.environment.pop(var, None)

qt5_root = "/usr/include/x86_64-linux-gnu/qt5"
qt5_flags = " ".join(
    ["-fPIC", "-I" + qt5_root, "-I" + os.path.join(qt5_root, "QtCore"),
     "-I" + os.path.join(qt5_root, "QtSql")]
)

# wxWidgets 3.2 (GTK 3, Unicode), for the wxSQLite3 profile.
wx_flags = " ".join(
    ["-std=c++17", "-I/usr/lib/x86_64-linux-gnu/wx/include/gtk3-unicode-3.2",
     "-I/usr/include/wx-3.2", "-D__WXGTK__", "-DWXUSINGDLL"]
)

# libgdamm 5 (glibmm 2.4) and libgda 5, for the libgda profile.
gda_flags = " ".join(
    ["-std=c++17", "-I/usr/include/libgdamm-5.0",
     "-I/usr/lib/x86_64-linux-gnu/libgdamm-5.0/include",
     "-I/usr/include/glibmm-2.4", "-I/usr/lib/x86_64-linux-gnu/glibmm-2.4/include",
     "-I/usr/include/glib-2.0", "-I/usr/lib/x86_64-linux-gnu/glib-2.0/include",
     "-I/usr/include/sigc++-2.0", "-I/usr/lib/x86_64-linux-gnu/sigc++-2.0/include",
     "-I/usr/include/libgda-5.0", "-I/usr/include/libgda-5.0/libgda",
     "-I/usr/include/libxml2"]
)

python = shlex.quote(config.python_executable)
check_txnlint = " ".join(
    [
        python,
        shlex.quote(os.path.join(config.test_source_root, "check_txnlint.py")),
        "--txnlint=" + shlex.quote(config.txnlint_binary),
        "--clang-tidy=" + shlex.quote(config.clang_tidy),
        "--plugin=" + shlex.quote(config.txnlint_plugin),
        "--filecheck=" + shlex.quote(os.path.join(config.llvm_tools_dir, "FileCheck")),
    ]
)

# lit applies these in order and before %s/%t, so a substitution must come
# before any other that is a prefix of it (%clang_tidy_plugin before
# %clang_tidy, %txnlint_build_dir and %txnlint_unittests before %txnlint,
# %txnlint before lit's own %t).
config.substitutions.append(("%check_txnlint", check_txnlint))
config.substitutions.append(("%clang_tidy_plugin", shlex.quote(config.txnlint_plugin)))
config.substitutions.append(("%clang_tidy", shlex.quote(config.clang_tidy)))
config.substitutions.append(("%txnlint_build_dir", shlex.quote(
    os.path.dirname(os.path.dirname(config.txnlint_binary)))))
config.substitutions.append(("%txnlint_unittests", shlex.quote(
    os.path.join(os.path.dirname(config.txnlint_binary), "txnlint-unittests"))))
config.substitutions.append(("%txnfault", shlex.quote(os.path.join(
    os.path.dirname(os.path.dirname(config.txnlint_binary)), "lib",
    "libtxnfault.so"))))
config.substitutions.append(("%txnlint", shlex.quote(config.txnlint_binary)))
config.substitutions.append(("%qt5_flags", qt5_flags))
config.substitutions.append(("%wx_flags", wx_flags))
config.substitutions.append(("%gda_flags", gda_flags))
config.substitutions.append(("%python", python))

# The Node.js validators that scripts/install-deps.sh installs into
# <build>/npm: the official SARIF validator (with the SARIF 2.1.0 schema it
# ships) and ajv, a JSON Schema validator. Tests that use them say
# `REQUIRES: npm-validators`; CI installs them, so there they always run.
# The validator is the package's native executable: its node wrapper passes
# the arguments through a shell, which splits `--rule-kind "Gh;Sarif"`.
npm_bin = os.path.join(os.path.dirname(config.txnlint_test_obj_root), "npm",
                       "node_modules", ".bin")
multitool_dir = os.path.join(os.path.dirname(npm_bin), "@microsoft",
                             "sarif-multitool-linux")
sarif_multitool = os.path.join(multitool_dir, "Sarif.Multitool")
ajv = os.path.join(npm_bin, "ajv")
sarif_schema = os.path.join(multitool_dir, "sarif-2.1.0.json")
config.substitutions.append(("%sarif_multitool", shlex.quote(sarif_multitool)))
config.substitutions.append(("%sarif_schema", shlex.quote(sarif_schema)))
config.substitutions.append(("%ajv", shlex.quote(ajv)))
if all(os.path.exists(p) for p in (sarif_multitool, ajv)):
    config.available_features.add("npm-validators")

# clang-apply-replacements and clang++ of LLVM 19, for --export-fixes.
for name, tool in (("%clang_apply_replacements", "clang-apply-replacements"),
                   ("%clangxx", "clang++")):
    path = shutil.which(tool + "-19") or os.path.join(config.llvm_tools_dir, tool)
    config.substitutions.append((name, shlex.quote(path)))

for path, feature in ((os.path.join(qt5_root, "QtSql", "QSqlDatabase"), "qt5"),
                      ("/usr/include/sqlite3.h", "sqlite3")):
    if os.path.exists(path):
        config.available_features.add(feature)

# Valgrind's memcheck, for the tests of the analysis caches' memory use:
# `REQUIRES: valgrind`.
if shutil.which("valgrind"):
    config.available_features.add("valgrind")
    config.substitutions.append(("%valgrind", shutil.which("valgrind")))

# PostgreSQL's server (Debian: postgresql), which the faultsim tests start
# in a temporary directory: `REQUIRES: postgres-server`.
import glob
if glob.glob("/usr/lib/postgresql/*/bin/initdb") and os.path.exists(
        "/usr/include/postgresql/libpq-fe.h"):
    config.available_features.add("postgres-server")
else:
    lit_config.note("PostgreSQL's server or libpq's headers are not installed: "
                    "the faultsim tests against PostgreSQL are skipped "
                    "(apt-get install postgresql libpq-dev)")

for what, path in (("txnlint", config.txnlint_binary),
                   ("clang-tidy module", config.txnlint_plugin)):
    if not os.path.exists(path):
        lit_config.warning("%s not built yet: %s" % (what, path))

# Headless Chromium (Debian's chromium package) for test/report's browser
# tests: `REQUIRES: chromium`; each test passes its own --user-data-dir.
if os.path.exists("/usr/bin/chromium"):
    config.available_features.add("chromium")
    config.substitutions.append(("%chromium", " ".join(
        ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
         "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"])))

# Neovim (Debian's neovim package, 0.7) as a real LSP client for
# test/lsp: `REQUIRES: neovim`.
if shutil.which("nvim"):
    config.available_features.add("neovim")
