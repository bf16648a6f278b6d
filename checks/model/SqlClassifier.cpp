//===--- SqlClassifier.cpp ------------------------------------------------===//

#include "SqlClassifier.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"
#include <cctype>

using namespace llvm;

namespace txnlint {
namespace {

/// Reads SQL words, skipping whitespace and comments.
class SqlLexer {
public:
  explicit SqlLexer(StringRef Text) : Text(Text) {}

  /// The next word (identifier or keyword), upper-cased; "" at the end or at
  /// a punctuation character.
  std::string nextWord() {
    skipBlanks();
    size_t Start = Pos;
    while (Pos < Text.size() && (isalnum((unsigned char)Text[Pos]) ||
                                 Text[Pos] == '_' || Text[Pos] == '$'))
      ++Pos;
    if (Pos == Start && Pos < Text.size() &&
        (Text[Pos] == '"' || Text[Pos] == '`' || Text[Pos] == '[')) {
      // A quoted identifier, e.g. a savepoint name.
      char Close = Text[Pos] == '[' ? ']' : Text[Pos];
      size_t End = Text.find(Close, Pos + 1);
      if (End == StringRef::npos)
        End = Text.size();
      std::string Word = Text.slice(Pos + 1, End).str();
      Pos = End + 1;
      return Word;
    }
    return Text.slice(Start, Pos).upper();
  }

  /// Whether the next character, after blanks, is \p C; consumes it if so.
  bool consume(char C) {
    skipBlanks();
    if (Pos >= Text.size() || Text[Pos] != C)
      return false;
    ++Pos;
    return true;
  }

  bool atEnd() {
    skipBlanks();
    return Pos >= Text.size();
  }

private:
  void skipBlanks() {
    while (Pos < Text.size()) {
      if (isspace((unsigned char)Text[Pos])) {
        ++Pos;
      } else if (Text.substr(Pos).starts_with("--")) {
        Pos = std::min(Text.find('\n', Pos), Text.size());
      } else if (Text.substr(Pos).starts_with("/*")) {
        size_t End = Text.find("*/", Pos + 2);
        Pos = End == StringRef::npos ? Text.size() : End + 2;
      } else {
        return;
      }
    }
  }

