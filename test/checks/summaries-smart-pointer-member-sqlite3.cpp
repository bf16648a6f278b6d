// A class keeps its database wrapper in a std::unique_ptr member (Zeal's
// tarix index writer). Its helper methods run SQL through `m_index->...`:
// to their callers, that is the member m_index, the connection the
// callers' BEGIN and COMMIT run on, not the whole object.
//
// RUN: %check_txnlint %s txn-commit-after-failed-write %t -- -- -std=c++17

#include <sqlite3.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

class Database {
public:
  explicit Database(const char *path) { sqlite3_open(path, &m_db); }
  ~Database() { sqlite3_close(m_db); }
  bool execute(const std::string &sql) {
    return sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) ==
           SQLITE_OK;
  }

private:
  sqlite3 *m_db = nullptr;
};

class IndexWriter {
public:
  explicit IndexWriter(const char *path)
      : m_index(std::make_unique<Database>(path)) {}
  bool write(const std::vector<std::string> &paths);
  bool writeChecked(const std::vector<std::string> &paths);

private:
  // Logs a failed insert and carries on.
  void insertEntry(const std::string &path) {
    if (!m_index->execute("INSERT INTO tarindex (path) VALUES ('" + path +
                          "')"))
      std::fprintf(stderr, "cannot index %s\n", path.c_str());
  }
  bool insertChecked(const std::string &path) {
    return m_index->execute("INSERT INTO tarindex (path) VALUES ('" + path +
                            "')");
  }

  std::unique_ptr<Database> m_index;
};

bool IndexWriter::write(const std::vector<std::string> &paths) {
  if (!m_index->execute("BEGIN"))
    return false;
  for (const std::string &path : paths)
    insertEntry(path);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'IndexWriter::insertEntry' does not report the failure of its write, and transaction on 'm_index' commits after it; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  if (!m_index->execute("COMMIT")) {
  // CHECK-NOTES: :[[@LINE-1]]:8: note: committed here
    m_index->execute("ROLLBACK");
    return false;
  }
  return true;
}

// Negative: every failed insert rolls back.
bool IndexWriter::writeChecked(const std::vector<std::string> &paths) {
  if (!m_index->execute("BEGIN"))
    return false;
  for (const std::string &path : paths)
    if (!insertChecked(path)) {
      m_index->execute("ROLLBACK");
      return false;
    }
  if (!m_index->execute("COMMIT")) {
    m_index->execute("ROLLBACK");
    return false;
  }
  return true;
}
