//===--- ModelParserTest.cpp ----------------------------------------------===//

#include "model/ModelParser.h"
#include "gtest/gtest.h"

using namespace txnlint;

namespace {

/// The error of parsing \p Text as "m.json", or "" when it parses.
std::string errorOf(llvm::StringRef Text) {
  auto Parsed = parseModel(Text, "m.json");
  return Parsed ? "" : llvm::toString(Parsed.takeError());
}

TEST(ModelParserTest, ParsesEveryKey) {
  auto Parsed = parseModel(R"({"profiles": [{
    "name": "acme", "description": "wrappers",
    "types": [{"name": "acme::Db", "role": "session", "destructor": "nothing",
               "methods": [
                 {"name": "Begin", "operation": "begin", "failure": "returns-bool"},
                 {"name": "rollback", "arguments": 1,
                  "operation": "rollback-to-savepoint"},
                 {"name": "Prepare", "operation": "prepare-sql",
                  "sql-argument": 0, "statement": "result"}]},
              {"name": "acme::Txn", "role": "transaction",
               "destructor": "commits-unless-unwinding",
               "constructor": {"operation": "begin", "handle": "object"}}],
    "functions": [{"name": "acme::exec", "operation": "execute-sql",
                   "handle": "argument:1", "sql-argument": 2,
                   "failure": "returns-zero"},
                  {"name": "acme::status", "operation": "result-status",
                   "success": ["OK", "DONE"]}]}]})",
                           "m.json");
  ASSERT_TRUE(bool(Parsed)) << llvm::toString(Parsed.takeError());
  ASSERT_EQ(Parsed->size(), 1u);
  const Profile &P = (*Parsed)[0];
  EXPECT_EQ(P.Name, "acme");
  ASSERT_EQ(P.Types.size(), 2u);
  const TypeSpec &Db = P.Types[0];
  EXPECT_EQ(Db.TypeRole, Role::Session);
  ASSERT_EQ(Db.Methods.size(), 3u);
  EXPECT_EQ(Db.Methods[0].Spec.Op, Operation::Begin);
  EXPECT_EQ(Db.Methods[0].Spec.Failure, FailureReport::ReturnsBool);
  EXPECT_EQ(Db.Methods[1].Spec.ArgumentCount, 1u);
  EXPECT_EQ(Db.Methods[2].Spec.Statement.K, HandleSource::Result);
  EXPECT_EQ(P.Types[1].Destructor, DestructorAction::CommitsUnlessUnwinding);
  ASSERT_EQ(P.Types[1].Constructors.size(), 1u);
  EXPECT_EQ(P.Types[1].Constructors[0].Op, Operation::Begin);
  ASSERT_EQ(P.Functions.size(), 2u);
  EXPECT_EQ(P.Functions[0].Spec.Handle.K, HandleSource::Argument);
  EXPECT_EQ(P.Functions[0].Spec.Handle.Index, 1u);
  EXPECT_EQ(P.Functions[0].Spec.SqlArgument, 2u);
  // A function's handle defaults to its first argument.
  EXPECT_EQ(P.Functions[1].Spec.Handle.K, HandleSource::Argument);
  EXPECT_EQ(P.Functions[1].Spec.Handle.Index, 0u);
  EXPECT_EQ(P.Functions[1].Spec.SuccessValues,
            (std::vector<std::string>{"OK", "DONE"}));
}

TEST(ModelParserTest, PrintsWhatItParses) {
  std::string Text = R"({"profiles": [{"name": "acme",
    "types": [{"name": "acme::Txn", "role": "transaction",
               "destructor": "rolls-back",
               "constructor": {"operation": "begin"},
               "methods": [{"name": "commit", "operation": "commit",
                            "failure": "exception"}]}],
    "functions": [{"name": "acme::run", "operation": "execute-sql",
                   "sql-argument": 1}]}]})";
  auto First = parseModel(Text, "m.json");
  ASSERT_TRUE(bool(First));
  std::string Printed = printModel(*First);
  auto Second = parseModel(Printed, "printed.json");
  ASSERT_TRUE(bool(Second)) << llvm::toString(Second.takeError());
  EXPECT_EQ(printModel(*Second), Printed);
}

TEST(ModelParserTest, SyntaxErrorsHaveLineAndColumn) {
  EXPECT_EQ(errorOf("{\"profiles\": [\n  {\"name\": \"x\",}\n]}"),
            "m.json:2:16: expected a quoted key");
  EXPECT_EQ(errorOf("{\"profiles\": [] } extra"),
            "m.json:1:19: expected end of document");
  EXPECT_EQ(errorOf("{\"profiles\": [\"unterminated]}"),
            "m.json:1:30: unterminated string");
  EXPECT_EQ(errorOf(""), "m.json:1:1: expected a value, found end of file");
}