  StringRef Text;
  size_t Pos = 0;
};

/// Whether the PRAGMA after \p Lex (which has read "PRAGMA") writes the
/// database file. Most pragmas read or change a connection setting; setting
/// user_version, application_id or schema_version changes the file's header,
/// inside the transaction, like a schema change (migrations set user_version
/// next to their DDL).
bool isPragmaWrite(SqlLexer &Lex) {
  std::string Name = Lex.nextWord();
  if (Lex.consume('.')) // PRAGMA main.user_version
    Name = Lex.nextWord();
  bool Assigns = Lex.consume('=') || Lex.consume('(');
  return Assigns && llvm::is_contained({"USER_VERSION", "APPLICATION_ID",
                                        "SCHEMA_VERSION"},
                                       Name);
}

/// One token of a statement, for finding its tables.
struct SqlToken {
  enum Kind { Word, Name, Literal, Punct } K;
  /// Word: upper-cased; Name (a quoted identifier): as written; Punct: the
  /// character.
  std::string Text;
  bool is(StringRef Keyword) const { return K == Word && Text == Keyword; }
  bool isPunct(char C) const { return K == Punct && Text.size() == 1 && Text[0] == C; }
};

std::vector<SqlToken> tokenize(StringRef Text) {
  std::vector<SqlToken> Tokens;
  for (size_t I = 0; I < Text.size();) {
    char C = Text[I];
    if (isspace((unsigned char)C)) {
      ++I;
    } else if (Text.substr(I).starts_with("--")) {
      I = std::min(Text.find('\n', I), Text.size());
    } else if (Text.substr(I).starts_with("/*")) {
      size_t End = Text.find("*/", I + 2);
      I = End == StringRef::npos ? Text.size() : End + 2;
    } else if (isalnum((unsigned char)C) || C == '_' || C == '$' || C == '@') {
      size_t Start = I;
      while (I < Text.size() && (isalnum((unsigned char)Text[I]) ||
                                 Text[I] == '_' || Text[I] == '$' || Text[I] == '@'))
        ++I;
      Tokens.push_back({SqlToken::Word, Text.slice(Start, I).upper()});
    } else if (C == '"' || C == '`' || C == '[' || C == '\'') {
      char Close = C == '[' ? ']' : C;
      size_t End = Text.find(Close, I + 1);
      if (End == StringRef::npos)
        End = Text.size();
      Tokens.push_back({C == '\'' ? SqlToken::Literal : SqlToken::Name,
                        Text.slice(I + 1, End).str()});
      I = End + 1;
    } else {
      Tokens.push_back({SqlToken::Punct, std::string(1, C)});
      ++I;
    }
  }
  return Tokens;
}

/// Words that end a table reference rather than alias it.
bool isClauseKeyword(const SqlToken &T) {
  return T.K == SqlToken::Word &&
         llvm::is_contained(
             {"WHERE", "SET", "VALUES", "SELECT", "ON", "USING", "JOIN",
              "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "OUTER",
              "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "FOR", "LOCK",
              "UNION", "EXCEPT", "INTERSECT", "RETURNING", "WINDOW", "DEFAULT",
              "AS", "IN", "NOWAIT", "SKIP", "OF", "FETCH", "WITH", "OUTPUT",
              "READ", "WRITE", "LOW_PRIORITY", "ONLY", "TABLESAMPLE", "INTO",
              "DO", "FROM", "WHEN", "THEN", "AND", "OR", "ROW", "SHARE",
              "EXCLUSIVE", "ACCESS", "MODE", "IGNORE", "STRAIGHT_JOIN",
              "LATERAL", "USE", "FORCE", "PARTITION", "BY", "NOT"},
             T.Text);
}

/// The isolation level that "ISOLATION LEVEL ..." anywhere in \p Tokens
/// names, or "".
std::string isolationLevel(ArrayRef<SqlToken> Tokens) {
  for (size_t I = 0; I + 2 < Tokens.size(); ++I) {
    if (!Tokens[I].is("ISOLATION") || !Tokens[I + 1].is("LEVEL"))
      continue;
    const SqlToken &Level = Tokens[I + 2];
    const SqlToken *Next = I + 3 < Tokens.size() ? &Tokens[I + 3] : nullptr;
    if (Level.is("SERIALIZABLE") || Level.is("SNAPSHOT"))
      return Level.Text;
    if (Next && Level.is("REPEATABLE") && Next->is("READ"))
      return "REPEATABLE READ";
    if (Next && Level.is("READ") &&
        (Next->is("COMMITTED") || Next->is("UNCOMMITTED")))
      return "READ " + Next->Text;
  }
  return "";
}

/// Finds the tables of one statement (SqlAccess).
class TableScanner {
public:
  explicit TableScanner(std::vector<SqlToken> Tokens) : Tokens(std::move(Tokens)) {}

