//===--- FaultSimDatabase.cpp ---------------------------------------------===//
//
// SQLite through its C API (the backup API copies a database, a query per
// table dumps it); PostgreSQL through its own programs (a database is kept
// as a template database, pg_dump dumps it).
//
//===----------------------------------------------------------------------===//

#include "FaultSimDatabase.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <sqlite3.h>

#include <algorithm>
#include <pwd.h>
#include <unistd.h>

extern char **environ;

using namespace llvm;

namespace txnlint {

int runProgram(const std::vector<std::string> &Args,
               const std::vector<std::string> &Env, StringRef OutputFile,
               unsigned TimeoutSeconds, std::string *ErrorMessage) {
  std::string Program = Args.front();
  if (Program.find('/') == std::string::npos) {
    ErrorOr<std::string> Found = sys::findProgramByName(Program);
    if (!Found) {
      if (ErrorMessage)
        *ErrorMessage = "'" + Program + "' not found on PATH";
      return -1;
    }
    Program = *Found;
  }
  // The whole environment, with the settings of Env replacing their names'.
  std::vector<std::string> Environment = Env;
  for (char **Var = environ; *Var; ++Var) {
    StringRef Name = StringRef(*Var).split('=').first;
    if (llvm::none_of(Env, [&](const std::string &Set) {
          return StringRef(Set).split('=').first == Name;
        }))
      Environment.push_back(*Var);
  }
  std::vector<StringRef> ArgRefs(Args.begin(), Args.end());
  std::vector<StringRef> EnvRefs(Environment.begin(), Environment.end());
  std::optional<StringRef> Output =
      OutputFile.empty() ? std::optional<StringRef>("") : OutputFile;
  std::optional<StringRef> Redirects[] = {StringRef(""), Output, Output};
  return sys::ExecuteAndWait(Program, ArgRefs, EnvRefs, Redirects,
                             TimeoutSeconds, 0, ErrorMessage);
}

namespace {

Error failure(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), Message);
}

/// \p Identifier in double quotes, as SQL writes a table or database name.
std::string quoted(StringRef Identifier) {
  std::string Out = "\"";
  for (char C : Identifier)
    Out += C == '"' ? "\"\"" : std::string(1, C);
  return Out + "\"";
}

/// A value as SQLite's quote() writes it.
std::string quoteValue(sqlite3_stmt *Stmt, int Column) {
  switch (sqlite3_column_type(Stmt, Column)) {
  case SQLITE_NULL:
    return "NULL";
  case SQLITE_INTEGER:
    return std::to_string(sqlite3_column_int64(Stmt, Column));
  case SQLITE_FLOAT: {
    char Buffer[32];
    snprintf(Buffer, sizeof Buffer, "%.17g", sqlite3_column_double(Stmt, Column));
    return Buffer;
  }
  case SQLITE_BLOB: {
    const auto *Bytes =
        static_cast<const uint8_t *>(sqlite3_column_blob(Stmt, Column));
    return "X'" +
           toHex(ArrayRef<uint8_t>(Bytes, sqlite3_column_bytes(Stmt, Column))) +
           "'";
  }
  default: {
    std::string Text(
        reinterpret_cast<const char *>(sqlite3_column_text(Stmt, Column)),
        sqlite3_column_bytes(Stmt, Column));
    std::string Quoted = "'";
    for (char C : Text)
      Quoted += C == '\'' ? "''" : C == '\n' ? "\\n" : std::string(1, C);
    return Quoted + "'";
  }
  }
}

class SqliteDatabase : public FaultSimDatabase {
public:
  SqliteDatabase(std::string Path, std::string WorkDir, IgnoredColumns Ignored)
      : Path(std::move(Path)), Ignored(std::move(Ignored)) {
    SmallString<256> Initial(WorkDir);
    sys::path::append(Initial, "initial.db");
    Snapshot = Initial.str().str();
  }

  std::string describe() const override { return "sqlite:" + Path; }

  Error snapshot() override {
    Existed = sys::fs::exists(Path);
    return Existed ? copy(Path, Snapshot) : Error::success();
  }

  Error restore() override {
    for (const char *Suffix : {"", "-wal", "-shm", "-journal"})
      if (std::error_code EC = sys::fs::remove(Path + Suffix))
        return failure("cannot remove '" + Path + Suffix + "': " + EC.message());
    return Existed ? copy(Snapshot, Path) : Error::success();
  }

