//===--- SqlClassifier.cpp ------------------------------------------------===//

#include "SqlClassifier.h"
#include "llvm/ADT/STLExtras.h"
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
  return S;
}

} // namespace

std::vector<SqlStatement> classifySql(StringRef Sql) {
  std::vector<SqlStatement> Result;
  size_t Start = 0;
  char Quote = 0;
  for (size_t I = 0; I <= Sql.size(); ++I) {
    char C = I < Sql.size() ? Sql[I] : ';';
    if (Quote) {
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