  SqlAccess scan() {
    findCteNames();
    // A stack of the open parentheses: whether each holds a subquery.
    llvm::SmallVector<bool, 4> Subquery;
    bool LocksRows = false;
    std::string Verb;
    for (size_t I = 0; I < Tokens.size(); ++I) {
      const SqlToken &T = Tokens[I];
      if (T.isPunct('(')) {
        Subquery.push_back(
            I + 1 < Tokens.size() &&
            llvm::is_contained({"SELECT", "WITH", "INSERT", "UPDATE", "DELETE"},
                               Tokens[I + 1].Text));
        continue;
      }
      if (T.isPunct(')')) {
        if (!Subquery.empty())
          Subquery.pop_back();
        continue;
      }
      if (T.K != SqlToken::Word)
        continue;
      // FROM inside EXTRACT(x FROM y) or TRIM(... FROM ...) is no table.
      bool InQuery = Subquery.empty() || Subquery.back();
      const SqlToken *Prev = I ? &Tokens[I - 1] : nullptr;
      if (llvm::is_contained({"INSERT", "REPLACE", "UPSERT", "MERGE",
                              "DELETE", "SELECT"},
                             T.Text) &&
          !(I + 1 < Tokens.size() && Tokens[I + 1].isPunct('('))) {
        Verb = T.Text;
        // MySQL's REPLACE t VALUES (...), without INTO.
        if (T.Text == "REPLACE" && I == 0 && I + 1 < Tokens.size() &&
            !Tokens[I + 1].is("INTO"))
          tableList(I + 1, Access.Written, /*List=*/false);
      } else if (T.Text == "UPDATE") {
        // FOR UPDATE, FOR NO KEY UPDATE, ON CONFLICT DO UPDATE, ON DUPLICATE
        // KEY UPDATE: no new target.
        if (Prev && (Prev->is("FOR") ||
                     (Prev->is("KEY") && I >= 2 && Tokens[I - 2].is("NO")))) {
          LocksRows = true;
        } else if (!(Prev && (Prev->is("DO") || Prev->is("KEY"))) &&
                   !(I + 1 < Tokens.size() && Tokens[I + 1].is("SET"))) {
          Verb = "UPDATE";
          size_t After = tableList(skipModifiers(I + 1), Access.Written, false);
          readAssignments(After, Access.Written.empty() ? "" : Access.Written.back());
        }
      } else if (T.Text == "SHARE" && Prev &&
                 (Prev->is("FOR") || Prev->is("KEY") || Prev->is("IN"))) {
        LocksRows = true; // FOR SHARE, FOR KEY SHARE, LOCK IN SHARE MODE
      } else if (T.Text == "INTO" && Verb != "SELECT") {
        tableList(skipModifiers(I + 1), Access.Written, false);
      } else if (T.Text == "FROM" && InQuery && !(Prev && Prev->is("DISTINCT"))) {
        tableList(I + 1, Verb == "DELETE" ? Access.Written : Access.Read,
                  Verb != "DELETE");
        if (Verb == "DELETE")
          Verb = "";
      } else if ((T.Text == "JOIN" || T.Text == "USING") && InQuery) {
        tableList(I + 1, Access.Read, false);
      } else if (T.Text == "LOCK" && I == 0) {
        size_t J = I + 1;
        if (J < Tokens.size() && (Tokens[J].is("TABLE") || Tokens[J].is("TABLES")))
          ++J;
        tableList(J, Access.Locked, true);
      }
    }
    if (LocksRows)
      for (std::string &Table : Access.Read)
        add(Access.Locked, std::move(Table));
    if (LocksRows)
      Access.Read.clear();
    // A table both written and read is written (UPDATE t ... FROM t).
    llvm::erase_if(Access.Read, [&](const std::string &Table) {
      return llvm::is_contained(Access.Written, Table) ||
             llvm::is_contained(Access.Locked, Table);
    });
    Access.Isolation = isolationLevel(Tokens);
    return std::move(Access);
  }

private:
  /// The names a WITH clause defines, which are not tables.
  void findCteNames() {
    if (Tokens.empty() || !Tokens[0].is("WITH"))
      return;
    for (size_t I = 1; I + 1 < Tokens.size(); ++I)
      if (Tokens[I].is("AS") && (Tokens[I + 1].isPunct('(') ||
                                 Tokens[I + 1].is("MATERIALIZED") ||
                                 Tokens[I + 1].is("NOT")))
        if (const SqlToken *Name = nameBefore(I))
          CteNames.push_back(StringRef(Name->Text).lower());
  }

  /// The CTE name before AS at \p I, skipping a column list.
  const SqlToken *nameBefore(size_t I) const {
    size_t J = I - 1;
    if (Tokens[J].isPunct(')')) {
      while (J > 0 && !Tokens[J].isPunct('('))
        --J;
      if (J == 0)
        return nullptr;
      --J;
    }
    return Tokens[J].K == SqlToken::Word || Tokens[J].K == SqlToken::Name
               ? &Tokens[J]
               : nullptr;
  }

  /// Skips OR REPLACE, IGNORE, ONLY and similar words before a table.
  size_t skipModifiers(size_t I) const {
    while (I < Tokens.size()) {
      if (Tokens[I].is("OR") && I + 1 < Tokens.size()) {
        I += 2;
      } else if (Tokens[I].is("IGNORE") || Tokens[I].is("ONLY") ||
                 Tokens[I].is("LOW_PRIORITY") || Tokens[I].is("INTO")) {
        ++I;
      } else {
        break;
      }
    }
    return I;
  }

