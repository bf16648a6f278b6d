#include "store.h"
#include <cstdio>
#include <stdexcept>

// Begun by the wrapper with a plain BEGIN: a read, then a write.
bool restock(Store &s, int sku, int qty) {
  if (!s.begin())
    return false;
  long level = s.count("SELECT qty FROM stock WHERE sku = " + std::to_string(sku));
  if (level < 0) {
    s.rollback();
    return false;
  }
  if (!s.exec("UPDATE stock SET qty = qty + " + std::to_string(qty) +
              " WHERE sku = " + std::to_string(sku))) {
    s.rollback();
    return false;
  }
  return s.commit();
}

// On PostgreSQL the failed, logged update aborts the transaction: the
// insert after it fails too, and the commit rolls everything back.
bool refund(PgSession &s, long account) {
  if (!s.begin())
    return false;
  if (!s.exec("UPDATE accounts SET balance = balance + 5 WHERE id = " +
              std::to_string(account)))
    std::fprintf(stderr, "credit failed\n");
  if (!s.exec("INSERT INTO ledger (account, cents) VALUES (" +
              std::to_string(account) + ", 5)")) {
    s.rollback();
    return false;
  }
  return s.commit();
}

// The rollback runs wherever the store says a transaction is open.
bool rename(Store &s, bool atomic) {
  if (atomic && !s.begin())
    return false;
  if (!s.exec("ALTER TABLE stock RENAME TO stock_old") ||
      !s.exec("ALTER TABLE stock_new RENAME TO stock")) {
    if (s.inTransaction())
      s.rollback();
    return false;
  }
  return !atomic || s.commit();
}

// The same with a flag that PgSession's begin, in another file, sets.
bool close_account(PgSession &s, long account) {
  try {
    if (!s.begin())
      return false;
    if (!s.exec("DELETE FROM accounts WHERE id = " + std::to_string(account)))
      throw std::runtime_error("delete failed");
    return s.commit();
  } catch (const std::exception &) {
    if (s.inTransaction())
      s.rollback();
    return false;
  }
}
