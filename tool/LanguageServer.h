//===--- LanguageServer.h - txnlint as a language server --------*- C++ -*-===//
//
// `txnlint lsp`: the Language Server Protocol over a pair of pipes. Each
// open document is checked, unsaved text included, with the compile command
// of the nearest compile_commands.json, and its findings are published as
// diagnostics. It runs beside clangd, which cannot load clang-tidy modules
// (docs/editors.md).
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_LANGUAGESERVER_H
#define TXNLINT_TOOL_LANGUAGESERVER_H

#include "ClangTidyOptions.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace txnlint {

struct LanguageServerOptions {
  /// Makes the configuration provider of one analysis, on its file system
  /// (as RunOptions::MakeOptionsProvider); problems with .clang-tidy files
  /// go to the vector.
  std::function<std::unique_ptr<clang::tidy::ClangTidyOptionsProvider>(
      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>,
      std::vector<std::string> *)>
      MakeOptionsProvider;
  /// The compile_commands.json to use instead of the one nearest above each
  /// document (-p), or "".
  std::string DatabaseFile;
  /// A summary store to read (--summaries), or "". The server never writes
  /// it: unsaved text is not what the other files call.
  std::string StoreDir;
  /// Diagnostics link each check's documentation as <DocsUrl><check>.md.
  std::string DocsUrl;
  /// Applied to every compile command (the resource directory).
  clang::tooling::ArgumentsAdjuster AdjustCommand;
  /// How long a changed document waits for the next change before it is
  /// analysed.
  std::chrono::milliseconds Debounce{500};
};

/// Serves one client, reading its messages from \p InFd and writing to
/// \p OutFd, until it exits or closes \p InFd. Returns the exit status the
/// protocol asks for: 0 after shutdown and exit, 1 otherwise.
int runLanguageServer(const LanguageServerOptions &Options, int InFd,
                      int OutFd);

/// The file:// URI of the absolute path \p Path.
std::string uriOfPath(llvm::StringRef Path);

} // namespace txnlint

#endif
