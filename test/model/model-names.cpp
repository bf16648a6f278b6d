// How model names match declarations (Inputs/model-names.json):
// "acme::Pool::Txn" names the nested class of every acme::Pool<T> (template
// arguments are ignored at every level), and non-static member functions
// listed under "functions" match calls on any object, implicit 'this'
// included, with the object as their handle.
//
// RUN: %check_txnlint --model=%S/Inputs/model-names.json %s txn-missing-rollback %t -- -- -std=c++17
// RUN: %txnlint --model=%S/Inputs/model-names.json --dump-events --exit-zero %s -- -std=c++17 2>/dev/null | FileCheck --check-prefix=DUMP --implicit-check-not=remark: %s

namespace acme {
template <typename Connection> class Pool {
public:
  class Txn {
  public:
    explicit Txn(Pool &P);
    void commit();
    ~Txn();
  };
};

class Repo {
public:
  bool begin();
  bool commit();
  void exec(const char *Sql);
  bool save(int Id);
  bool saveAll(int Id);
};

template <typename T> void copy(T &From, Repo &To);
} // namespace acme

void pooled(acme::Pool<int> &Pool, bool Ok) {
  // DUMP: :[[@LINE+1]]:24: remark: begin on 'Txn' (RAII) [txnlint-dump-events]
  acme::Pool<int>::Txn Txn(Pool);
  if (!Ok)
    return;
  // DUMP: :[[@LINE-1]]:5: remark: rollback on 'Txn' (destructor) [txnlint-dump-events]
  // DUMP: :[[@LINE+1]]:3: remark: commit on 'Txn' [txnlint-dump-events]
  Txn.commit();
  // DUMP: :[[@LINE+1]]:1: remark: rollback on 'Txn' (destructor) [txnlint-dump-events]
}

bool acme::Repo::save(int Id) {
  // DUMP: :[[@LINE+2]]:8: remark: begin on '{{.*}}' (failure: returns-bool) [txnlint-dump-events]
  // CHECK-MESSAGES: :[[@LINE+1]]:8: warning: transaction begun on {{.*}} is left open on some path out of 'acme::Repo::save'; commit or roll it back before leaving [txn-missing-rollback]
  if (!begin())
    return false;
  // DUMP: :[[@LINE+1]]:3: remark: write on '{{.*}}' [txnlint-dump-events]
  exec("INSERT INTO orders (id) VALUES (1)");
  if (Id < 0)
    return false;
  // DUMP: :[[@LINE+1]]:10: remark: commit on '{{.*}}' (failure: returns-bool) [txnlint-dump-events]
  return commit();
}

bool outside(acme::Repo &Repo, acme::Repo &Other) {
  // DUMP: :[[@LINE+1]]:8: remark: begin on 'Repo' (failure: returns-bool) [txnlint-dump-events]
  if (!Repo.begin())
    return false;
  // A template function is named without its template arguments too.
  // DUMP: :[[@LINE+1]]:3: remark: write on 'Repo' [txnlint-dump-events]
  acme::copy(Other, Repo);
  // DUMP: :[[@LINE+1]]:10: remark: commit on 'Repo' (failure: returns-bool) [txnlint-dump-events]
  return Repo.commit();
}
