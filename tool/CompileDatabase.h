//===--- CompileDatabase.h - compile_commands.json, paths resolved -*- C++ -*-===//
//
// Reads a JSON compilation database the way the format's specification
// says: a relative "directory" is relative to the database's own folder, and
// a relative "file" to its entry's directory. Everything downstream (which
// files to analyse, which .clang-tidy applies, where findings are) then
// sees absolute paths.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_COMPILEDATABASE_H
#define TXNLINT_TOOL_COMPILEDATABASE_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/Error.h"
#include <memory>

namespace txnlint {

/// Loads \p DatabaseFile (a compile_commands.json) with every entry's
/// directory and file absolute. Like clang-tidy's -p, response files are
/// expanded and files that have no entry get the command of a similar one.
llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>>
loadCompileDatabase(llvm::StringRef DatabaseFile);

/// The compile_commands.json in the directory of \p Source or the nearest
/// parent that has one, or an empty string.
std::string findCompileDatabase(llvm::StringRef Source);

} // namespace txnlint

#endif
