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
  // PostgreSQL spells a rollback ABORT too.
  EXPECT_EQ(kinds("ABORT"), Kinds{"rollback"});
  EXPECT_EQ(kinds("abort transaction"), Kinds{"rollback"});
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

/// The access of the only statement of \p Sql.
SqlAccess accessOf(llvm::StringRef Sql) {
  auto S = classifySql(Sql);
  EXPECT_EQ(S.size(), 1u) << Sql.str();
  return S.empty() ? SqlAccess() : S[0].Access;
}

using Tables = std::vector<std::string>;

TEST(SqlClassifierTest, TablesWritten) {
  EXPECT_EQ(accessOf("INSERT INTO Orders (id) VALUES (?)").Written, Tables{"orders"});
  EXPECT_EQ(accessOf("insert or replace into \"stock\" values (1)").Written,
            Tables{"stock"});
  EXPECT_EQ(accessOf("UPDATE public.accounts SET x = 1").Written,
            Tables{"accounts"});
  EXPECT_EQ(accessOf("UPDATE OR IGNORE t SET x = 1").Written, Tables{"t"});
  EXPECT_EQ(accessOf("DELETE FROM `carts` WHERE id = 1").Written, Tables{"carts"});
  EXPECT_EQ(accessOf("REPLACE INTO kv VALUES (1, 2)").Written, Tables{"kv"});
  EXPECT_EQ(accessOf("MERGE INTO t USING s ON t.id = s.id").Written, Tables{"t"});
  EXPECT_EQ(accessOf("MERGE INTO t USING s ON t.id = s.id").Read, Tables{"s"});
  // Upserts write their table once; their UPDATE names no other table.
  SqlAccess Upsert = accessOf(
      "INSERT INTO stock (sku, qty) VALUES (?, ?) ON CONFLICT (sku) DO "
      "UPDATE SET qty = stock.qty + excluded.qty");
  EXPECT_EQ(Upsert.Written, Tables{"stock"});
  EXPECT_TRUE(Upsert.Locked.empty());
  SqlAccess MySqlUpsert = accessOf(
      "INSERT INTO stock VALUES (?, ?) ON DUPLICATE KEY UPDATE qty = qty + 1");
  EXPECT_EQ(MySqlUpsert.Written, Tables{"stock"});
  EXPECT_TRUE(MySqlUpsert.Locked.empty());
  // INSERT ... SELECT reads the other table; DELETE ... USING too.
  SqlAccess Copy = accessOf("INSERT INTO archive SELECT * FROM orders o JOIN lines l ON 1");
  EXPECT_EQ(Copy.Written, Tables{"archive"});
  EXPECT_EQ(Copy.Read, (Tables{"orders", "lines"}));
  EXPECT_EQ(accessOf("DELETE FROM t WHERE id IN (SELECT id FROM u)").Read,
            Tables{"u"});
  // A data-modifying CTE writes; the CTE's own name is no table.
  SqlAccess Cte = accessOf("WITH gone AS (DELETE FROM t RETURNING *) "
                           "INSERT INTO log SELECT * FROM gone");
  EXPECT_EQ(Cte.Written, (Tables{"t", "log"}));
  EXPECT_TRUE(Cte.Read.empty());
  // DDL names no data access.
  EXPECT_TRUE(accessOf("CREATE TABLE t AS SELECT * FROM u").Written.empty());
}

TEST(SqlClassifierTest, UnterminatedQuote) {
  // A text ending inside a quote is the start of one the program completes
  // (`"DELETE FROM t WHERE name='" + name + "';"`): still a statement.
  EXPECT_EQ(kinds("DELETE FROM variables WHERE name='"), Kinds{"write"});
  EXPECT_EQ(accessOf("DELETE FROM variables WHERE name='").Written,
            Tables{"variables"});
}

TEST(SqlClassifierTest, TriggerBody) {
  // The body's BEGIN and END belong to the trigger, its statements too.
  EXPECT_EQ(kinds("CREATE TRIGGER IF NOT EXISTS tags_delete AFTER DELETE ON "
                  "tags FOR EACH ROW BEGIN DELETE FROM global_tags WHERE "
                  "tag_id = OLD.id; END; CREATE INDEX kind_idx ON tags(kind);"),
            (Kinds{"write", "write"}));
  EXPECT_EQ(kinds("CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET n = "
                  "n + 1; INSERT INTO c VALUES (1); END"),
            Kinds{"write"});
  EXPECT_EQ(kinds("CREATE TABLE t (x); BEGIN; END;"),
            (Kinds{"write", "begin", "commit"}));
}