  Expected<DatabaseDump> dump() override {
    DatabaseDump Lines;
    if (!sys::fs::exists(Path))
      return Lines;
    sqlite3 *Db = nullptr;
    int RC = sqlite3_open_v2(Path.c_str(), &Db, SQLITE_OPEN_READONLY, nullptr);
    auto Close = make_scope_exit([&] { sqlite3_close(Db); });
    if (RC != SQLITE_OK)
      return failure("cannot open '" + Path + "': " + sqlite3_errmsg(Db));
    std::vector<std::string> Tables;
    if (Error Err = query(Db,
                          "SELECT type, name, sql FROM sqlite_schema "
                          "WHERE sql IS NOT NULL",
                          [&](sqlite3_stmt *Stmt) {
                            std::string Type = quoteValue(Stmt, 0);
                            Lines.push_back("schema: " + quoteValue(Stmt, 2));
                            if (Type == "'table'")
                              Tables.push_back(reinterpret_cast<const char *>(
                                  sqlite3_column_text(Stmt, 1)));
                          }))
      return std::move(Err);
    for (const std::string &Table : Tables) {
      if (Error Err = query(Db, "SELECT * FROM " + quoted(Table),
                            [&](sqlite3_stmt *Stmt) {
                              std::string Row = Table + ":";
                              for (int I = 0, N = sqlite3_column_count(Stmt);
                                   I < N; ++I)
                                Row += (I ? ", " : " ") +
                                       (Ignored.count(Table + "." +
                                                      sqlite3_column_name(Stmt, I))
                                            ? std::string("?")
                                            : quoteValue(Stmt, I));
                              Lines.push_back(std::move(Row));
                            }))
        return std::move(Err);
    }
    llvm::sort(Lines);
    return Lines;
  }

private:
  template <typename Fn>
  Error query(sqlite3 *Db, const std::string &Sql, Fn EachRow) {
    sqlite3_stmt *Stmt = nullptr;
    if (sqlite3_prepare_v2(Db, Sql.c_str(), -1, &Stmt, nullptr) != SQLITE_OK)
      return failure("cannot read '" + Path + "': " + sqlite3_errmsg(Db));
    int RC;
    while ((RC = sqlite3_step(Stmt)) == SQLITE_ROW)
      EachRow(Stmt);
    sqlite3_finalize(Stmt);
    if (RC != SQLITE_DONE)
      return failure("cannot read '" + Path + "': " + sqlite3_errmsg(Db));
    return Error::success();
  }

  /// Copies the database \p From into the new file \p To with the backup
  /// API, which reads a consistent state (also from a WAL database).
  static Error copy(const std::string &From, const std::string &To) {
    sqlite3 *Source = nullptr, *Target = nullptr;
    auto Close = make_scope_exit([&] {
      sqlite3_close(Source);
      sqlite3_close(Target);
    });
    if (sqlite3_open_v2(From.c_str(), &Source, SQLITE_OPEN_READONLY, nullptr) !=
        SQLITE_OK)
      return failure("cannot open '" + From + "': " + sqlite3_errmsg(Source));
    if (sqlite3_open_v2(To.c_str(), &Target,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                        nullptr) != SQLITE_OK)
      return failure("cannot create '" + To + "': " + sqlite3_errmsg(Target));
    sqlite3_backup *Backup = sqlite3_backup_init(Target, "main", Source, "main");
    if (!Backup)
      return failure("cannot copy '" + From + "': " + sqlite3_errmsg(Target));
    sqlite3_backup_step(Backup, -1);
    if (sqlite3_backup_finish(Backup) != SQLITE_OK)
      return failure("cannot copy '" + From + "' to '" + To +
                     "': " + sqlite3_errmsg(Target));
    return Error::success();
  }

  std::string Path, Snapshot;
  IgnoredColumns Ignored;
  bool Existed = false;
};

//===--- PostgreSQL -------------------------------------------------------===//

/// The directory of PostgreSQL's server programs (initdb, pg_ctl) and the
/// pg_dump of the same version: Debian keeps them in
/// /usr/lib/postgresql/<version>/bin; the newest wins.
std::string postgresBinDir() {
  std::string Best;
  unsigned BestVersion = 0;
  std::error_code EC;
  for (sys::fs::directory_iterator It("/usr/lib/postgresql", EC), End;
       !EC && It != End; It.increment(EC)) {
    unsigned Version;
    if (!StringRef(sys::path::filename(It->path())).getAsInteger(10, Version) &&
        Version > BestVersion &&
        sys::fs::can_execute(It->path() + "/bin/pg_ctl")) {
      BestVersion = Version;
      Best = It->path() + "/bin";
    }
  }
  if (!Best.empty())
    return Best;
  ErrorOr<std::string> PgCtl = sys::findProgramByName("pg_ctl");
  return PgCtl ? sys::path::parent_path(*PgCtl).str() : "";
}

class PostgresDatabase : public FaultSimDatabase {
public:
  PostgresDatabase(std::string BinDir, std::string WorkDir,
                   IgnoredColumns Ignored)
      : BinDir(std::move(BinDir)), WorkDir(std::move(WorkDir)),
        Ignored(std::move(Ignored)) {}

