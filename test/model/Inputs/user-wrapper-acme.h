// An in-house database wrapper, as a company might write one: the kind of
// code txnlint learns about from a user model (user-wrapper-model.json).

#ifndef ACME_DATABASE_H
#define ACME_DATABASE_H

#include <string>

namespace acme {

class Database {
public:
  // Manual transactions; each returns false on failure.
  bool BeginTransaction();
  bool CommitTransaction();
  bool RollbackTransaction();
  bool Execute(const std::string &sql);
  int LastError() const;
};

// Begins a transaction on construction and commits it when it goes out of
// scope.
class ScopedTransaction {
public:
  explicit ScopedTransaction(Database &db);
  ~ScopedTransaction();
  ScopedTransaction(const ScopedTransaction &) = delete;
  ScopedTransaction &operator=(const ScopedTransaction &) = delete;
};

// Begins a transaction on construction and rolls it back when it goes out of
// scope, unless Commit() was called.
class TxnGuard {
public:
  explicit TxnGuard(Database &db);
  ~TxnGuard();
  void Commit();
  TxnGuard(const TxnGuard &) = delete;
  TxnGuard &operator=(const TxnGuard &) = delete;
};

} // namespace acme

#endif
