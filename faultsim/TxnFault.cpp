//===--- TxnFault.cpp - Failure injection into sqlite3 and libpq ---------===//
//
// libtxnfault.so, loaded with LD_PRELOAD by `txnlint faultsim`. It wraps the
// calls of the sqlite3 and libpq C APIs that run SQL, numbers them from 1 in
// the order the program makes them, and
//   TXNFAULT_LOG=<file>   appends one JSON line per call to <file>: its
//                         number, function, SQL text and return addresses
//                         (module and address in it, for the runner to
//                         symbolize);
//   TXNFAULT_COUNTER=<file>  numbers the calls of every process of the test
//                         in one sequence (the file holds the count);
//   TXNFAULT_FAIL=<n>     makes call <n> fail the way the library fails:
//                         sqlite3 returns TXNFAULT_SQLITE_ERROR (busy, the
//                         default; ioerr, which also rolls the transaction
//                         back; constraint) without running the statement,
//                         and sqlite3_errmsg/errcode say so;
//                         libpq sends a statement that the server rejects
//                         instead, so the server aborts the transaction as
//                         for any failed statement, and the caller gets that
//                         real PGRES_FATAL_ERROR result.
// Calls the libraries make to themselves (sqlite3_exec preparing its
// statements, PQexec sending its query) are neither counted nor failed.
//
// Everything is resolved at run time (dlsym(RTLD_NEXT)): the library links
// against neither sqlite3 nor libpq, and a program that uses one of them
// only never calls the other's wrappers.
//
//===----------------------------------------------------------------------===//

#include <libpq-fe.h>
#include <sqlite3.h>

#include <atomic>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <sys/mman.h>
#include <string>
#include <unistd.h>

