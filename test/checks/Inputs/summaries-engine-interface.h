// An engine per database behind an interface, in the program's header (as
// Biboumi's DatabaseEngine, Sqlite3Engine and PostgresqlEngine): a call
// through the interface does what both overriders do. raw_exec reports its
// statement's success as the first element of a tuple.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <tuple>
#include <utility>

class DatabaseEngine {
public:
  virtual ~DatabaseEngine() = default;
  virtual std::tuple<bool, std::string> raw_exec(const std::string &query) = 0;
  virtual std::pair<bool, long> count(const std::string &query) = 0;
};

class Sqlite3Engine : public DatabaseEngine {
public:
  std::tuple<bool, std::string> raw_exec(const std::string &query) override {
    char *error = nullptr;
    if (sqlite3_exec(db, query.data(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message(error);
      sqlite3_free(error);
      return std::make_tuple(false, message);
    }
    return std::make_tuple(true, std::string{});
  }
  std::pair<bool, long> count(const std::string &query) override {
    if (sqlite3_exec(db, query.data(), nullptr, nullptr, nullptr) != SQLITE_OK)
      return {false, 0};
    return {true, sqlite3_changes(db)};
  }

private:
  sqlite3 *db = nullptr;
};

class PostgresqlEngine : public DatabaseEngine {
public:
  std::tuple<bool, std::string> raw_exec(const std::string &query) override {
    PGresult *res = PQexec(conn, query.data());
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    std::string message = ok ? "" : PQresultErrorMessage(res);
    PQclear(res);
    if (!ok)
      return {false, message};
    return {true, ""};
  }
  std::pair<bool, long> count(const std::string &query) override {
    PGresult *res = PQexec(conn, query.data());
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
      PQclear(res);
      return {false, 0};
    }
    long rows = std::atol(PQcmdTuples(res));
    PQclear(res);
    return {true, rows};
  }

private:
  PGconn *conn = nullptr;
};

struct Database {
  static std::unique_ptr<DatabaseEngine> db;
  static std::tuple<bool, std::string> raw_exec(const std::string &query) {
    return Database::db->raw_exec(query);
  }
};

void log_error(const std::string &what, const std::string &why);
