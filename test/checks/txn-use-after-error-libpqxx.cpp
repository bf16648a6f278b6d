// txn-use-after-error with libpqxx 6, compiled against the real headers in
// /usr/include/pqxx. Every exec reports failure by throwing; on PostgreSQL
// the failed statement aborts the transaction, so after a handler that goes
// on, every statement of the transaction fails ("current transaction is
// aborted") and its commit rolls back.
//
// RUN: %check_txnlint %s txn-use-after-error %t -- -- -std=c++17

#include <pqxx/pqxx>

#include <string>

void log_error(const std::string &text);

// The handler logs and the transaction goes on.
void record_sale(pqxx::connection &conn) {
  pqxx::work txn(conn);
  try {
    txn.exec0("UPDATE stock SET n = n - 1 WHERE sku = 7");
  } catch (const pqxx::sql_error &e) {
    log_error(e.what());
  }
  txn.exec0("INSERT INTO sales (sku) VALUES (7)");
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'txn' is used after a statement of it failed; the failure aborted the transaction, so this statement fails too: roll back, or roll back to a savepoint taken before the failure, first [txn-use-after-error]
  // CHECK-NOTES: :[[@LINE-6]]:5: note: the statement that failed
  txn.commit();
}

// The handler itself writes through the failed transaction.
void record_sale_logged(pqxx::work &txn) {
  try {
    txn.exec0("UPDATE stock SET n = n - 1 WHERE sku = 7");
  } catch (const pqxx::sql_error &e) {
    txn.exec0("INSERT INTO errors (text) VALUES ('stock')");
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: transaction 'txn' is used after a statement of it failed; the failure aborted the transaction, so this statement fails too: roll back, or roll back to a savepoint taken before the failure, first [txn-use-after-error]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: the statement that failed
  }
}

// A commit after the handler: nothing is stored.
void reserve(pqxx::connection &conn) {
  pqxx::work txn(conn);
  try {
    txn.exec0("INSERT INTO reservations (sku) VALUES (7)");
  } catch (const pqxx::unique_violation &) {
    log_error("already reserved");
  }
  txn.commit();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'txn' is committed after a statement of it failed; the failure aborted the transaction, so the commit rolls back every write of it [txn-use-after-error]
  // CHECK-NOTES: :[[@LINE-6]]:5: note: the statement that failed
}

// A retry loop around one transaction declared outside it: the second
// attempt runs in the aborted transaction.
void import_rows(pqxx::connection &conn, int attempts) {
  pqxx::work txn(conn);
  for (int i = 0; i < attempts; ++i) {
    try {
      txn.exec0("INSERT INTO imports SELECT * FROM staging");
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: transaction 'txn' is used after a statement of it failed; the failure aborted the transaction, so this statement fails too: roll back, or roll back to a savepoint taken before the failure, first [txn-use-after-error]
      // CHECK-NOTES: :[[@LINE-2]]:7: note: the statement that failed
      break;
    } catch (const pqxx::deadlock_detected &) {
      log_error("deadlock, retrying");
    }
  }
  txn.commit();
}

//===-- Not bugs -----------------------------------------------------------===//

// Rolled back to a savepoint taken before the failing statement.
void record_sale_or_skip(pqxx::work &txn) {
  txn.exec0("SAVEPOINT sale");
  try {
    txn.exec0("UPDATE stock SET n = n - 1 WHERE sku = 7");
  } catch (const pqxx::sql_error &e) {
    txn.exec0("ROLLBACK TO SAVEPOINT sale");
    log_error(e.what());
  }
  txn.exec0("INSERT INTO sales (sku) VALUES (7)");
  txn.exec0("RELEASE SAVEPOINT sale");
}

// A subtransaction: its destructor rolls back to its savepoint.
void record_sale_sub(pqxx::work &txn) {
  try {
    pqxx::subtransaction sub(txn, "sale");
    sub.exec0("UPDATE stock SET n = n - 1 WHERE sku = 7");
    sub.commit();
  } catch (const pqxx::sql_error &e) {
    log_error(e.what());
  }
  txn.exec0("INSERT INTO sales (sku) VALUES (7)");
}

// A new transaction per attempt.
void import_rows_retried(pqxx::connection &conn, int attempts) {
  for (int i = 0; i < attempts; ++i) {
    pqxx::work txn(conn);
    try {
      txn.exec0("INSERT INTO imports SELECT * FROM staging");
      txn.commit();
      return;
    } catch (const pqxx::deadlock_detected &) {
      log_error("deadlock, retrying");
    }
  }
}

