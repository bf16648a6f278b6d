// A Qt application's transaction guard, its constructor and commit in
// transaction.cpp: it keeps the connection it is given in a member.
#pragma once
#include <QtSql/QSqlDatabase>

class Transaction {
public:
  explicit Transaction(QSqlDatabase db);
  ~Transaction();
  bool isActive() const { return m_active; }
  bool commit();

private:
  QSqlDatabase m_db;
  bool m_active = false;
  bool m_done = false;
};
