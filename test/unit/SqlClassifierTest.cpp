//===--- SqlClassifierTest.cpp --------------------------------------------===//

#include "model/SqlClassifier.h"
#include "gtest/gtest.h"

using namespace txnlint;

namespace {

/// The statement kinds of \p Sql, as names, for compact expectations.
std::vector<std::string> kinds(llvm::StringRef Sql) {
  std::vector<std::string> Names;
  for (const SqlStatement &S : classifySql(Sql))
    Names.push_back(sqlStatementKindName(S.K).str());
  return Names;
}

using Kinds = std::vector<std::string>;

TEST(SqlClassifierTest, TransactionControl) {
  EXPECT_EQ(kinds("BEGIN"), Kinds{"begin"});
  EXPECT_EQ(kinds("begin transaction"), Kinds{"begin"});
  EXPECT_EQ(kinds("BEGIN WORK"), Kinds{"begin"});
  EXPECT_EQ(kinds("START TRANSACTION"), Kinds{"begin"});
  EXPECT_EQ(kinds("COMMIT"), Kinds{"commit"});
  EXPECT_EQ(kinds("commit transaction;"), Kinds{"commit"});
  EXPECT_EQ(kinds("END"), Kinds{"commit"});
  EXPECT_EQ(kinds("END TRANSACTION"), Kinds{"commit"});
  EXPECT_EQ(kinds("ROLLBACK"), Kinds{"rollback"});
  EXPECT_EQ(kinds("rollback transaction"), Kinds{"rollback"});
}

TEST(SqlClassifierTest, BeginModifiers) {
  for (const char *Mode : {"DEFERRED", "IMMEDIATE", "EXCLUSIVE"}) {
    auto S = classifySql(std::string("begin ") + Mode + " transaction");
    ASSERT_EQ(S.size(), 1u);
    EXPECT_EQ(S[0].K, SqlStatement::Begin);
    EXPECT_EQ(S[0].Modifier, Mode);
  }
  // START without TRANSACTION is not a begin.
  EXPECT_EQ(kinds("START SLAVE"), Kinds{"unknown"});
}

TEST(SqlClassifierTest, Savepoints) {
  auto S = classifySql("SAVEPOINT Before_Import");
  ASSERT_EQ(S.size(), 1u);
  EXPECT_EQ(S[0].K, SqlStatement::Savepoint);
  EXPECT_EQ(S[0].Name, "before_import");

  S = classifySql("RELEASE SAVEPOINT sp1");
  ASSERT_EQ(S.size(), 1u);
  EXPECT_EQ(S[0].K, SqlStatement::Release);
  EXPECT_EQ(S[0].Name, "sp1");

  S = classifySql("release sp1");
  ASSERT_EQ(S.size(), 1u);
  EXPECT_EQ(S[0].K, SqlStatement::Release);
  EXPECT_EQ(S[0].Name, "sp1");

  for (const char *Sql : {"ROLLBACK TO sp1", "ROLLBACK TO SAVEPOINT sp1",
                          "rollback transaction to savepoint sp1",
                          "ROLLBACK TO \"sp1\""}) {
    S = classifySql(Sql);
    ASSERT_EQ(S.size(), 1u) << Sql;
    EXPECT_EQ(S[0].K, SqlStatement::RollbackTo) << Sql;
    EXPECT_EQ(S[0].Name, "sp1") << Sql;
  }
}

TEST(SqlClassifierTest, SetTransaction) {
  auto S = classifySql("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
  ASSERT_EQ(S.size(), 1u);
  EXPECT_EQ(S[0].K, SqlStatement::SetTransaction);
  EXPECT_EQ(S[0].Modifier, "ISOLATION LEVEL SERIALIZABLE");
  EXPECT_EQ(kinds("SET SESSION TRANSACTION READ ONLY"), Kinds{"set-transaction"});
}

TEST(SqlClassifierTest, SettingsAreNotWrites) {
  for (const char *Sql :
       {"SET search_path = x", "set names utf8mb4", "SET LOCAL lock_timeout = 5",
        "PRAGMA foreign_keys = ON", "pragma journal_mode=WAL",
        "PRAGMA main.cache_size(-2000)", "PRAGMA user_version",
        "PRAGMA table_info(t)", "ATTACH DATABASE 'x.db' AS x", "DETACH x",
        "ANALYZE", "SHOW search_path", "EXPLAIN QUERY PLAN SELECT 1"})
    EXPECT_EQ(kinds(Sql), Kinds{"read"}) << Sql;
}

TEST(SqlClassifierTest, PragmasThatWriteTheFile) {
  // The file header's version fields change with the transaction, like a
  // schema change.
  for (const char *Sql : {"PRAGMA user_version = 3", "pragma main.user_version=3",
                          "PRAGMA application_id(42)",
                          "PRAGMA schema_version = 7"}) {
    auto S = classifySql(Sql);
    ASSERT_EQ(S.size(), 1u) << Sql;
    EXPECT_EQ(S[0].K, SqlStatement::Write) << Sql;
    EXPECT_EQ(S[0].Modifier, "SCHEMA") << Sql;
  }
}

TEST(SqlClassifierTest, UnrecognizedStaysUnknown) {
  EXPECT_EQ(kinds("? = 1"), Kinds{"unknown"});
  EXPECT_EQ(kinds("CALL transfer(1, 2)"), Kinds{"unknown"});
  EXPECT_EQ(kinds("VACUUM"), Kinds{"unknown"});
}

TEST(SqlClassifierTest, ReadsAndWrites) {
  EXPECT_EQ(kinds("SELECT * FROM t"), Kinds{"read"});
  EXPECT_EQ(kinds("with x as (select 1) select * from x"), Kinds{"read"});
  EXPECT_EQ(kinds("WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone"),
            Kinds{"write"});
  for (const char *Sql :
       {"INSERT INTO t VALUES (1)", "update t set x = 1", "DELETE FROM t",
        "REPLACE INTO t VALUES (1)", "CREATE TABLE t (x)", "DROP TABLE t",
        "ALTER TABLE t ADD y", "TRUNCATE t", "MERGE INTO t USING s ON 1"})
    EXPECT_EQ(kinds(Sql), Kinds{"write"}) << Sql;
}

TEST(SqlClassifierTest, CaseWhitespaceAndComments) {
  EXPECT_EQ(kinds("  \n\tbEgIn  "), Kinds{"begin"});
  EXPECT_EQ(kinds("-- start the batch\nBEGIN"), Kinds{"begin"});
  EXPECT_EQ(kinds("/* outer */ /* second */ COMMIT"), Kinds{"commit"});
  EXPECT_EQ(kinds(""), Kinds{});
  EXPECT_EQ(kinds(" ; ;; -- only a comment"), Kinds{});
}

TEST(SqlClassifierTest, SeveralStatements) {
  EXPECT_EQ(kinds("BEGIN; INSERT INTO t VALUES(1); COMMIT;"),
            (Kinds{"begin", "write", "commit"}));
  // Semicolons inside strings, quoted names and comments do not split.
  EXPECT_EQ(kinds("INSERT INTO t VALUES ('a;COMMIT'); -- ; ROLLBACK\nSELECT 1"),
            (Kinds{"write", "read"}));
  EXPECT_EQ(kinds("SAVEPOINT \"a;b\"; RELEASE \"a;b\""),
            (Kinds{"savepoint", "release-savepoint"}));
  EXPECT_EQ(kinds("/* ; */ BEGIN"), Kinds{"begin"});
}

} // namespace
