// A class that keeps a library transaction in a member, built on the heap
// by one method and ended by others: `m_work =
// std::make_unique<pqxx::work>(m_conn)`, `m_txn.reset(new pqxx::work(...))`
// or a plain pointer. The methods are summarized as operations on the
// object, so a caller's `store.begin(); ...; store.commit();` is a
// transaction on `store` that the caller owns: an exception or an early
// return in between leaves it open (txn-missing-rollback), and its commit
// is not a commit of a transaction the caller received
// (txn-commit-in-callee). Every txn-* check runs, so every finding in the
// file is listed.
//
// RUN: %check_txnlint %s 'txn-*' %t -- -- -std=c++17

#include <pqxx/pqxx>

#include <memory>
#include <string>

class Batch {
public:
  explicit Batch(pqxx::connection &conn) : m_conn(conn) {}
  void begin() { m_work = std::make_unique<pqxx::work>(m_conn); }
  void add(const std::string &row) {
    m_work->exec0("INSERT INTO rows VALUES (" + m_work->quote(row) + ")");
  }
  void commit() {
    m_work->commit();
    m_work.reset();
  }
  void abort() {
    m_work->abort();
    m_work.reset();
  }

private:
  pqxx::connection &m_conn;
  std::unique_ptr<pqxx::work> m_work;
};

// The same with reset(new ...) and a plain pointer.
class Session {
public:
  explicit Session(pqxx::connection &conn) : m_conn(conn) {}
  void start() { m_txn.reset(new pqxx::work(m_conn)); }
  void finish() { m_txn->commit(); }

private:
  pqxx::connection &m_conn;
  std::unique_ptr<pqxx::work> m_txn;
};

class RawSession {
public:
  explicit RawSession(pqxx::connection &conn) : m_conn(conn) {}
  void start() { m_txn = new pqxx::work(m_conn); }
  void finish() {
    m_txn->commit();
    delete m_txn;
    m_txn = nullptr;
  }

private:
  pqxx::connection &m_conn;
  pqxx::work *m_txn = nullptr;
};

// Either add may throw: the batch stays open.
void load(Batch &batch) {
  batch.begin();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'batch' is left open on some path out of 'load'; commit or roll it back before leaving [txn-missing-rollback]
  batch.add("a");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  batch.add("b");
  // CHECK-NOTES: :[[@LINE-1]]:3: note: transaction is still open when an exception leaves the function here
  batch.commit();
}

// Handled: aborted when anything throws.
void loadGuarded(Batch &batch) {
  batch.begin();
  try {
    batch.add("a");
    batch.add("b");
    batch.commit();
  } catch (...) {
    batch.abort();
    throw;
  }
}

bool loadSome(Session &session, bool empty) {
  session.start();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'session' is left open on some path out of 'loadSome'; commit or roll it back before leaving [txn-missing-rollback]
  if (empty)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  session.finish();
  return true;
}

bool loadRaw(RawSession &session, bool empty) {
  session.start();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: transaction begun on 'session' is left open on some path out of 'loadRaw'; commit or roll it back before leaving [txn-missing-rollback]
  if (empty)
    return false;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open at this return
  session.finish();
  return true;
}

void loadRawOk(RawSession &session) {
  session.start();
  session.finish();
}

// A unit of work that runs its caller's callable in a transaction kept in a
// member: resetting the member destroys the pqxx::work, which aborts it, so
// the rethrowing handler leaves nothing open.
class UnitOfWork {
public:
  explicit UnitOfWork(pqxx::connection &conn) : m_conn(conn) {}
  template <typename Body> void run(Body body) {
    m_work = std::make_unique<pqxx::work>(m_conn);
    try {
      body(*m_work);
    } catch (...) {
      m_work.reset();
      throw;
    }
    m_work->commit();
    m_work.reset();
  }
  void start() {
    m_work = std::make_unique<pqxx::work>(m_conn);
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: transaction begun on 'm_work' is left open on some path out of 'UnitOfWork::start'; commit or roll it back before leaving [txn-missing-rollback]
    m_work->exec0("UPDATE jobs SET started = now()");
    // CHECK-NOTES: :[[@LINE-1]]:5: note: transaction is still open when an exception leaves the function here
    m_work->commit();
    m_work.reset();
  }

private:
  pqxx::connection &m_conn;
  std::unique_ptr<pqxx::work> m_work;
};

void archive(UnitOfWork &uow) {
  uow.run([](pqxx::work &w) { w.exec0("DELETE FROM sessions"); });
}