  ~PostgresDatabase() override {
    if (DataDir.empty() && !SnapshotName.empty())
      consumeError(maintenance({"DROP DATABASE IF EXISTS " + quoted(SnapshotName)}));
    if (!DataDir.empty())
      runAsServer({BinDir + "/pg_ctl", "-D", DataDir, "-m", "immediate", "-w",
                   "stop"},
                  "pg_ctl-stop.log");
  }

  /// Connects to the server \p ConnInfo names, or starts one.
  Error open(std::string UserConnInfo) {
    if (UserConnInfo.empty()) {
      if (Error Err = startCluster())
        return Err;
    } else {
      ConnInfo = std::move(UserConnInfo);
      Expected<std::string> Name = psql(ConnInfo, {"SELECT current_database()"});
      if (!Name)
        return Name.takeError();
      DatabaseName = StringRef(*Name).trim().str();
    }
    SnapshotName = DatabaseName + "_txnlint_initial";
    return Error::success();
  }

  std::string describe() const override { return "postgres:" + ConnInfo; }

  std::vector<std::string> environment() const override {
    if (DataDir.empty())
      return {"TXNLINT_FAULTSIM_CONNINFO=" + ConnInfo};
    return {"TXNLINT_FAULTSIM_CONNINFO=" + ConnInfo, "PGHOST=" + WorkDir,
            "PGPORT=5432", "PGUSER=postgres", "PGDATABASE=" + DatabaseName};
  }

  Error snapshot() override {
    return maintenance({"DROP DATABASE IF EXISTS " + quoted(SnapshotName),
                        "CREATE DATABASE " + quoted(SnapshotName) +
                            " TEMPLATE " + quoted(DatabaseName)});
  }

  Error restore() override {
    // FILE_COPY: copying a small database's files beats logging its pages.
    return maintenance({"DROP DATABASE IF EXISTS " + quoted(DatabaseName) +
                            " WITH (FORCE)",
                        "CREATE DATABASE " + quoted(DatabaseName) + " TEMPLATE " +
                            quoted(SnapshotName) + " STRATEGY FILE_COPY"});
  }

  /// pg_dump's output with the rows of each COPY block prefixed with their
  /// table, sequence positions left out (nextval() is not undone by a
  /// rollback), and everything sorted.
  Expected<DatabaseDump> dump() override {
    std::string Output = WorkDir + "/dump.sql", Errors = WorkDir + "/pg_dump.err";
    std::string Message;
    int Status = runProgram({program("pg_dump"), "--no-owner",
                             "--no-privileges", "--file=" + Output,
                             "--dbname=" + ConnInfo},
                            {}, Errors, 120, &Message);
    auto Text = MemoryBuffer::getFile(Output);
    if (Status != 0 || !Text) {
      auto Printed = MemoryBuffer::getFile(Errors);
      return failure("pg_dump of '" + ConnInfo + "' failed" +
                     (Message.empty() ? "" : ": " + Message) +
                     (Printed ? ": " + (*Printed)->getBuffer().trim().str() : ""));
    }
    DatabaseDump Lines;
    std::string Table;
    std::vector<bool> Shown;
    SmallVector<StringRef> Lines0;
    (*Text)->getBuffer().split(Lines0, '\n');
    for (StringRef Line : Lines0) {
      if (!Table.empty()) {
        if (Line == "\\.") {
          Table.clear();
          continue;
        }
        SmallVector<StringRef> Fields;
        Line.split(Fields, '\t');
        std::string Row = Table + ":";
        for (size_t I = 0; I < Fields.size(); ++I)
          Row += (I ? ", " : " ") +
                 (I < Shown.size() && !Shown[I] ? std::string("?")
                                                : Fields[I].str());
        Lines.push_back(std::move(Row));
        continue;
      }
      // \restrict and \unrestrict (pg_dump 15.14 on) carry a random key.
      if (Line.empty() || Line.starts_with("--") ||
          Line.starts_with("SELECT pg_catalog.setval(") ||
          Line.starts_with("\\restrict ") || Line.starts_with("\\unrestrict "))
        continue;
      // COPY public.orders (id, customer, status) FROM stdin;
      if (Line.consume_front("COPY ") && Line.consume_back(" FROM stdin;")) {
        auto [Name, Columns] = Line.split(" (");
        Table = Name.str();
        Shown.clear();
        SmallVector<StringRef> Names;
        Columns.rtrim(")").split(Names, ", ");
        StringRef Bare = Name.rsplit('.').second.empty() ? Name
                                                         : Name.rsplit('.').second;
        for (StringRef Column : Names)
          Shown.push_back(!Ignored.count((Bare + "." + Column).str()));
        continue;
      }
      Lines.push_back("schema: " + Line.str());
    }
    llvm::sort(Lines);
    return Lines;
  }

private:
  /// A client program: the server's own version when it is installed.
  std::string program(StringRef Name) const {
    return BinDir.empty() ? Name.str() : BinDir + "/" + Name.str();
  }

