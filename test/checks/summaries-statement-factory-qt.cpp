// A database class in the shape of Tomahawk's DatabaseImpl: queries are made
// by a factory method on the connection the object keeps (`TomahawkSqlQuery
// newquery() { return TomahawkSqlQuery(m_db); }`), and commands run their
// statements from a virtual exec() that a worker calls inside its
// transaction. Every txn-* check runs, so every finding in the file is
// listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17 %qt5_flags

#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlDatabase>
#include <QtSql/QSqlQuery>

void logLine(const QString &Message);

class TomahawkSqlQuery : public QSqlQuery {
public:
  explicit TomahawkSqlQuery(const QSqlDatabase &Db) : QSqlQuery(Db) {}
};

class DatabaseImpl {
public:
  QSqlDatabase &database() { return Db; }
  TomahawkSqlQuery newquery() { return TomahawkSqlQuery(Db); }
  bool removeSource(int SourceId);

private:
  QSqlDatabase Db;
};

class DatabaseCommand {
public:
  virtual ~DatabaseCommand() = default;
  void run(DatabaseImpl *Lib) { exec(Lib); }

protected:
  virtual void exec(DatabaseImpl *Lib) = 0;
};

//===----------------------------------------------------------------------===//
// Positives
//===----------------------------------------------------------------------===//

// The files and the source row are deleted in autocommit.
bool DatabaseImpl::removeSource(int SourceId) {
  TomahawkSqlQuery Files = newquery();
  Files.prepare("DELETE FROM file WHERE source = ?");
  Files.addBindValue(SourceId);
  if (!Files.exec()) {
    logLine("could not delete the files");
    return false;
  }
  TomahawkSqlQuery Source = newquery();
  Source.prepare("DELETE FROM source WHERE id = ?");
  Source.addBindValue(SourceId);
  return Source.exec();
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'Db' is written again outside any transaction; each write commits on its own, so a failure between them leaves a partial write [txn-autocommit-multi-write]
  // CHECK-NOTES: :[[@LINE-9]]:8: note: the earlier write commits here on its own
}

//===----------------------------------------------------------------------===//
// Negatives: nothing below may be reported.
//===----------------------------------------------------------------------===//

// Run only by the worker below, inside its transaction.
class DeleteFiles : public DatabaseCommand {
protected:
  void exec(DatabaseImpl *Lib) override {
    TomahawkSqlQuery Join = Lib->newquery();
    Join.prepare("DELETE FROM file_join WHERE file = ?");
    Join.addBindValue(Id);
    if (!Join.exec())
      throw "file_join";
    TomahawkSqlQuery File = Lib->newquery();
    File.prepare("DELETE FROM file WHERE id = ?");
    File.addBindValue(Id);
    if (!File.exec())
      throw "file";
  }

private:
  int Id = 0;
};

bool work(DatabaseImpl *Lib, DatabaseCommand *Command) {
  if (!Lib->database().transaction())
    return false;
  try {
    Command->run(Lib);
  } catch (...) {
    Lib->database().rollback();
    return false;
  }
  if (!Lib->database().commit()) {
    Lib->database().rollback();
    return false;
  }
  return true;
}
