//===--- FaultSimDatabase.h - What `txnlint faultsim` runs tests on -*- C++ -*-===//
//
// The database a test works on, seen from outside the test: its state can be
// kept (snapshot), put back where the test expects it (restore) and written
// out in a canonical form (dump) that two runs can be compared by.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_FAULTSIMDATABASE_H
#define TXNLINT_TOOL_FAULTSIMDATABASE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace txnlint {

/// A database state: one line per schema object ("schema: ...") and per row
/// ("<table>: <values>"), sorted, so that row order does not count.
using DatabaseDump = std::vector<std::string>;

class FaultSimDatabase {
public:
  virtual ~FaultSimDatabase() = default;
  /// "sqlite:<file>" or "postgres:<conninfo>".
  virtual std::string describe() const = 0;
  /// NAME=VALUE settings a command needs to reach the database (libpq's
  /// PGHOST, PGDATABASE, ...).
  virtual std::vector<std::string> environment() const { return {}; }
  /// Keeps the current state as the one restore() puts back.
  virtual llvm::Error snapshot() = 0;
  virtual llvm::Error restore() = 0;
  virtual llvm::Expected<DatabaseDump> dump() = 0;
};

/// Columns left out of the comparison ("table.column"): timestamps and the
/// like, which differ between any two runs.
using IgnoredColumns = std::set<std::string>;

/// The SQLite database file at \p Path (which need not exist yet); working
/// files go to \p WorkDir.
std::unique_ptr<FaultSimDatabase> openSqliteDatabase(std::string Path,
                                                     std::string WorkDir,
                                                     IgnoredColumns Ignored);

/// The PostgreSQL database \p ConnInfo (keyword=value form) connects to, or,
/// when it is empty, a database in a cluster started under \p WorkDir for
/// the run and stopped with the returned object.
llvm::Expected<std::unique_ptr<FaultSimDatabase>>
openPostgresDatabase(std::string ConnInfo, std::string WorkDir,
                     IgnoredColumns Ignored);

/// Runs \p Args (Args[0] found on PATH unless it has a '/') with \p Env
/// added to the environment, standard output and error going to
/// \p OutputFile (or nowhere when it is empty), killed after
/// \p TimeoutSeconds (0: no limit). Returns its exit status, -1 when it could
/// not be started, -2 when it crashed or was killed.
int runProgram(const std::vector<std::string> &Args,
               const std::vector<std::string> &Env, llvm::StringRef OutputFile,
               unsigned TimeoutSeconds, std::string *ErrorMessage = nullptr);

} // namespace txnlint

#endif