  /// Runs each of \p Statements in turn with psql on \p Target; its
  /// output, or its error.
  Expected<std::string> psql(const std::string &Target,
                             const std::vector<std::string> &Statements) {
    std::string Output = WorkDir + "/psql.out", Message;
    std::vector<std::string> Args = {program("psql"), "-X", "-q", "-A", "-t",
                                     "-v", "ON_ERROR_STOP=1", "-d", Target};
    for (const std::string &Sql : Statements)
      append_range(Args, std::vector<std::string>{"-c", Sql});
    int Status = runProgram(Args, {}, Output, 120, &Message);
    auto Text = MemoryBuffer::getFile(Output);
    std::string Printed = Text ? (*Text)->getBuffer().str() : "";
    if (Status != 0)
      return failure("psql '" + Target + "' failed on '" +
                     join(Statements, "; ") + "'" +
                     (Message.empty() ? "" : ": " + Message) +
                     (Printed.empty() ? "" : ": " + StringRef(Printed).trim().str()));
    return Printed;
  }

  /// Runs \p Statements on the server's maintenance database.
  Error maintenance(const std::vector<std::string> &Statements) {
    // A later keyword overrides an earlier one in a conninfo string.
    Expected<std::string> Done = psql(ConnInfo + " dbname=postgres", Statements);
    return Done ? Error::success() : Done.takeError();
  }

  /// The server programs refuse to run as root: as root, they run as
  /// 'nobody', which then owns the work directory.
  int runAsServer(std::vector<std::string> Args, StringRef Log) {
    // In the work directory: the user's may be closed to 'nobody'.
    Args.insert(Args.begin(), {"env", "-C", WorkDir});
    if (geteuid() == 0)
      Args.insert(Args.begin(), {"runuser", "-u", "nobody", "--"});
    std::string Message;
    return runProgram(Args, {}, WorkDir + "/" + Log.str(), 120, &Message);
  }

  Error startCluster() {
    if (BinDir.empty())
      return failure("PostgreSQL's server programs (initdb, pg_ctl) are not "
                     "installed (Debian: apt-get install postgresql)");
    if (geteuid() == 0) {
      const passwd *Nobody = getpwnam("nobody");
      if (!Nobody || ::chown(WorkDir.c_str(), Nobody->pw_uid, Nobody->pw_gid) != 0)
        return failure("cannot give '" + WorkDir +
                       "' to the user nobody, whom the server runs as under root");
    }
    sys::fs::setPermissions(WorkDir, sys::fs::all_read | sys::fs::all_exe |
                                         sys::fs::owner_write);
    std::string Data = WorkDir + "/data";
    if (runAsServer({BinDir + "/initdb", "-D", Data, "-U", "postgres",
                     "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"},
                    "initdb.log") != 0)
      return failure("initdb failed; see " + WorkDir + "/initdb.log");
    if (runAsServer({BinDir + "/pg_ctl", "-D", Data, "-l",
                     WorkDir + "/server.log", "-w", "-o",
                     "-k " + WorkDir + " -c listen_addresses= -F", "start"},
                    "pg_ctl.log") != 0)
      return failure("the PostgreSQL server did not start; see " + WorkDir +
                     "/server.log");
    DataDir = Data;
    DatabaseName = "faultsim";
    ConnInfo = "host=" + WorkDir + " port=5432 user=postgres dbname=" +
               DatabaseName;
    return maintenance({"CREATE DATABASE " + DatabaseName});
  }

  std::string BinDir, WorkDir, DataDir, ConnInfo, DatabaseName, SnapshotName;
  IgnoredColumns Ignored;
};

} // namespace

std::unique_ptr<FaultSimDatabase> openSqliteDatabase(std::string Path,
                                                     std::string WorkDir,
                                                     IgnoredColumns Ignored) {
  return std::make_unique<SqliteDatabase>(std::move(Path), std::move(WorkDir),
                                          std::move(Ignored));
}

Expected<std::unique_ptr<FaultSimDatabase>>
openPostgresDatabase(std::string ConnInfo, std::string WorkDir,
                     IgnoredColumns Ignored) {
  auto Database = std::make_unique<PostgresDatabase>(
      postgresBinDir(), std::move(WorkDir), std::move(Ignored));
  if (Error Err = Database->open(std::move(ConnInfo)))
    return std::move(Err);
  return std::move(Database);
}

} // namespace txnlint