// The transaction declared inside the try: the exception destroys it
// (rolled back) before the handler runs, and the next attempt begins anew.
bool archive_retried(pqxx::connection &conn, int attempts) {
  for (int i = 0; i < attempts; ++i) {
    try {
      pqxx::work txn(conn);
      txn.exec0("INSERT INTO archive SELECT * FROM staging");
      txn.commit();
      return true;
    } catch (const pqxx::deadlock_detected &) {
      log_error("deadlock, retrying");
    }
  }
  return false;
}

// The handler aborts the transaction, rethrows, or returns.
void record_sale_aborted(pqxx::connection &conn) {
  pqxx::work txn(conn);
  try {
    txn.exec0("UPDATE stock SET n = n - 1 WHERE sku = 7");
  } catch (const pqxx::sql_error &e) {
    txn.abort();
    log_error(e.what());
    return;
  }
  txn.exec0("INSERT INTO sales (sku) VALUES (7)");
  txn.commit();
}

// The handler sets a flag that decides between going on and aborting.
void record_sale_flagged(pqxx::connection &conn) {
  pqxx::work txn(conn);
  bool failed = false;
  try {
    txn.exec0("UPDATE stock SET n = n - 1 WHERE sku = 7");
  } catch (const pqxx::sql_error &e) {
    log_error(e.what());
    failed = true;
  }
  if (failed) {
    txn.abort();
    return;
  }
  txn.exec0("INSERT INTO sales (sku) VALUES (7)");
  txn.commit();
}

void record_sale_rethrown(pqxx::work &txn) {
  try {
    txn.exec0("UPDATE stock SET n = n - 1 WHERE sku = 7");
  } catch (const pqxx::sql_error &e) {
    log_error(e.what());
    throw;
  }
  txn.exec0("INSERT INTO sales (sku) VALUES (7)");
}

// pqxx::perform retries the whole transaction, begun inside the callable.
void record_sale_performed(pqxx::connection &conn) {
  pqxx::perform([&conn] {
    pqxx::work txn(conn);
    txn.exec0("UPDATE stock SET n = n - 1 WHERE sku = 7");
    txn.exec0("INSERT INTO sales (sku) VALUES (7)");
    txn.commit();
  });
}

// The failure is on another transaction.
void copy_rows(pqxx::connection &source, pqxx::connection &target) {
  pqxx::work out(target);
  {
    pqxx::work in(source);
    try {
      in.exec0("UPDATE staging SET exported = true");
    } catch (const pqxx::sql_error &e) {
      log_error(e.what());
    }
  }
  out.exec0("INSERT INTO imports VALUES (1)");
  out.commit();
}

// A nontransaction runs each statement on its own.
void log_visits(pqxx::connection &conn) {
  pqxx::nontransaction txn(conn);
  try {
    txn.exec0("INSERT INTO visits VALUES (1)");
  } catch (const pqxx::sql_error &) {
  }
  txn.exec0("INSERT INTO visits VALUES (2)");
}

// A helper of the program that catches its statement's failure and only
// logs it: the caller's next statement runs in the aborted transaction.
void exec_logged(pqxx::work &w, const std::string &sql) {
  try {
    w.exec0(sql);
  } catch (const pqxx::sql_error &e) {
    log_error(e.what());
  }
}

void delete_node(pqxx::connection &conn, long id) {
  pqxx::work w(conn);
  exec_logged(w, "DELETE FROM node_tags WHERE node_id = " + std::to_string(id));
  w.exec0("UPDATE nodes SET visible = false WHERE id = " + std::to_string(id));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction 'w' is used after a statement of it failed; the failure aborted the transaction, so this statement fails too: roll back, or roll back to a savepoint taken before the failure, first [txn-use-after-error]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the statement that failed
  w.commit();
}

// Negative: the helper rethrows, and the caller's transaction object rolls
// back as the exception leaves.
void exec_rethrowing(pqxx::work &w, const std::string &sql) {
  try {
    w.exec0(sql);
  } catch (const pqxx::sql_error &e) {
    log_error(e.what());
    throw;
  }
}

void delete_way(pqxx::connection &conn, long id) {
  pqxx::work w(conn);
  exec_rethrowing(w, "DELETE FROM way_tags WHERE way_id = " + std::to_string(id));
  w.exec0("UPDATE ways SET visible = false WHERE id = " + std::to_string(id));
  w.commit();
}