  /// Reads the table named at \p I (schema.table, quoted or not), and with
  /// \p List the further ones after commas (FROM a, b; LOCK TABLE a, b);
  /// returns the position after the last.
  size_t tableList(size_t I, std::vector<std::string> &Into, bool List) {
    while (I < Tokens.size()) {
      if (Tokens[I].is("ONLY") || Tokens[I].is("LATERAL"))
        ++I;
      if (I >= Tokens.size() || Tokens[I].isPunct('(') ||
          !(Tokens[I].K == SqlToken::Name ||
            (Tokens[I].K == SqlToken::Word && !isClauseKeyword(Tokens[I]))))
        return I;
      std::string Table = StringRef(Tokens[I].Text).lower();
      ++I;
      while (I + 1 < Tokens.size() && Tokens[I].isPunct('.') &&
             Tokens[I + 1].K != SqlToken::Punct) {
        Table = StringRef(Tokens[I + 1].Text).lower();
        I += 2;
      }
      if (!llvm::is_contained(CteNames, Table))
        add(Into, std::move(Table));
      // An alias, a lock mode (LOCK TABLES t WRITE), then a comma.
      while (I < Tokens.size() && !Tokens[I].isPunct(',') &&
             (Tokens[I].K == SqlToken::Name ||
              (Tokens[I].K == SqlToken::Word &&
               (!isClauseKeyword(Tokens[I]) || Tokens[I].is("AS") ||
                Tokens[I].is("READ") || Tokens[I].is("WRITE") ||
                Tokens[I].is("LOCAL") || Tokens[I].is("LOW_PRIORITY")))))
        ++I;
      if (!List || I >= Tokens.size() || !Tokens[I].isPunct(','))
        return I;
      ++I;
    }
    return I;
  }

  /// Reads an UPDATE's SET list from \p I: which columns get a value of
  /// their own (SET n = ?), whether all are relative (SET n = n + 1), and
  /// whether the WHERE clause checks a version column.
  void readAssignments(size_t I, StringRef Table) {
    while (I < Tokens.size() && !Tokens[I].is("SET"))
      ++I;
    if (I >= Tokens.size())
      return;
    ++I;
    bool AllRelative = true, Any = false;
    while (I < Tokens.size()) {
      // column = expression, up to a comma at this depth or the clause end.
      if (Tokens[I].K != SqlToken::Word && Tokens[I].K != SqlToken::Name)
        break;
      std::string Column = StringRef(Tokens[I].Text).lower();
      if (I + 2 < Tokens.size() && Tokens[I + 1].isPunct('.')) {
        Column = StringRef(Tokens[I + 2].Text).lower(); // t.col
        I += 2;
      }
      if (++I >= Tokens.size() || !Tokens[I].isPunct('='))
        break;
      ++I;
      bool Relative = false;
      int Depth = 0;
      for (; I < Tokens.size(); ++I) {
        const SqlToken &T = Tokens[I];
        if (T.isPunct('('))
          ++Depth;
        else if (T.isPunct(')'))
          --Depth;
        if (Depth == 0 && (T.isPunct(',') || T.is("WHERE") || T.is("FROM") ||
                           T.is("RETURNING") || T.is("LIMIT") || T.is("ORDER")))
          break;
        // n, or t.n of the updated table (not s.n of another one), and not
        // a named placeholder (`SET credit = :credit`; `::` is a cast).
        bool Qualified = I >= 2 && Tokens[I - 1].isPunct('.');
        bool Placeholder = I >= 1 && Tokens[I - 1].isPunct(':') &&
                           !(I >= 2 && Tokens[I - 2].isPunct(':'));
        if ((T.K == SqlToken::Word || T.K == SqlToken::Name) && !Placeholder &&
            StringRef(T.Text).lower() == Column &&
            (!Qualified || StringRef(Tokens[I - 2].Text).lower() == Table))
          Relative = true;
      }
      Any = true;
      if (!Relative) {
        AllRelative = false;
        add(Access.AssignedColumns, std::move(Column));
      }
      if (I >= Tokens.size() || !Tokens[I].isPunct(','))
        break;
      ++I;
    }
    Access.SelfRelativeUpdate = Any && AllRelative;
    for (; I < Tokens.size() && !Tokens[I].is("WHERE"); ++I)
      ;
    // A version column, or a column the statement assigns compared with its
    // old value (`SET points = $1 WHERE id = $2 AND points = $3`): a
    // compare-and-set that changes no row if another transaction wrote first.
    for (; I + 1 < Tokens.size(); ++I)
      if ((Tokens[I].K == SqlToken::Word || Tokens[I].K == SqlToken::Name) &&
          Tokens[I + 1].isPunct('=')) {
        std::string Column = StringRef(Tokens[I].Text).lower();
        if (isVersionColumn(Column) ||
            llvm::is_contained(Access.AssignedColumns, Column))
          Access.ChecksVersion = true;
      }
  }