namespace {

/// The number of calls made so far. With TXNFAULT_COUNTER=<file> (the
/// runner's), it lives in that file, mapped into every process of the test,
/// so that the calls of a script's several programs are numbered as one
/// sequence; else in this process.
std::atomic<long> &callCount() {
  static std::atomic<long> *Count = [] {
    static std::atomic<long> Local{0};
    const char *Path = getenv("TXNFAULT_COUNTER");
    int FD = Path && *Path ? open(Path, O_RDWR | O_CLOEXEC) : -1;
    if (FD < 0)
      return &Local;
    void *Shared = mmap(nullptr, sizeof(long), PROT_READ | PROT_WRITE,
                        MAP_SHARED, FD, 0);
    close(FD);
    return Shared == MAP_FAILED ? &Local
                                : static_cast<std::atomic<long> *>(Shared);
  }();
  return *Count;
}

long failingCall() {
  static const long N = [] {
    const char *Value = getenv("TXNFAULT_FAIL");
    return Value ? strtol(Value, nullptr, 10) : 0L;
  }();
  return N;
}

int logFile() {
  static const int FD = [] {
    const char *Path = getenv("TXNFAULT_LOG");
    return Path && *Path
               ? open(Path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)
               : -1;
  }();
  return FD;
}

/// The library's own \p Name. A library that a plugin brought in with
/// dlopen (Qt's QSQLITE driver loads libsqlite3 so) is not in the global
/// scope that RTLD_NEXT searches, but it is loaded by the time its function
/// is called.
template <typename Fn> Fn real(const char *Name) {
  void *Symbol = dlsym(RTLD_NEXT, Name);
  for (const char *Library : {"libsqlite3.so.0", "libpq.so.5"}) {
    if (Symbol)
      break;
    if (void *Handle = dlopen(Library, RTLD_LAZY | RTLD_NOLOAD))
      Symbol = dlsym(Handle, Name);
  }
  if (!Symbol) {
    fprintf(stderr, "libtxnfault: cannot find the library's %s\n", Name);
    abort();
  }
  return reinterpret_cast<Fn>(Symbol);
}

// Whether the call being wrapped comes from the library that defines
// \p RealFn itself (sqlite3_exec calling sqlite3_prepare_v2 through its PLT).
bool calledFromLibraryOf(void *RealFn, void *ReturnAddress) {
  Dl_info Real, Caller;
  return dladdr(RealFn, &Real) && dladdr(ReturnAddress, &Caller) &&
         Real.dli_fbase == Caller.dli_fbase;
}

void appendJsonString(std::string &Out, const char *Text) {
  Out += '"';
  for (const char *P = Text ? Text : ""; *P; ++P) {
    unsigned char C = static_cast<unsigned char>(*P);
    if (C == '"' || C == '\\') {
      Out += '\\';
      Out += static_cast<char>(C);
    } else if (C < 0x20) {
      char Escape[8];
      snprintf(Escape, sizeof Escape, "\\u%04x", C);
      Out += Escape;
    } else {
      Out += static_cast<char>(C);
    }
  }
  Out += '"';
}

// The running executable's path, for frames whose link map has no name.
const std::string &mainExecutable() {
  static const std::string Path = [] {
    char Buffer[PATH_MAX];
    ssize_t Length = readlink("/proc/self/exe", Buffer, sizeof Buffer - 1);
    return std::string(Buffer, Length > 0 ? Length : 0);
  }();
  return Path;
}

// One line of the log: {"call":N,"function":"...","sql":"...","injected":b,
// "frames":[["module","0xaddress"],...]}. Addresses are relative to the
// module's load address (what a symbolizer reads from the file), return
// addresses as backtrace() gives them; frames inside this library are left
// out.
void logCall(long Call, const char *Function, const char *Sql, bool Injected) {
  int FD = logFile();
  if (FD < 0)
    return;
  void *Frames[48];
  int Depth = backtrace(Frames, 48);
  Dl_info Self;
  dladdr(reinterpret_cast<void *>(&logCall), &Self);

  std::string Line = "{\"call\":" + std::to_string(Call) + ",\"function\":";
  appendJsonString(Line, Function);
  Line += ",\"sql\":";
  appendJsonString(Line, Sql);
  Line += Injected ? ",\"injected\":true" : ",\"injected\":false";
  Line += ",\"frames\":[";
  bool First = true;
  for (int I = 0; I < Depth; ++I) {
    Dl_info Info;
    link_map *Map = nullptr;
    if (!dladdr1(Frames[I], &Info, reinterpret_cast<void **>(&Map),
                 RTLD_DL_LINKMAP) ||
        !Map || Info.dli_fbase == Self.dli_fbase)
      continue;
    const char *Module = *Map->l_name ? Map->l_name : mainExecutable().c_str();
    char Address[32];
    snprintf(Address, sizeof Address, "0x%lx",
             static_cast<unsigned long>(reinterpret_cast<uintptr_t>(Frames[I]) -
                                        Map->l_addr));
    Line += First ? "[" : ",[";
    First = false;
    appendJsonString(Line, Module);
    Line += ',';
    appendJsonString(Line, Address);
    Line += ']';
  }
  Line += "]}\n";
  // One write per line: lines of several threads or processes never mix.
  ssize_t Ignored = write(FD, Line.data(), Line.size());
  (void)Ignored;
}

/// Numbers a call made by the program and logs it; true when it is the call
/// to fail.
bool countCall(const char *Function, const char *Sql) {
  long Call = ++callCount();
  bool Fail = Call == failingCall();
  logCall(Call, Function, Sql, Fail);
  return Fail;
}

//===--- sqlite3 ----------------------------------------------------------===//

struct SqliteFailure {
  int Code, ExtendedCode;
  const char *Message;
};

SqliteFailure sqliteFailure() {
  const char *Kind = getenv("TXNFAULT_SQLITE_ERROR");
  if (Kind && !strcmp(Kind, "ioerr"))
    return {SQLITE_IOERR, SQLITE_IOERR_WRITE, "disk I/O error"};
  if (Kind && !strcmp(Kind, "constraint"))
    return {SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_CHECK,
            "CHECK constraint failed: injected by txnlint faultsim"};
  return {SQLITE_BUSY, SQLITE_BUSY, "database is locked"};
}

// The connection whose call was failed; its error functions report the
// failure until the program makes its next call on it.
std::atomic<sqlite3 *> FailedDb{nullptr};

int failSqlite(sqlite3 *Db) {
  SqliteFailure Failure = sqliteFailure();
  // SQLite may answer an I/O error by rolling the whole transaction back;
  // the simulated one always does, so that code that carries on as if the
  // transaction were still open writes in autocommit mode, as it would then.
  static auto InTransaction = [](sqlite3 *D) {
    static auto Autocommit =
        real<decltype(&sqlite3_get_autocommit)>("sqlite3_get_autocommit");
    return D && !Autocommit(D);
  };
  if (Failure.Code == SQLITE_IOERR && InTransaction(Db)) {
    static auto Exec = real<decltype(&sqlite3_exec)>("sqlite3_exec");
    Exec(Db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  FailedDb = Db;
  return Failure.Code;
}

void forgetFailure(sqlite3 *Db) {
  sqlite3 *Expected = Db;
  FailedDb.compare_exchange_strong(Expected, nullptr);
}

std::string sqlText(const char *Sql, int Bytes) {
  if (!Sql)
    return "";
  return Bytes < 0 ? Sql : std::string(Sql, strnlen(Sql, Bytes));
}

// UTF-16 SQL (sqlite3_prepare16*), logged with its ASCII characters.
std::string sqlText(const void *Sql, int Bytes) {
  std::string Out;
  const char16_t *P = static_cast<const char16_t *>(Sql);
  for (int I = 0; P && P[I] && (Bytes < 0 || 2 * I < Bytes); ++I)
    Out += P[I] < 0x80 ? static_cast<char>(P[I]) : '?';
  return Out;
}

/// Counts a call on \p Db that the program made (not the library itself,
/// whose function \p RealFn is being wrapped); true when it is the call to
/// fail, which the caller then does with failSqlite().
bool injectSqlite(void *RealFn, void *ReturnAddress, sqlite3 *Db,
                  const char *Function, const std::string &Sql) {
  if (calledFromLibraryOf(RealFn, ReturnAddress))
    return false;
  forgetFailure(Db);
  return countCall(Function, Sql.c_str());
}

// Where the text of \p Sql ends: a failed prepare leaves its tail there, so
// that a loop over the statements of a script stops.
const char *endOf(const char *Sql, int Bytes) {
  return Sql ? Sql + sqlText(Sql, Bytes).size() : Sql;
}
const void *endOf(const void *Sql, int Bytes) {
  return Sql ? static_cast<const char16_t *>(Sql) + sqlText(Sql, Bytes).size()
             : Sql;
}

/// The body of the prepare functions: \p CallReal runs the real one.
template <typename Text, typename Fn>
int prepare(const char *Function, void *RealFn, void *ReturnAddress,
            sqlite3 *Db, Text Sql, int Bytes, sqlite3_stmt **Stmt, Text *Tail,
            Fn CallReal) {
  if (!injectSqlite(RealFn, ReturnAddress, Db, Function, sqlText(Sql, Bytes)))
    return CallReal();
  if (Stmt)
    *Stmt = nullptr;
  if (Tail)
    *Tail = endOf(Sql, Bytes);
  return failSqlite(Db);
}

// Declares RealFn, the wrapped function, Real, its address, and the return
// address of the wrapper, which tells whether the library called itself.
#define TXNFAULT_REAL(Name)                                                    \
  static auto RealFn = real<decltype(&Name)>(#Name);                           \
  void *Real = reinterpret_cast<void *>(RealFn);                               \
  void *ReturnAddress = __builtin_return_address(0)

} // namespace

extern "C" {

int sqlite3_exec(sqlite3 *Db, const char *Sql,
                 int (*Callback)(void *, int, char **, char **), void *Arg,
                 char **ErrorMessage) {
  TXNFAULT_REAL(sqlite3_exec);
  if (!injectSqlite(Real, ReturnAddress, Db, "sqlite3_exec", sqlText(Sql, -1)))
    return RealFn(Db, Sql, Callback, Arg, ErrorMessage);
  if (ErrorMessage) {
    static auto Mprintf = reinterpret_cast<char *(*)(const char *, ...)>(
        dlsym(RTLD_DEFAULT, "sqlite3_mprintf"));
    *ErrorMessage = Mprintf ? Mprintf("%s", sqliteFailure().Message) : nullptr;
  }
  return failSqlite(Db);
}

int sqlite3_step(sqlite3_stmt *Stmt) {
  TXNFAULT_REAL(sqlite3_step);
  static auto DbHandle = real<decltype(&sqlite3_db_handle)>("sqlite3_db_handle");
  static auto SqlOf = real<decltype(&sqlite3_sql)>("sqlite3_sql");
  sqlite3 *Db = Stmt ? DbHandle(Stmt) : nullptr;
  if (!injectSqlite(Real, ReturnAddress, Db, "sqlite3_step",
                    sqlText(Stmt ? SqlOf(Stmt) : nullptr, -1)))
    return RealFn(Stmt);
  return failSqlite(Db);
}

int sqlite3_prepare(sqlite3 *Db, const char *Sql, int Bytes,
                    sqlite3_stmt **Stmt, const char **Tail) {
  TXNFAULT_REAL(sqlite3_prepare);
  return prepare("sqlite3_prepare", Real, ReturnAddress, Db, Sql, Bytes, Stmt,
                 Tail, [&] { return RealFn(Db, Sql, Bytes, Stmt, Tail); });
}

int sqlite3_prepare_v2(sqlite3 *Db, const char *Sql, int Bytes,
                       sqlite3_stmt **Stmt, const char **Tail) {
  TXNFAULT_REAL(sqlite3_prepare_v2);
  return prepare("sqlite3_prepare_v2", Real, ReturnAddress, Db, Sql, Bytes,
                 Stmt, Tail, [&] { return RealFn(Db, Sql, Bytes, Stmt, Tail); });
}

int sqlite3_prepare_v3(sqlite3 *Db, const char *Sql, int Bytes,
                       unsigned Flags, sqlite3_stmt **Stmt, const char **Tail) {
  TXNFAULT_REAL(sqlite3_prepare_v3);
  return prepare("sqlite3_prepare_v3", Real, ReturnAddress, Db, Sql, Bytes,
                 Stmt, Tail,
                 [&] { return RealFn(Db, Sql, Bytes, Flags, Stmt, Tail); });
}

int sqlite3_prepare16(sqlite3 *Db, const void *Sql, int Bytes,
                      sqlite3_stmt **Stmt, const void **Tail) {
  TXNFAULT_REAL(sqlite3_prepare16);
  return prepare("sqlite3_prepare16", Real, ReturnAddress, Db, Sql, Bytes,
                 Stmt, Tail, [&] { return RealFn(Db, Sql, Bytes, Stmt, Tail); });
}

int sqlite3_prepare16_v2(sqlite3 *Db, const void *Sql, int Bytes,
                         sqlite3_stmt **Stmt, const void **Tail) {
  TXNFAULT_REAL(sqlite3_prepare16_v2);
  return prepare("sqlite3_prepare16_v2", Real, ReturnAddress, Db, Sql, Bytes,
                 Stmt, Tail, [&] { return RealFn(Db, Sql, Bytes, Stmt, Tail); });
}

int sqlite3_prepare16_v3(sqlite3 *Db, const void *Sql, int Bytes,
                         unsigned Flags, sqlite3_stmt **Stmt,
                         const void **Tail) {
  TXNFAULT_REAL(sqlite3_prepare16_v3);
  return prepare("sqlite3_prepare16_v3", Real, ReturnAddress, Db, Sql, Bytes,
                 Stmt, Tail,
                 [&] { return RealFn(Db, Sql, Bytes, Flags, Stmt, Tail); });
}

// After a failed call, the connection's error functions describe that
// failure, until the program's next call on the connection.
const char *sqlite3_errmsg(sqlite3 *Db) {
  static auto RealFn = real<decltype(&sqlite3_errmsg)>("sqlite3_errmsg");
  return Db && Db == FailedDb ? sqliteFailure().Message : RealFn(Db);
}

int sqlite3_errcode(sqlite3 *Db) {
  static auto RealFn = real<decltype(&sqlite3_errcode)>("sqlite3_errcode");
  return Db && Db == FailedDb ? sqliteFailure().Code : RealFn(Db);
}

int sqlite3_extended_errcode(sqlite3 *Db) {
  static auto RealFn =
      real<decltype(&sqlite3_extended_errcode)>("sqlite3_extended_errcode");
  return Db && Db == FailedDb ? sqliteFailure().ExtendedCode : RealFn(Db);
}

//===--- libpq ------------------------------------------------------------===//
//
// The failing call sends this instead of its own statement: the server
// rejects it like any failed statement (and aborts the transaction it is
// in), and the result the caller gets is the server's.

} // extern "C"

namespace {

std::string failingStatement(const char *Function) {
  return "DO $txnfault$ BEGIN RAISE EXCEPTION 'injected failure of call % (" +
         std::string(Function) + ") by txnlint faultsim', " +
         std::to_string(failingCall()) + "; END $txnfault$";
}

PGresult *failPq(PGconn *Conn, const char *Function, const char *Sql) {
  static auto Exec = real<decltype(&PQexec)>("PQexec");
  static auto Status = real<decltype(&PQtransactionStatus)>("PQtransactionStatus");
  PGresult *Result = Exec(Conn, failingStatement(Function).c_str());
  // A COMMIT that fails ends the transaction: the server rolls it back.
  std::string Text = Sql ? Sql : "";
  Text.erase(0, Text.find_first_not_of(" \t\r\n"));
  if ((!strncasecmp(Text.c_str(), "COMMIT", 6) || !strncasecmp(Text.c_str(), "END", 3)) &&
      Status(Conn) == PQTRANS_INERROR) {
    static auto Clear = real<decltype(&PQclear)>("PQclear");
    Clear(Exec(Conn, "ROLLBACK"));
  }
  return Result;
}

bool injectPq(void *RealFn, void *ReturnAddress, const char *Function,
              const char *Sql) {
  return !calledFromLibraryOf(RealFn, ReturnAddress) &&
         countCall(Function, Sql);
}

} // namespace

extern "C" {

PGresult *PQexec(PGconn *Conn, const char *Query) {
  TXNFAULT_REAL(PQexec);
  return injectPq(Real, ReturnAddress, "PQexec", Query)
             ? failPq(Conn, "PQexec", Query)
             : RealFn(Conn, Query);
}

PGresult *PQexecParams(PGconn *Conn, const char *Command, int NParams,
                       const Oid *Types, const char *const *Values,
                       const int *Lengths, const int *Formats,
                       int ResultFormat) {
  TXNFAULT_REAL(PQexecParams);
  return injectPq(Real, ReturnAddress, "PQexecParams", Command)
             ? failPq(Conn, "PQexecParams", Command)
             : RealFn(Conn, Command, NParams, Types, Values, Lengths, Formats,
                      ResultFormat);
}

PGresult *PQexecPrepared(PGconn *Conn, const char *Name, int NParams,
                         const char *const *Values, const int *Lengths,
                         const int *Formats, int ResultFormat) {
  TXNFAULT_REAL(PQexecPrepared);
  std::string Sql = std::string("EXECUTE ") + (Name ? Name : "");
  return injectPq(Real, ReturnAddress, "PQexecPrepared", Sql.c_str())
             ? failPq(Conn, "PQexecPrepared", nullptr)
             : RealFn(Conn, Name, NParams, Values, Lengths, Formats,
                      ResultFormat);
}

PGresult *PQprepare(PGconn *Conn, const char *Name, const char *Query,
                    int NParams, const Oid *Types) {
  TXNFAULT_REAL(PQprepare);
  return injectPq(Real, ReturnAddress, "PQprepare", Query)
             ? failPq(Conn, "PQprepare", nullptr)
             : RealFn(Conn, Name, Query, NParams, Types);
}

// The asynchronous forms: the failing call sends the failing statement, and
// PQgetResult then returns the server's error as for any statement.
int PQsendQuery(PGconn *Conn, const char *Query) {
  TXNFAULT_REAL(PQsendQuery);
  return RealFn(Conn, injectPq(Real, ReturnAddress, "PQsendQuery", Query)
                          ? failingStatement("PQsendQuery").c_str()
                          : Query);
}

int PQsendQueryParams(PGconn *Conn, const char *Command, int NParams,
                      const Oid *Types, const char *const *Values,
                      const int *Lengths, const int *Formats,
                      int ResultFormat) {
  TXNFAULT_REAL(PQsendQueryParams);
  if (!injectPq(Real, ReturnAddress, "PQsendQueryParams", Command))
    return RealFn(Conn, Command, NParams, Types, Values, Lengths, Formats,
                  ResultFormat);
  return RealFn(Conn, failingStatement("PQsendQueryParams").c_str(), 0,
                nullptr, nullptr, nullptr, nullptr, ResultFormat);
}

int PQsendQueryPrepared(PGconn *Conn, const char *Name, int NParams,
                        const char *const *Values, const int *Lengths,
                        const int *Formats, int ResultFormat) {
  TXNFAULT_REAL(PQsendQueryPrepared);
  std::string Sql = std::string("EXECUTE ") + (Name ? Name : "");
  if (!injectPq(Real, ReturnAddress, "PQsendQueryPrepared", Sql.c_str()))
    return RealFn(Conn, Name, NParams, Values, Lengths, Formats, ResultFormat);
  static auto SendParams =
      real<decltype(&PQsendQueryParams)>("PQsendQueryParams");
  return SendParams(Conn, failingStatement("PQsendQueryPrepared").c_str(), 0,
                    nullptr, nullptr, nullptr, nullptr, ResultFormat);
}

int PQsendPrepare(PGconn *Conn, const char *Name, const char *Query,
                  int NParams, const Oid *Types) {
  TXNFAULT_REAL(PQsendPrepare);
  if (!injectPq(Real, ReturnAddress, "PQsendPrepare", Query))
    return RealFn(Conn, Name, Query, NParams, Types);
  static auto SendParams =
      real<decltype(&PQsendQueryParams)>("PQsendQueryParams");
  return SendParams(Conn, failingStatement("PQsendPrepare").c_str(), 0,
                    nullptr, nullptr, nullptr, nullptr, 0);
}

} // extern "C"