TEST(ModelParserTest, SchemaErrorsNameTheProblem) {
  EXPECT_EQ(errorOf(R"({"profile": []})"),
            "m.json:1:2: unknown key 'profile' (expected 'profiles')");
  EXPECT_EQ(errorOf(R"({})"), "m.json:1:1: missing required key 'profiles'");
  EXPECT_EQ(errorOf(R"({"profiles": {}})"),
            "m.json:1:14: expected an array, found an object");
  EXPECT_EQ(
      errorOf(R"({"profiles": [{"name": "x", "types": [{"name": "T", "role": "db"}]}]})"),
      "m.json:1:61: unknown role 'db' (expected one of 'session', "
      "'transaction', 'savepoint', 'statement')");
  EXPECT_EQ(
      errorOf(R"({"profiles": [{"name": "x", "functions": [{"name": "f"}]}]})"),
      "m.json:1:43: missing required key 'operation'");
  EXPECT_EQ(
      errorOf(R"({"profiles": [{"name": "x", "functions": [{"name": "f", "operation": "execute-sql"}]}]})"),
      "m.json:1:43: operation 'execute-sql' needs 'sql-argument'");
  EXPECT_EQ(
      errorOf(R"({"profiles": [{"name": "x", "functions": [{"name": "f", "operation": "begin", "handle": "arg0"}]}]})"),
      "m.json:1:89: unknown handle 'arg0' (expected 'object', 'owner', 'result' or "
      "'argument:N')");
  EXPECT_EQ(
      errorOf(R"({"profiles": [{"name": 7}]})"),
      "m.json:1:24: expected a string, found a number");
  EXPECT_EQ(
      errorOf(R"({"profiles": [{"name": "x", "name": "y"}]})"),
      "m.json:1:29: duplicate key 'name'");
}

} // namespace

TEST(ModelParserTest, StringsAreText) {
  auto Parsed = parseModel(
      "{\"profiles\": [{\"name\": \"x\", "
      "\"description\": \"caf\xc3\xa9 \\u00e9 \\ud83d\\ude00\"}]}",
      "m.json");
  ASSERT_TRUE(bool(Parsed)) << llvm::toString(Parsed.takeError());
  EXPECT_EQ((*Parsed)[0].Description, "caf\xc3\xa9 \xc3\xa9 \xf0\x9f\x98\x80");
  EXPECT_EQ(errorOf("{\"profiles\": [\"\xe9\"]}"),
            "m.json:1:16: invalid UTF-8 in a string");
  EXPECT_EQ(errorOf("{\"profiles\": [\"\xc3\"]}"),
            "m.json:1:16: invalid UTF-8 in a string");
  EXPECT_EQ(errorOf(llvm::StringRef("{\"profiles\": [\"a\0\"]}", 20)),
            "m.json:1:17: NUL byte in a string");
  EXPECT_EQ(errorOf("{\"profiles\": [\"\\u0000\"]}"),
            "m.json:1:16: NUL character (\\u0000) in a string");
  EXPECT_EQ(errorOf("{\"profiles\": [\"\\udc00\"]}"),
            "m.json:1:16: unpaired UTF-16 surrogate in a \\u escape");
  EXPECT_EQ(errorOf("{\"profiles\": [\xff]}"),
            "m.json:1:15: unexpected byte 0xFF");
  EXPECT_EQ(errorOf("\xef\xbb\xbf{\"profiles\": []}"),
            "m.json:1:1: the file starts with a UTF-8 byte order mark; save "
            "it without one");
}

TEST(ModelParserTest, NamesMustBeAbleToMatch) {
  auto Function = [](llvm::StringRef Name) {
    return errorOf((R"({"profiles": [{"name": "x", "functions": [{"name": ")" +
                    Name + R"(", "operation": "write"}]}]})")
                       .str());
  };
  EXPECT_EQ(Function("acme::exec"), "");
  EXPECT_EQ(Function("acme::operator<<"), "");
  EXPECT_EQ(Function("*"), "m.json:1:52: function name '*' is not a C++ name "
                           "(expected identifiers separated by '::')");
  EXPECT_EQ(Function("acme::"), "m.json:1:52: function name 'acme::' is not a "
                                "C++ name (expected identifiers separated by "
                                "'::')");
  EXPECT_EQ(Function("::exec"),
            "m.json:1:52: function name '::exec' starts with '::'; write 'exec'");
  EXPECT_EQ(Function("acme::Pool<int>::exec"),
            "m.json:1:52: function name 'acme::Pool<int>::exec' has template "
            "arguments; write it without them (template arguments are "
            "ignored at every level)");
  EXPECT_EQ(
      errorOf(R"({"profiles": [{"name": "x", "types": [{"name": "T", "role": "session", "methods": [{"name": "T::commit", "operation": "commit"}]}]}]})"),
      "m.json:1:93: method name 'T::commit' is qualified; write the method's "
      "own name, 'commit'");
}

TEST(ModelParserTest, EntriesAreListedOnce) {
  EXPECT_EQ(
      errorOf(R"({"profiles": [{"name": "x", "types": [{"name": "T", "role": "session", "methods": [{"name": "commit", "operation": "commit"}, {"name": "commit", "operation": "rollback"}]}]}]})"),
      "m.json:1:127: method 'commit' is listed twice in the profile (first at "
      "1:84)");
  EXPECT_EQ(
      errorOf(R"({"profiles": [{"name": "x", "types": [{"name": "T", "role": "session"}, {"name": "T", "role": "transaction"}]}]})"),
      "m.json:1:73: type 'T' is listed twice in the profile (first at 1:39)");
  // Overloads told apart by their argument count are two entries.
  EXPECT_EQ(
      errorOf(R"({"profiles": [{"name": "x", "types": [{"name": "T", "role": "session", "methods": [{"name": "rollback", "arguments": 0, "operation": "rollback"}, {"name": "rollback", "arguments": 1, "operation": "rollback-to-savepoint"}]}]}]})"),
      "");
}