  static bool isVersionColumn(StringRef Column) {
    return Column == "version" || Column.ends_with("_version") ||
           Column.starts_with("version_") || Column == "revision" ||
           Column == "rev" || Column == "row_version" || Column == "etag" ||
           Column == "updated_at" || Column == "modified_at" ||
           Column == "last_modified" || Column == "lock_version";
  }

  static void add(std::vector<std::string> &Into, std::string Table) {
    if (!Table.empty() && !llvm::is_contained(Into, Table))
      Into.push_back(std::move(Table));
  }

  std::vector<SqlToken> Tokens;
  std::vector<std::string> CteNames;
  SqlAccess Access;
};

SqlStatement classifyOne(StringRef Text) {
  SqlLexer Lex(Text);
  SqlStatement S;
  std::string First = Lex.nextWord();
  auto ReadName = [&](StringRef Skip) {
    std::string Word = Lex.nextWord();
    if (Word == Skip)
      Word = Lex.nextWord();
    S.Name = StringRef(Word).lower();
  };

  if (First == "BEGIN" || First == "START") {
    std::string Next = Lex.nextWord();
    if (First == "START" && Next != "TRANSACTION")
      return S;
    if (Next == "DEFERRED" || Next == "IMMEDIATE" || Next == "EXCLUSIVE")
      S.Modifier = Next;
    S.K = SqlStatement::Begin;
  } else if (First == "COMMIT" || First == "END") {
    S.K = SqlStatement::Commit;
  } else if (First == "ABORT") {
    // PostgreSQL's ABORT [WORK | TRANSACTION]: a ROLLBACK by another name.
    S.K = SqlStatement::Rollback;
  } else if (First == "ROLLBACK") {
    std::string Next = Lex.nextWord();
    if (Next == "TRANSACTION" || Next == "WORK")
      Next = Lex.nextWord();
    if (Next == "TO") {
      S.K = SqlStatement::RollbackTo;
      ReadName("SAVEPOINT");
    } else {
      S.K = SqlStatement::Rollback;
    }
  } else if (First == "SAVEPOINT") {
    S.K = SqlStatement::Savepoint;
    S.Name = StringRef(Lex.nextWord()).lower();
  } else if (First == "RELEASE") {
    S.K = SqlStatement::Release;
    ReadName("SAVEPOINT");
  } else if (First == "SET") {
    std::string Next = Lex.nextWord();
    if (Next == "SESSION")
      Next = Lex.nextWord();
    if (Next == "TRANSACTION") {
      S.K = SqlStatement::SetTransaction;
      for (std::string W = Lex.nextWord(); !W.empty(); W = Lex.nextWord())
        S.Modifier += (S.Modifier.empty() ? "" : " ") + W;
    } else {
      // SET search_path = ..., SET NAMES ...: a session setting.
      S.K = SqlStatement::Read;
    }
  } else if (First == "PRAGMA") {
    S.K = SqlStatement::Read;
    if (isPragmaWrite(Lex)) {
      S.K = SqlStatement::Write;
      S.Modifier = "SCHEMA";
    }
  } else {
    // Schema changes are writes too; DDL commits implicitly in several
    // databases and is rarely part of a data workflow.
    if (llvm::is_contained({"CREATE", "DROP", "ALTER", "TRUNCATE", "RENAME",
                            "GRANT", "REVOKE"},
                           First))
      S.Modifier = "SCHEMA";
    S.K = StringSwitch<SqlStatement::Kind>(First)
              .Cases("SELECT", "WITH", "VALUES", "EXPLAIN", "SHOW",
                     SqlStatement::Read)
              .Cases("DESCRIBE", "TABLE", SqlStatement::Read)
              // Connection and planner housekeeping, not application data.
              .Cases("ATTACH", "DETACH", "ANALYZE", SqlStatement::Read)
              // Locks, which change no data either (their tables count).
              .Cases("LOCK", "UNLOCK", SqlStatement::Read)
              // A cursor's life: it reads what its query selects.
              .Cases("DECLARE", "FETCH", "MOVE", "CLOSE", SqlStatement::Read)
              .Cases("INSERT", "UPDATE", "DELETE", "REPLACE", "UPSERT",
                     SqlStatement::Write)
              .Cases("MERGE", "CREATE", "DROP", "ALTER", "TRUNCATE",
                     SqlStatement::Write)
              .Cases("COPY", "GRANT", "REVOKE", "RENAME", SqlStatement::Write)
              .Default(SqlStatement::Unknown);
    // A WITH clause may end in a data-modifying statement.
    if (First == "WITH") {
      std::string Upper = Text.upper();
      for (StringRef W : {"INSERT ", "UPDATE ", "DELETE "})
        if (StringRef(Upper).contains(W))
          S.K = SqlStatement::Write;
    }
  }
  // Transaction control names no table; its isolation level counts.
  S.Access = TableScanner(tokenize(Text)).scan();
  if (S.K != SqlStatement::Read && S.K != SqlStatement::Write) {
    std::string Isolation = std::move(S.Access.Isolation);
    S.Access = SqlAccess();
    S.Access.Isolation = std::move(Isolation);
  } else if (S.K == SqlStatement::Write && S.Modifier == "SCHEMA") {
    S.Access = SqlAccess(); // CREATE TABLE t AS SELECT ...: not data access
  }
  return S;
}

/// Whether \p Part, text up to a semicolon, is a CREATE TRIGGER whose body
/// (`BEGIN DELETE FROM t WHERE ...; END`) goes on past it: the body's
/// statements are the trigger's, and its BEGIN and END control no
/// transaction.
bool inTriggerBody(StringRef Part) {
  std::vector<SqlToken> Tokens = tokenize(Part);
  if (Tokens.empty() || !Tokens.front().is("CREATE") || Tokens.back().is("END"))
    return false;
  auto Trigger = llvm::find_if(
      Tokens, [](const SqlToken &Token) { return Token.is("TRIGGER"); });
  return llvm::any_of(llvm::make_range(Trigger, Tokens.end()),
                      [](const SqlToken &Token) { return Token.is("BEGIN"); });
}

} // namespace

std::vector<SqlStatement> classifySql(StringRef Sql) {
  std::vector<SqlStatement> Result;
  size_t Start = 0;
  char Quote = 0;
  for (size_t I = 0; I <= Sql.size(); ++I) {
    char C = I < Sql.size() ? Sql[I] : ';';
    // A text that ends inside a quote is the start of one that the program
    // completes (Beam's `"DELETE FROM variables WHERE name='"; req +=
    // name;`): its statement ends there.
    if (Quote && I < Sql.size()) {
      if (C == Quote)
        Quote = 0;
      continue;
    }
    if (C == '\'' || C == '"' || C == '`') {
      Quote = C;
    } else if (C == '-' && Sql.substr(I).starts_with("--")) {
      I = std::min(Sql.find('\n', I), Sql.size()) - 1;
    } else if (C == '/' && Sql.substr(I).starts_with("/*")) {
      size_t End = Sql.find("*/", I + 2);
      I = (End == StringRef::npos ? Sql.size() : End + 2) - 1;
    } else if (C == ';') {
      StringRef Part = Sql.slice(Start, I);
      if (I < Sql.size() && inTriggerBody(Part))
        continue;
      // Empty statements (";;", a trailing comment) carry no meaning.
      if (!SqlLexer(Part).atEnd())
        Result.push_back(classifyOne(Part));
      Start = I + 1;
    }
  }
  return Result;
}

StringRef sqlStatementKindName(SqlStatement::Kind K) {
  switch (K) {
  case SqlStatement::Begin: return "begin";
  case SqlStatement::Commit: return "commit";
  case SqlStatement::Rollback: return "rollback";
  case SqlStatement::Savepoint: return "savepoint";
  case SqlStatement::Release: return "release-savepoint";
  case SqlStatement::RollbackTo: return "rollback-to-savepoint";
  case SqlStatement::SetTransaction: return "set-transaction";
  case SqlStatement::Read: return "read";
  case SqlStatement::Write: return "write";
  case SqlStatement::Unknown: return "unknown";
  }
  return "unknown";
}

} // namespace txnlint
