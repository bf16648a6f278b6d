// A storage layer in the shape of Amarok's SqlStorage over the MySQL C API:
// insert() returns the new row's id, and 0 where the statement failed. The
// id is the insert's result to the caller: zero is its failure, any other
// value its success. Every txn-* check runs, so every finding in the file
// is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17

#include <mysql/mysql.h>

#include <string>

void logWarning(const std::string &Message);

class SqlStorage {
public:
  virtual ~SqlStorage() = default;
  virtual int insert(const std::string &Statement) = 0;
  virtual bool execute(const std::string &Statement) = 0;
};

class MySqlStorage : public SqlStorage {
public:
  int insert(const std::string &Statement) override;
  bool execute(const std::string &Statement) override;

private:
  void reportError(const std::string &Statement) {
    logWarning(Statement + ": " + mysql_error(Db));
  }
  MYSQL *Db = nullptr;
};

int MySqlStorage::insert(const std::string &Statement) {
  if (!Db)
    return 0;
  if (mysql_real_query(Db, Statement.data(), Statement.size())) {
    reportError(Statement);
    return 0;
  }
  return static_cast<int>(mysql_insert_id(Db));
}

bool MySqlStorage::execute(const std::string &Statement) {
  if (mysql_real_query(Db, Statement.data(), Statement.size()) != 0) {
    reportError(Statement);
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The album row and its first track commit on their own.
void addAlbum(SqlStorage *Storage, const std::string &Title) {
  int Album = Storage->insert("INSERT INTO albums (name) VALUES ('" + Title + "')");
  if (Album != 0)
    Storage->insert("INSERT INTO tracks (album, title) VALUES (" +
                    std::to_string(Album) + ", 'intro')");
  // CHECK-NOTES: :[[@LINE-2]]:5: warning: 'Storage' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-5]]:15: note: the earlier write commits here on its own
}

// A failed insert is logged, and the transaction commits without it.
bool addUrl(SqlStorage *Storage, int Device, const std::string &Path) {
  if (!Storage->execute("START TRANSACTION"))
    return false;
  int Url = Storage->insert("INSERT INTO urls (device, path) VALUES (" +
                            std::to_string(Device) + ", '" + Path + "')");
  // CHECK-NOTES: :[[@LINE-2]]:13: warning: the failure of this write is not handled before transaction on 'Storage' commits; if it fails, the commit goes ahead without it [txn-commit-after-failed-write]
  if (Url == 0)
    logWarning("url not stored: " + Path);
  return Storage->execute("COMMIT");
  // CHECK-NOTES: :[[@LINE-1]]:10: note: committed here
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// The update runs only where the insert failed (the row exists): one write
// on every path.
void registerUrl(SqlStorage *Storage, int Device, const std::string &Uid) {
  const int Id = Storage->insert(
      "INSERT INTO urls (device, uid) VALUES (" + std::to_string(Device) + ", '" + Uid + "')");
  if (Id == 0) {
    logWarning("url known, updating " + Uid);
    Storage->execute("UPDATE urls SET device = " + std::to_string(Device) +
                     " WHERE uid = '" + Uid + "'");
  }
}

// A failed insert rolls the transaction back.
bool addLabel(SqlStorage *Storage, const std::string &Label) {
  if (!Storage->execute("START TRANSACTION"))
    return false;
  if (!Storage->insert("INSERT INTO labels (name) VALUES ('" + Label + "')")) {
    Storage->execute("ROLLBACK");
    return false;
  }
  return Storage->execute("COMMIT");
}
