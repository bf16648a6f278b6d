// How model names match declarations (Inputs/model-names.json):
// "acme::Pool::Txn" names the nested class of every acme::Pool<T> (template
// arguments are ignored at every level), and non-static member functions
// listed under "functions" match calls on any object, implicit 'this'
// included, with the object as their handle.
//
// RUN: %check_txnlint --model=%S/Inputs/model-names.json %s txn-missing-rollback %t -- -- -std=c++17
// RUN: %txnlint --model=%S/Inputs/model-names.json --dump-events --exit-zero %s -- -std=c++17 2>/dev/null | FileCheck --check-prefix=DUMP --implicit-check-not=remark: --implicit-check-not=warning: %s
//
// --check-model (and --dump-events) warn about a user model's type or
// function that names no declaration here; every name above matches.
// RUN: %txnlint --model=%S/Inputs/model-names.json --check-model %s -- -std=c++17 > %t.matched 2>&1; echo "exit=$?" >> %t.matched
// RUN: FileCheck --check-prefix=MATCHED --implicit-check-not=warning: --input-file=%t.matched %s
// MATCHED: exit=0
// RUN: %txnlint --model=%S/Inputs/model-names-unmatched.json --check-model %s -- -std=c++17 > %t.unmatched 2>/dev/null; echo "exit=$?" >> %t.unmatched
// RUN: FileCheck --check-prefix=UNMATCHED -DDIR=%S/Inputs --implicit-check-not=warning: --input-file=%t.unmatched %s
// UNMATCHED-DAG: warning: [[DIR]]/model-names-unmatched.json:7:18: type 'acme::Txn' of the model matches no class declared in this translation unit; nothing will be recognized through it [txnlint-check-model]
// UNMATCHED-DAG: warning: [[DIR]]/model-names-unmatched.json:11:18: function 'acme::Repo::rollback' of the model matches no function declared in this translation unit; no call will be recognized through it [txnlint-check-model]
// UNMATCHED: exit=1
// RUN: %txnlint --model=%S/Inputs/model-names-unmatched.json --dump-events --exit-zero %s -- -std=c++17 2>/dev/null | FileCheck --check-prefix=UNMATCHED-DUMP %s
// UNMATCHED-DUMP: warning: {{.*}} type 'acme::Txn' of the model matches no class

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
