#pragma once
#include <QtCore/QString>
#include <QtSql/QSqlDatabase>

// A server's store: one connection, a nesting level, an accessor for the
// connection (defined in datastore.cpp).
class DataStore {
public:
  bool beginTransaction(const QString &name);
  bool commitTransaction();
  bool rollbackTransaction();
  QSqlDatabase database();

private:
  QSqlDatabase m_database;
  int m_level = 0;
};

// Begins in its constructor unless told not to; rolls back unless
// committed.
class Transaction {
public:
  Transaction(DataStore *store, const QString &name, bool begin = true);
  ~Transaction();
  void begin();
  bool commit();

private:
  DataStore *m_store;
  QString m_name;
  bool m_done = false;
};