TEST(SqlClassifierTest, TablesLockedAndRead) {
  SqlAccess Plain = accessOf("SELECT a.x, b.y FROM accounts a, branches AS b WHERE 1");
  EXPECT_EQ(Plain.Read, (Tables{"accounts", "branches"}));
  EXPECT_TRUE(Plain.Locked.empty());
  for (const char *Lock : {"FOR UPDATE", "for no key update", "FOR SHARE",
                           "FOR KEY SHARE", "FOR UPDATE SKIP LOCKED",
                           "LOCK IN SHARE MODE", "FOR UPDATE OF a NOWAIT"}) {
    SqlAccess Locking = accessOf(
        std::string("SELECT x FROM accounts a JOIN branches b ON 1 WHERE 1 ") + Lock);
    EXPECT_EQ(Locking.Locked, (Tables{"accounts", "branches"})) << Lock;
    EXPECT_TRUE(Locking.Read.empty()) << Lock;
  }
  EXPECT_EQ(accessOf("LOCK TABLE accounts IN EXCLUSIVE MODE").Locked,
            Tables{"accounts"});
  EXPECT_EQ(accessOf("LOCK TABLES a WRITE, b READ").Locked, (Tables{"a", "b"}));
  // FROM in a function call is no table.
  EXPECT_EQ(accessOf("SELECT EXTRACT(YEAR FROM created) FROM orders").Read,
            Tables{"orders"});
  EXPECT_EQ(accessOf("SELECT x FROM (SELECT y FROM inner_t) sub").Read,
            Tables{"inner_t"});
  EXPECT_EQ(accessOf("WITH c AS (SELECT 1 FROM t) SELECT * FROM c").Read,
            Tables{"t"});
}

TEST(SqlClassifierTest, Assignments) {
  SqlAccess Relative = accessOf("UPDATE accounts SET balance = balance - ? WHERE id = ?");
  EXPECT_TRUE(Relative.SelfRelativeUpdate);
  EXPECT_TRUE(Relative.AssignedColumns.empty());
  EXPECT_TRUE(accessOf("update t set n = t.n + 1, m = m * 2").SelfRelativeUpdate);
  SqlAccess Absolute = accessOf("UPDATE accounts SET balance = ? WHERE id = ?");
  EXPECT_FALSE(Absolute.SelfRelativeUpdate);
  EXPECT_EQ(Absolute.AssignedColumns, Tables{"balance"});
  EXPECT_FALSE(Absolute.ChecksVersion);
  SqlAccess Mixed = accessOf("UPDATE t SET n = n + 1, note = ?, k = s.k FROM s");
  EXPECT_FALSE(Mixed.SelfRelativeUpdate);
  EXPECT_EQ(Mixed.AssignedColumns, (Tables{"note", "k"}));
  EXPECT_TRUE(accessOf("UPDATE t SET qty = ?, version = version + 1 WHERE id = ? "
                       "AND version = ?")
                  .ChecksVersion);
  // Compare-and-set on the assigned column itself.
  EXPECT_TRUE(accessOf("UPDATE customers SET points = $1 WHERE id = $2 AND "
                       "points = $3")
                  .ChecksVersion);
  EXPECT_FALSE(accessOf("UPDATE customers SET points = $1 WHERE id = $2 AND "
                        "tier = $3")
                   .ChecksVersion);
}

TEST(SqlClassifierTest, IsolationLevels) {
  EXPECT_EQ(accessOf("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE").Isolation,
            "SERIALIZABLE");
  EXPECT_EQ(accessOf("BEGIN ISOLATION LEVEL REPEATABLE READ").Isolation,
            "REPEATABLE READ");
  EXPECT_EQ(accessOf("START TRANSACTION ISOLATION LEVEL READ COMMITTED, READ WRITE")
                .Isolation,
            "READ COMMITTED");
  EXPECT_EQ(accessOf("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION "
                     "LEVEL READ UNCOMMITTED")
                .Isolation,
            "READ UNCOMMITTED");
  EXPECT_EQ(accessOf("BEGIN IMMEDIATE").Isolation, "");
  EXPECT_TRUE(accessOf("BEGIN").Written.empty());
}

} // namespace
