//===--- ModelParser.cpp --------------------------------------------------===//
//
// JSON is read with a small reader of our own rather than nlohmann::json or
// llvm::json because errors must point at the line and column of the
// offending key or value, and neither library keeps positions in its tree.
//
//===----------------------------------------------------------------------===//

#include "ModelParser.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "utils/InputFiles.h"
#include "llvm/Support/ConvertUTF.h"
#include <array>
#include <map>
#include <nlohmann/json.hpp>

using namespace llvm;

namespace txnlint {
namespace {

struct Position {
  unsigned Line = 1, Column = 1;
};

/// A JSON value with the position it starts at.
struct JsonNode {
  enum Kind { Null, Bool, Number, String, Array, Object } K = Null;
  Position Pos;
  bool BoolValue = false;
  double NumberValue = 0;
  std::string StringValue;
  std::vector<JsonNode> Elements;
  /// Object members in document order, with the key's position.
  std::vector<std::pair<std::pair<std::string, Position>, JsonNode>> Members;
};

StringRef kindName(JsonNode::Kind K) {
  switch (K) {
  case JsonNode::Null: return "null";
  case JsonNode::Bool: return "a boolean";
  case JsonNode::Number: return "a number";
  case JsonNode::String: return "a string";
  case JsonNode::Array: return "an array";
  case JsonNode::Object: return "an object";
  }
  return "a value";
}

class ModelError : public ErrorInfo<ModelError> {
public:
  static char ID;
  ModelError(std::string Msg) : Msg(std::move(Msg)) {}
  void log(raw_ostream &OS) const override { OS << Msg; }
  std::error_code convertToErrorCode() const override {
    return inconvertibleErrorCode();
  }

private:
  std::string Msg;
};
char ModelError::ID;

class JsonReader {
public:
  JsonReader(StringRef Text) : Text(Text) {}

  bool read(JsonNode &Out) {
    if (Text.starts_with("\xEF\xBB\xBF"))
      return fail("the file starts with a UTF-8 byte order mark; save it "
                  "without one");
    skipSpace();
    if (!value(Out, 0))
      return false;
    skipSpace();
    if (I != Text.size())
      return fail("expected end of document");
    return true;
  }
  Position errorPos() const { return ErrPos; }
  const std::string &errorMessage() const { return ErrMsg; }

private:
  bool fail(const Twine &Msg) {
    ErrPos = here();
    ErrMsg = Msg.str();
    return false;
  }
  Position here() const { return {Line, unsigned(I - LineStart + 1)}; }
  void skipSpace() {
    while (I < Text.size() && isSpace(Text[I])) {
      if (Text[I] == '\n') {
        ++Line;
        LineStart = I + 1;
      }
      ++I;
    }
  }
  bool consume(char C) {
    skipSpace();
    if (I < Text.size() && Text[I] == C) {
      ++I;
      return true;
    }
    return false;
  }

  bool value(JsonNode &N, unsigned Depth) {
    if (Depth > 64)
      return fail("nesting too deep");
    skipSpace();
    N.Pos = here();
    if (I >= Text.size())
      return fail("expected a value, found end of file");
    char C = Text[I];
    if (C == '{')
      return object(N, Depth);
    if (C == '[')
      return array(N, Depth);
    if (C == '"') {
      N.K = JsonNode::String;
      return string(N.StringValue);
    }
    for (auto [Word, K, B] : {std::tuple{"true", JsonNode::Bool, true},
                              std::tuple{"false", JsonNode::Bool, false},
                              std::tuple{"null", JsonNode::Null, false}})
      if (Text.substr(I).starts_with(Word)) {
        N.K = K;
        N.BoolValue = B;
        I += strlen(Word);
        return true;
      }
    if (C == '-' || isDigit(C)) {
      size_t Start = I;
      while (I < Text.size() && (isDigit(Text[I]) || strchr("+-.eE", Text[I])))
        ++I;
      N.K = JsonNode::Number;
      if (Text.slice(Start, I).getAsDouble(N.NumberValue))
        return fail("malformed number");
      return true;
    }
    return fail("unexpected " + describe(C));
  }

  /// A byte for a message: NUL bytes and bytes outside printable ASCII
  /// would make the message itself unreadable.
  static std::string describe(char C) {
    if (C == '\0')
      return "NUL byte";
    if (isPrint(C))
      return std::string("character '") + C + "'";
    return "byte 0x" + utohexstr(uint8_t(C), /*LowerCase=*/false, 2);
  }

  /// Reads 4 hex digits of a \u escape.
  bool hex4(unsigned &Code) {
    if (I + 4 > Text.size() || Text.substr(I, 4).getAsInteger(16, Code))
      return fail("malformed \\u escape");
    I += 4;
    return true;
  }

  /// Appends the character of a \u escape (after the "\u"), joining a
  /// UTF-16 surrogate pair, as UTF-8.
  bool unicodeEscape(std::string &Out) {
    size_t Start = I - 2;
    unsigned Code;
    if (!hex4(Code))
      return false;
    if (Code >= 0xD800 && Code < 0xDC00) {
      unsigned Low;
      if (!Text.substr(I).starts_with("\\u") || (I += 2, !hex4(Low)) ||
          Low < 0xDC00 || Low >= 0xE000) {
        I = Start;
        return fail("unpaired UTF-16 surrogate in a \\u escape");
      }
      Code = 0x10000 + ((Code - 0xD800) << 10) + (Low - 0xDC00);
    } else if (Code >= 0xDC00 && Code < 0xE000) {
      I = Start;
      return fail("unpaired UTF-16 surrogate in a \\u escape");
    }
    if (Code == 0) {
      I = Start;
      return fail("NUL character (\\u0000) in a string");
    }
    char Buffer[UNI_MAX_UTF8_BYTES_PER_CODE_POINT];
    char *End = Buffer;
    ConvertCodePointToUTF8(Code, End);
    Out.append(Buffer, End);
    return true;
  }

  bool string(std::string &Out) {
    ++I; // opening quote
    while (I < Text.size() && Text[I] != '"') {
      char C = Text[I];
      if (C == '\n')
        return fail("unterminated string");
      // Strings are printed back (--dump-model) and into diagnostics: they
      // must be text.
      if (C == '\0')
        return fail("NUL byte in a string");
      if (uint8_t(C) >= 0x80) {
        unsigned Length = getNumBytesForUTF8(C);
        const auto *Bytes = reinterpret_cast<const UTF8 *>(Text.data() + I);
        if (I + Length > Text.size() ||
            !isLegalUTF8Sequence(Bytes, Bytes + Length))
          return fail("invalid UTF-8 in a string");
        Out.append(Text.data() + I, Length);
        I += Length;
        continue;
      }
      ++I;
      if (C != '\\') {
        Out += C;
        continue;
      }
      if (I >= Text.size())
        break;
      char E = Text[I++];
      switch (E) {
      case 'n': Out += '\n'; break;
      case 't': Out += '\t'; break;
      case 'r': Out += '\r'; break;
      case 'b': Out += '\b'; break;
      case 'f': Out += '\f'; break;
      case 'u':
        if (!unicodeEscape(Out))
          return false;
        break;
      default: Out += E;
      }
    }
    if (I >= Text.size())
      return fail("unterminated string");
    ++I; // closing quote
    return true;
  }

  bool array(JsonNode &N, unsigned Depth) {
    N.K = JsonNode::Array;
    ++I;
    if (consume(']'))
      return true;
    do {
      N.Elements.emplace_back();
      if (!value(N.Elements.back(), Depth + 1))
        return false;
    } while (consume(','));
    return consume(']') || fail("expected ',' or ']'");
  }

  bool object(JsonNode &N, unsigned Depth) {
    N.K = JsonNode::Object;
    ++I;
    if (consume('}'))
      return true;
    do {
      skipSpace();
      Position KeyPos = here();
      std::string Key;
      if (I >= Text.size() || Text[I] != '"' || !string(Key))
        return ErrMsg.empty() ? fail("expected a quoted key") : false;
      if (!consume(':'))
        return fail("expected ':' after key");
      N.Members.push_back({{Key, KeyPos}, JsonNode()});
      if (!value(N.Members.back().second, Depth + 1))
        return false;
    } while (consume(','));
    return consume('}') || fail("expected ',' or '}'");
  }

  StringRef Text;
  size_t I = 0, LineStart = 0;
  unsigned Line = 1;
  Position ErrPos;
  std::string ErrMsg;
};

/// The names of each enumeration in the model format, in one table each so
/// that parsing and printing cannot disagree.
template <typename E> using NameTable = std::initializer_list<std::pair<E, const char *>>;

const NameTable<Role> RoleNames = {{Role::Session, "session"},
                                   {Role::Transaction, "transaction"},
                                   {Role::Savepoint, "savepoint"},
                                   {Role::Statement, "statement"}};
const NameTable<Operation> OperationNames = {
    {Operation::None, "none"},
    {Operation::Begin, "begin"},
    {Operation::Commit, "commit"},
    {Operation::Rollback, "rollback"},
    {Operation::Close, "close"},
    {Operation::Open, "open"},
    {Operation::Write, "write"},
    {Operation::Read, "read"},
    {Operation::ExecuteSql, "execute-sql"},
    {Operation::SavepointOpen, "savepoint"},
    {Operation::SavepointRelease, "release-savepoint"},
    {Operation::SavepointRollback, "rollback-to-savepoint"},
    {Operation::PrepareSql, "prepare-sql"},
    {Operation::ExecutePrepared, "execute-prepared"},
    {Operation::SetAutocommit, "set-autocommit"},
    {Operation::CommitAndBegin, "commit-and-begin"},
    {Operation::Reopen, "reopen"},
    {Operation::ResultStatus, "result-status"},
    {Operation::StatementResult, "statement-result"},
    {Operation::TellsOpen, "tells-open"},
    {Operation::TellsIdle, "tells-idle"},
    {Operation::ErrorCode, "error-code"}};
const NameTable<FailureReport> FailureNames = {
    {FailureReport::None, "none"},
    {FailureReport::Exception, "exception"},
    {FailureReport::ReturnsBool, "returns-bool"},
    {FailureReport::ReturnsZero, "returns-zero"},
    {FailureReport::ReturnsNegative, "returns-negative"},
    {FailureReport::ReturnsStatus, "returns-status"},
    {FailureReport::ReturnsResult, "returns-result"},
    {FailureReport::ReturnsCode, "returns-code"},
    {FailureReport::ReturnsError, "returns-error"},
    {FailureReport::ReturnsStatement, "returns-statement"}};
const NameTable<ReturnedHandle> ReturnedNames = {
    {ReturnedHandle::Self, "self"}, {ReturnedHandle::Shared, "shared-handle"}};
const NameTable<DestructorAction> DestructorNames = {
    {DestructorAction::Nothing, "nothing"},
    {DestructorAction::RollsBack, "rolls-back"},
    {DestructorAction::Commits, "commits"},
    {DestructorAction::CommitsUnlessUnwinding, "commits-unless-unwinding"}};

template <typename E> StringRef nameOf(NameTable<E> Table, E Value) {
  for (const auto &[V, Name] : Table)
    if (V == Value)
      return Name;
  return "?";
}

/// The largest argument index a model may name.
constexpr unsigned MaxArgumentIndex = 64;

/// Validates a parsed document against the model schema.
class ModelBuilder {
public:
  explicit ModelBuilder(StringRef FileName) : FileName(FileName) {}

  bool build(const JsonNode &Root, std::vector<Profile> &Out) {
    if (!expectKind(Root, JsonNode::Object))
      return false;
    const JsonNode *List = nullptr;
    if (!members(Root, {{"profiles", &List}}) ||
        !required(Root, "profiles", List) || !expectKind(*List, JsonNode::Array))
      return false;
    for (const JsonNode &P : List->Elements) {
      Out.emplace_back();
      if (!profile(P, Out.back()))
        return false;
    }
    return true;
  }

  std::string takeError() { return std::move(Err); }

private:
  std::string origin(Position P) const {
    return (FileName + ":" + Twine(P.Line) + ":" + Twine(P.Column)).str();
  }
  bool fail(Position P, const Twine &Msg) {
    Err = origin(P) + ": " + Msg.str();
    return false;
  }
  bool expectKind(const JsonNode &N, JsonNode::Kind K) {
    return N.K == K ||
           fail(N.Pos, "expected " + kindName(K) + ", found " + kindName(N.K));
  }
  bool required(const JsonNode &Parent, StringRef Key, const JsonNode *N) {
    return N || fail(Parent.Pos, "missing required key '" + Key + "'");
  }

  using KeySlot = std::pair<const char *, const JsonNode **>;

  /// Binds the members of \p Obj to \p Slots; any other key is an error.
  bool members(const JsonNode &Obj, llvm::ArrayRef<KeySlot> Slots) {
    for (const auto &Member : Obj.Members) {
      const auto &Key = Member.first;
      const JsonNode &Value = Member.second;
      auto Slot = llvm::find_if(
          Slots, [&](const auto &S) { return Key.first == S.first; });
      if (Slot == Slots.end()) {
        std::string Known;
        for (const auto &S : Slots)
          Known += (Known.empty() ? "'" : ", '") + std::string(S.first) + "'";
        return fail(Key.second,
                    "unknown key '" + Key.first + "' (expected " + Known + ")");
      }
      if (*Slot->second)
        return fail(Key.second, "duplicate key '" + Key.first + "'");
      *Slot->second = &Value;
    }
    return true;
  }

  bool boolean(const JsonNode *N, bool &Out) {
    if (!N)
      return true;
    if (!expectKind(*N, JsonNode::Bool))
      return false;
    Out = N->BoolValue;
    return true;
  }

  bool stringList(const JsonNode *N, std::vector<std::string> &Out) {
    if (!N)
      return true;
    if (!expectKind(*N, JsonNode::Array))
      return false;
    for (const JsonNode &Value : N->Elements) {
      Out.emplace_back();
      if (!string(&Value, Out.back()))
        return false;
    }
    return true;
  }

  bool string(const JsonNode *N, std::string &Out) {
    if (!N)
      return true;
    if (!expectKind(*N, JsonNode::String))
      return false;
    if (N->StringValue.empty())
      return fail(N->Pos, "expected a non-empty string");
    Out = N->StringValue;
    return true;
  }

  /// A C++ name that can match a declaration: identifiers separated by
  /// "::" when \p Qualified, the last one possibly an operator
  /// ("operator<<"). Names are matched without template arguments.
  bool name(const JsonNode *N, StringRef What, bool Qualified,
            std::string &Out) {
    if (!string(N, Out))
      return false;
    StringRef Name = Out;
    auto Bad = [&](const Twine &Why) {
      return fail(N->Pos, What + " name '" + Name + "' " + Why);
    };
    if (Name.starts_with("::"))
      return Bad("starts with '::'; write '" + Name.drop_front(2) + "'");
    SmallVector<StringRef, 4> Parts;
    Name.split(Parts, "::");
    if (!Qualified && Parts.size() > 1)
      return Bad("is qualified; write the method's own name, '" +
                 Parts.back() + "'");
    for (StringRef Part : Parts) {
      bool IsOperator = Part.starts_with("operator") &&
                        !Part.drop_front(8).trim().empty() &&
                        !isAlnum(Part[8]) && Part[8] != '_';
      if (IsOperator && Part.data() == Parts.back().data())
        continue;
      if (Part.contains('<'))
        return Bad("has template arguments; write it without them (template "
                   "arguments are ignored at every level)");
      if (Part.empty() || isDigit(Part[0]) ||
          !llvm::all_of(Part, [](char C) {
            return isAlnum(C) || C == '_' || uint8_t(C) >= 0x80;
          }))
        return Bad(Twine("is not a C++ name (expected ") +
                   (Qualified ? "identifiers separated by '::'"
                              : "an identifier or an operator") +
                   ")");
    }
    return true;
  }

  bool index(const JsonNode *N, unsigned &Out) {
    if (!expectKind(*N, JsonNode::Number))
      return false;
    if (N->NumberValue < 0 || N->NumberValue > MaxArgumentIndex ||
        N->NumberValue != unsigned(N->NumberValue))
      return fail(N->Pos, "expected an argument index from 0 to " +
                              Twine(MaxArgumentIndex));
    Out = unsigned(N->NumberValue);
    return true;
  }

  template <typename E>
  bool enumeration(const JsonNode *N, NameTable<E> Table, StringRef What,
                   E &Out) {
    if (!N)
      return true;
    if (!expectKind(*N, JsonNode::String))
      return false;
    for (const auto &[V, Name] : Table)
      if (N->StringValue == Name) {
        Out = V;
        return true;
      }
    std::string Known;
    for (const auto &[V, Name] : Table)
      Known += (Known.empty() ? "'" : ", '") + std::string(Name) + "'";
    return fail(N->Pos, "unknown " + What + " '" + N->StringValue +
                            "' (expected one of " + Known + ")");
  }

  bool handle(const JsonNode *N, HandleSource &Out) {
    if (!N)
      return true;
    if (!expectKind(*N, JsonNode::String))
      return false;
    StringRef S = N->StringValue;
    if (S == "object")
      Out = {HandleSource::Object, 0};
    else if (S == "owner")
      Out = {HandleSource::Owner, 0};
    else if (S == "result")
      Out = {HandleSource::Result, 0};
    else if (S.consume_front("argument:") && !S.getAsInteger(10, Out.Index)) {
      if (Out.Index > MaxArgumentIndex)
        return fail(N->Pos, "argument index " + Twine(Out.Index) +
                                " in handle '" + N->StringValue +
                                "' is out of range (expected 0 to " +
                                Twine(MaxArgumentIndex) + ")");
      Out.K = HandleSource::Argument;
    } else
      return fail(N->Pos, "unknown handle '" + N->StringValue +
                              "' (expected 'object', 'owner', 'result' or "
                              "'argument:N')");
    return true;
  }

  /// A failure report, or a list of one report by result and "exception".
  bool failure(const JsonNode *N, OperationSpec &Out) {
    if (!N || N->K != JsonNode::Array)
      return enumeration(N, FailureNames, "failure report", Out.Failure);
    const auto &Reports = N->Elements;
    for (const JsonNode &Report : Reports) {
      FailureReport F;
      if (!enumeration(&Report, FailureNames, "failure report", F))
        return false;
      if (F == FailureReport::Exception)
        Out.AlsoThrows = true;
      else
        Out.Failure = F;
    }
    if (Reports.size() != 2 || !Out.AlsoThrows ||
        Out.Failure == FailureReport::None)
      return fail(N->Pos, "expected a list of a failure report by result and "
                          "'exception' (\"failure\": [\"returns-bool\", "
                          "\"exception\"])");
    return true;
  }

  /// The keys an operation (method, function or constructor) may have.
  struct OperationNodes {
    const JsonNode *Op = nullptr, *Handle = nullptr, *SqlArg = nullptr,
                   *Statement = nullptr, *Failure = nullptr,
                   *Arguments = nullptr, *ReadOnly = nullptr, *Parent = nullptr,
                   *Joins = nullptr, *Success = nullptr, *HandleRole = nullptr,
                   *Returns = nullptr, *AllocatesOnFailure = nullptr,
                   *RequiresTransaction = nullptr, *Ends = nullptr,
                   *ErrorArg = nullptr, *RunsUnlessKept = nullptr;
    /// How many of slots() a constructor takes: it reports no result
    /// status, returns nothing and has a modelled type.
    static constexpr size_t ConstructorKeys = 8;
    /// The keys, bound to these nodes, a constructor's first.
    std::array<KeySlot, 17> slots() {
      return {{{"operation", &Op},
               {"handle", &Handle},
               {"sql-argument", &SqlArg},
               {"statement", &Statement},
               {"failure", &Failure},
               {"arguments", &Arguments},
               {"read-only", &ReadOnly},
               {"parent", &Parent},
               {"joins", &Joins},
               {"success", &Success},
               {"handle-role", &HandleRole},
               {"returns", &Returns},
               {"allocates-on-failure", &AllocatesOnFailure},
               {"requires-transaction", &RequiresTransaction},
               {"ends", &Ends},
               {"error-argument", &ErrorArg},
               {"runs-unless-kept", &RunsUnlessKept}}};
    }
  };

  /// `"read-only": {"argument": 2, "flag": 131072}`.
  bool readOnlyFlag(const JsonNode &Obj, OperationSpec &Out) {
    const JsonNode *Argument = nullptr, *Flag = nullptr;
    unsigned Index;
    if (!members(Obj, {{"argument", &Argument}, {"flag", &Flag}}) ||
        !required(Obj, "argument", Argument) || !required(Obj, "flag", Flag) ||
        !index(Argument, Index) || !expectKind(*Flag, JsonNode::Number))
      return false;
    if (Flag->NumberValue <= 0 || Flag->NumberValue > 0xffffffff ||
        Flag->NumberValue != uint64_t(Flag->NumberValue))
      return fail(Flag->Pos, "expected a flag, a positive integer");
    Out.ReadOnlyFlag = {Index, uint64_t(Flag->NumberValue)};
    return true;
  }

  /// members() for an operation's object: \p Own keys, then the operation's.
  bool members(const JsonNode &Obj, llvm::ArrayRef<KeySlot> Own,
               llvm::ArrayRef<KeySlot> Operation) {
    llvm::SmallVector<KeySlot, 10> All(Own.begin(), Own.end());
    All.append(Operation.begin(), Operation.end());
    return members(Obj, All);
  }

  bool operation(const JsonNode &Obj, const OperationNodes &N,
                 OperationSpec &Out) {
    // An accessor, a fluent method or a callee that takes over the commit
    // does nothing else, unless it says so.
    if (!N.Op && (N.Returns || N.Ends))
      Out.Op = Operation::None;
    else if (!required(Obj, "operation", N.Op))
      return false;
    if (!enumeration(N.Op, OperationNames, "operation", Out.Op) ||
        !handle(N.Handle, Out.Handle) || !handle(N.Statement, Out.Statement) ||
        !enumeration(N.HandleRole, RoleNames, "role", Out.HandleRole) ||
        !failure(N.Failure, Out) ||
        !enumeration(N.Returns, ReturnedNames, "returned handle", Out.Returns))
      return false;
    Out.HandleGiven = N.Handle;
    Out.StatementGiven = N.Statement;
    if (N.SqlArg) {
      unsigned Index;
      if (!index(N.SqlArg, Index))
        return false;
      Out.SqlArgument = Index;
    }
    if (N.ErrorArg) {
      unsigned Index;
      if (!index(N.ErrorArg, Index))
        return false;
      Out.ErrorArgument = Index;
    }
    if (N.Parent) {
      if (!handle(N.Parent, Out.Parent.emplace()))
        return false;
      if (Out.Op != Operation::Begin && Out.Op != Operation::SavepointOpen)
        return fail(N.Parent->Pos,
                    "'parent' needs operation 'begin' or 'savepoint'");
    }
    if (N.Arguments) {
      unsigned Count;
      if (!index(N.Arguments, Count))
        return false;
      Out.ArgumentCount = Count;
    }
    if (N.ReadOnly && N.ReadOnly->K == JsonNode::Object) {
      if (!readOnlyFlag(*N.ReadOnly, Out))
        return false;
      if (Out.Op != Operation::Begin)
        return fail(N.ReadOnly->Pos, "a read-only flag needs operation "
                                     "'begin'");
    } else if (N.ReadOnly) {
      if (!expectKind(*N.ReadOnly, JsonNode::Bool))
        return false;
      Out.ReadOnly = N.ReadOnly->BoolValue;
      if (Out.ReadOnly && Out.Op != Operation::Begin &&
          Out.Op != Operation::CommitAndBegin)
        return fail(N.ReadOnly->Pos, "'read-only' needs operation 'begin' or "
                                     "'commit-and-begin'");
    }
    if (N.AllocatesOnFailure) {
      if (!expectKind(*N.AllocatesOnFailure, JsonNode::Bool))
        return false;
      Out.AllocatesOnFailure = N.AllocatesOnFailure->BoolValue;
      if (Out.AllocatesOnFailure &&
          (Out.Op != Operation::Open || Out.Failure == FailureReport::None))
        return fail(N.AllocatesOnFailure->Pos,
                    "'allocates-on-failure' needs operation 'open' and a "
                    "'failure' report");
    }
    if (N.Ends) {
      if (!handle(N.Ends, Out.Ends.emplace()))
        return false;
      if (Out.Ends->K == HandleSource::Result)
        return fail(N.Ends->Pos, "'ends' names the transaction the call is "
                                 "handed ('object', 'owner' or "
                                 "'argument:N'), not 'result'");
    }
    if (N.Joins) {
      if (!boolean(N.Joins, Out.Joins))
        return false;
      if (Out.Joins && Out.Op != Operation::Begin)
        return fail(N.Joins->Pos, "'joins' needs operation 'begin'");
    }
    if (N.RequiresTransaction) {
      if (!boolean(N.RequiresTransaction, Out.RequiresTransaction))
        return false;
      if (Out.RequiresTransaction && Out.Op != Operation::Write &&
          Out.Op != Operation::Read && Out.Op != Operation::ExecuteSql &&
          Out.Op != Operation::ExecutePrepared)
        return fail(N.RequiresTransaction->Pos,
                    "'requires-transaction' needs operation 'write', 'read', "
                    "'execute-sql' or 'execute-prepared'");
    }
    if (N.RunsUnlessKept) {
      if (!boolean(N.RunsUnlessKept, Out.RunsUnlessKept))
        return false;
      if (Out.RunsUnlessKept && Out.Op != Operation::ExecuteSql)
        return fail(N.RunsUnlessKept->Pos,
                    "'runs-unless-kept' needs operation 'execute-sql'");
    }
    if (!stringList(N.Success, Out.SuccessValues))
      return false;
    if (Out.Op == Operation::ExecuteSql && !Out.SqlArgument)
      return fail(Obj.Pos, "operation 'execute-sql' needs 'sql-argument'");
    if (Out.Op == Operation::ResultStatus && Out.SuccessValues.empty())
      return fail(Obj.Pos, "operation 'result-status' needs 'success'");
    if (Out.Failure == FailureReport::ReturnsCode && Out.SuccessValues.empty())
      return fail(Obj.Pos, "failure 'returns-code' needs 'success'");
    return true;
  }

  bool method(const JsonNode &N, MethodSpec &Out) {
    const JsonNode *Name = nullptr;
    OperationNodes Op;
    return expectKind(N, JsonNode::Object) &&
           members(N, {{"name", &Name}}, Op.slots()) &&
           required(N, "name", Name) &&
           name(Name, "method", /*Qualified=*/false, Out.Name) &&
           operation(N, Op, Out.Spec);
  }

  bool function(const JsonNode &N, FunctionSpec &Out) {
    // A free function's handle is its first argument unless said otherwise.
    Out.Spec.Handle = {HandleSource::Argument, 0};
    const JsonNode *Name = nullptr;
    OperationNodes Op;
    if (!expectKind(N, JsonNode::Object) ||
        !members(N, {{"name", &Name}}, Op.slots()) ||
        !required(N, "name", Name) ||
        !name(Name, "function", /*Qualified=*/true, Out.QualifiedName))
      return false;
    Out.Origin = origin(Name->Pos);
    return operation(N, Op, Out.Spec);
  }

  bool type(const JsonNode &N, TypeSpec &Out) {
    const JsonNode *Name = nullptr, *RoleNode = nullptr, *Dtor = nullptr,
                   *Ctor = nullptr, *Methods = nullptr, *Affine = nullptr,
                   *Implicit = nullptr, *Default = nullptr;
    if (!expectKind(N, JsonNode::Object) ||
        !members(N, {{"name", &Name},
                     {"role", &RoleNode},
                     {"destructor", &Dtor},
                     {"thread-affine", &Affine},
                     {"implicit-transactions", &Implicit},
                     {"default-connection", &Default},
                     {"constructor", &Ctor},
                     {"methods", &Methods}}) ||
        !required(N, "name", Name) ||
        !name(Name, "type", /*Qualified=*/true, Out.QualifiedName) ||
        !required(N, "role", RoleNode) ||
        !enumeration(RoleNode, RoleNames, "role", Out.TypeRole) ||
        !enumeration(Dtor, DestructorNames, "destructor action",
                     Out.Destructor) ||
        !boolean(Affine, Out.ThreadAffine) ||
        !boolean(Implicit, Out.ImplicitTransactions) ||
        (Default && !name(Default, "default connection's method",
                          /*Qualified=*/false, Out.DefaultConnection)))
      return false;
    if (Out.ImplicitTransactions && Out.TypeRole != Role::Session)
      return fail(Implicit->Pos,
                  "'implicit-transactions' needs role 'session'");
    if (Default && Out.TypeRole != Role::Session)
      return fail(Default->Pos, "'default-connection' needs role 'session'");
    Out.Origin = origin(Name->Pos);
    // One constructor, or a list of overloads told apart by "arguments".
    if (Ctor) {
      llvm::ArrayRef<JsonNode> Overloads = Ctor->K == JsonNode::Array
                                               ? llvm::ArrayRef(Ctor->Elements)
                                               : llvm::ArrayRef(*Ctor);
      Listed Seen;
      for (const JsonNode &Overload : Overloads) {
        OperationNodes Op;
        OperationSpec &Spec = Out.Constructors.emplace_back();
        if (!expectKind(Overload, JsonNode::Object) ||
            !members(Overload,
                     llvm::ArrayRef(Op.slots())
                         .take_front(OperationNodes::ConstructorKeys)) ||
            !operation(Overload, Op, Spec) ||
            !once(Seen, "constructor with 'arguments'", Overload,
                  Spec.ArgumentCount ? std::to_string(*Spec.ArgumentCount)
                                     : "any"))
          return false;
      }
    }
    if (Methods) {
      if (!expectKind(*Methods, JsonNode::Array))
        return false;
      Listed Seen;
      for (const JsonNode &M : Methods->Elements) {
        Out.Methods.emplace_back();
        const MethodSpec &Method = Out.Methods.back();
        if (!method(M, Out.Methods.back()) ||
            !once(Seen, "method", M,
                  Method.Spec.ArgumentCount
                      ? Method.Name + "' with 'arguments': '" +
                            std::to_string(*Method.Spec.ArgumentCount)
                      : Method.Name))
          return false;
      }
    }
    return true;
  }

  bool asyncSink(const JsonNode &N, AsyncSink &Out) {
    const JsonNode *Name = nullptr, *OtherThread = nullptr, *WaitedBy = nullptr,
                   *WaitsWhenDestroyed = nullptr;
    if (!expectKind(N, JsonNode::Object) ||
        !members(N, {{"name", &Name},
                     {"other-thread", &OtherThread},
                     {"waited-by", &WaitedBy},
                     {"waits-when-destroyed", &WaitsWhenDestroyed}}) ||
        !required(N, "name", Name) ||
        !name(Name, "async sink", /*Qualified=*/true, Out.Name) ||
        !boolean(OtherThread, Out.OtherThread) ||
        !stringList(WaitedBy, Out.WaitedBy) ||
        !boolean(WaitsWhenDestroyed, Out.WaitsWhenDestroyed))
      return false;
    Out.Origin = origin(Name->Pos);
    return true;
  }

  bool threadAffineOpener(const JsonNode &N, ThreadAffineOpener &Out) {
    const JsonNode *Name = nullptr, *Handle = nullptr, *UnlessFlag = nullptr;
    HandleSource Source;
    if (!expectKind(N, JsonNode::Object) ||
        !members(N, {{"name", &Name},
                     {"handle", &Handle},
                     {"unless-flag", &UnlessFlag}}) ||
        !required(N, "name", Name) ||
        !name(Name, "function", /*Qualified=*/true, Out.Name) ||
        !required(N, "handle", Handle) || !handle(Handle, Source) ||
        !string(UnlessFlag, Out.UnlessFlag))
      return false;
    if (Source.K != HandleSource::Argument)
      return fail(Handle->Pos, "an opener's handle is 'argument:N'");
    Out.HandleArgument = Source.Index;
    Out.Origin = origin(Name->Pos);
    return true;
  }

  /// Where each entry of a list was first seen, by what identifies it.
  using Listed = std::map<std::string, Position>;

  /// Fails when \p Key was listed before: the later entry would silently
  /// win over the earlier one.
  bool once(Listed &Seen, StringRef What, const JsonNode &Entry,
            const std::string &Key) {
    auto [It, Inserted] = Seen.try_emplace(Key, Entry.Pos);
    return Inserted ||
           fail(Entry.Pos, What + " '" + Key + "' is listed twice in the "
                                 "profile (first at " +
                                 Twine(It->second.Line) + ":" +
                                 Twine(It->second.Column) + ")");
  }

  bool profile(const JsonNode &N, Profile &Out) {
    const JsonNode *Name = nullptr, *Replace = nullptr, *Description = nullptr,
                   *Aborts = nullptr, *Database = nullptr, *Types = nullptr,
                   *Functions = nullptr, *Exceptions = nullptr,
                   *Sinks = nullptr, *Openers = nullptr;
    if (!expectKind(N, JsonNode::Object) ||
        !members(N, {{"name", &Name},
                     {"replace", &Replace},
                     {"description", &Description},
                     {"aborts-on-error", &Aborts},
                     {"database", &Database},
                     {"exceptions", &Exceptions},
                     {"types", &Types},
                     {"functions", &Functions},
                     {"async-sinks", &Sinks},
                     {"thread-affine-openers", &Openers}}) ||
        !required(N, "name", Name) || !string(Name, Out.Name) ||
        !string(Description, Out.Description) ||
        !boolean(Replace, Out.Replace) || !boolean(Aborts, Out.AbortsOnError) ||
        !string(Database, Out.Database) ||
        !stringList(Exceptions, Out.Exceptions))
      return false;
    if (Database && !llvm::is_contained({"sqlite", "postgresql", "mysql"},
                                        Out.Database))
      return fail(Database->Pos, "unknown database '" + Out.Database +
                                     "'; expected \"sqlite\", "
                                     "\"postgresql\" or \"mysql\"");
    Out.Origin = origin(Name->Pos);
    if (Sinks) {
      if (!expectKind(*Sinks, JsonNode::Array))
        return false;
      Listed Seen;
      for (const JsonNode &S : Sinks->Elements) {
        Out.AsyncSinks.emplace_back();
        if (!asyncSink(S, Out.AsyncSinks.back()) ||
            !once(Seen, "async sink", S, Out.AsyncSinks.back().Name))
          return false;
      }
    }
    if (Openers) {
      if (!expectKind(*Openers, JsonNode::Array))
        return false;
      Listed Seen;
      for (const JsonNode &O : Openers->Elements) {
        Out.ThreadAffineOpeners.emplace_back();
        if (!threadAffineOpener(O, Out.ThreadAffineOpeners.back()) ||
            !once(Seen, "opener", O, Out.ThreadAffineOpeners.back().Name))
          return false;
      }
    }
    if (Types) {
      if (!expectKind(*Types, JsonNode::Array))
        return false;
      Listed Seen;
      for (const JsonNode &T : Types->Elements) {
        Out.Types.emplace_back();
        if (!type(T, Out.Types.back()) ||
            !once(Seen, "type", T, Out.Types.back().QualifiedName))
          return false;
      }
    }
    if (Functions) {
      if (!expectKind(*Functions, JsonNode::Array))
        return false;
      Listed Seen;
      for (const JsonNode &F : Functions->Elements) {
        Out.Functions.emplace_back();
        if (!function(F, Out.Functions.back()) ||
            !once(Seen, "function", F, Out.Functions.back().QualifiedName))
          return false;
      }
    }
    return true;
  }

  StringRef FileName;
  std::string Err;
};

std::string handleName(HandleSource H) {
  switch (H.K) {
  case HandleSource::Object: return "object";
  case HandleSource::Owner: return "owner";
  case HandleSource::Result: return "result";
  case HandleSource::Argument: return "argument:" + std::to_string(H.Index);
  }
  return "object";
}

nlohmann::ordered_json printOperation(const OperationSpec &Spec,
                                      HandleSource DefaultHandle) {
  nlohmann::ordered_json J;
  J["operation"] = nameOf(OperationNames, Spec.Op).str();
  if (Spec.ArgumentCount)
    J["arguments"] = *Spec.ArgumentCount;
  if (Spec.HandleGiven || Spec.Handle.K != DefaultHandle.K ||
      Spec.Handle.Index != DefaultHandle.Index)
    J["handle"] = handleName(Spec.Handle);
  if (Spec.SqlArgument)
    J["sql-argument"] = *Spec.SqlArgument;
  if (Spec.ErrorArgument)
    J["error-argument"] = *Spec.ErrorArgument;
  if (Spec.Op == Operation::PrepareSql || Spec.StatementGiven)
    J["statement"] = handleName(Spec.Statement);
  if (Spec.AlsoThrows)
    J["failure"] = {nameOf(FailureNames, Spec.Failure).str(),
                    nameOf(FailureNames, FailureReport::Exception).str()};
  else if (Spec.Failure != FailureReport::None)
    J["failure"] = nameOf(FailureNames, Spec.Failure).str();
  if (!Spec.SuccessValues.empty())
    J["success"] = Spec.SuccessValues;
  if (Spec.HandleRole != Role::Session)
    J["handle-role"] = nameOf(RoleNames, Spec.HandleRole).str();
  if (Spec.Returns != ReturnedHandle::Unknown)
    J["returns"] = nameOf(ReturnedNames, Spec.Returns).str();
  if (Spec.ReadOnly)
    J["read-only"] = true;
  if (Spec.ReadOnlyFlag)
    J["read-only"] = {{"argument", Spec.ReadOnlyFlag->Argument},
                      {"flag", Spec.ReadOnlyFlag->Flag}};
  if (Spec.AllocatesOnFailure)
    J["allocates-on-failure"] = true;
  if (Spec.Parent)
    J["parent"] = handleName(*Spec.Parent);
  if (Spec.Joins)
    J["joins"] = true;
  if (Spec.RequiresTransaction)
    J["requires-transaction"] = true;
  if (Spec.RunsUnlessKept)
    J["runs-unless-kept"] = true;
  if (Spec.Ends)
    J["ends"] = handleName(*Spec.Ends);
  return J;
}

} // namespace

Expected<std::vector<Profile>> parseModel(StringRef Text, StringRef FileName) {
  JsonReader Reader(Text);
  JsonNode Root;
  if (!Reader.read(Root))
    return make_error<ModelError>(
        (FileName + ":" + Twine(Reader.errorPos().Line) + ":" +
         Twine(Reader.errorPos().Column) + ": " + Reader.errorMessage())
            .str());
  std::vector<Profile> Profiles;
  ModelBuilder Builder(FileName);
  if (!Builder.build(Root, Profiles))
    return make_error<ModelError>(Builder.takeError());
  return Profiles;
}

Expected<std::vector<Profile>> readModelFile(StringRef Path) {
  auto Buffer = readInputFile(Path);
  if (!Buffer)
    return make_error<ModelError>(("cannot read model file '" + Path +
                                   "': " + toString(Buffer.takeError()))
                                      .str());
  return parseModel((*Buffer)->getBuffer(), Path);
}

std::string printModel(ArrayRef<Profile> Profiles) {
  nlohmann::ordered_json Root;
  Root["profiles"] = nlohmann::ordered_json::array();
  for (const Profile &P : Profiles) {
    nlohmann::ordered_json JP;
    JP["name"] = P.Name;
    // The dump is the whole model: read back, each profile replaces the one
    // of its name.
    JP["replace"] = true;
    if (!P.Description.empty())
      JP["description"] = P.Description;
    if (P.AbortsOnError)
      JP["aborts-on-error"] = true;
    if (!P.Database.empty())
      JP["database"] = P.Database;
    if (!P.Exceptions.empty())
      JP["exceptions"] = P.Exceptions;
    for (const TypeSpec &T : P.Types) {
      nlohmann::ordered_json JT;
      JT["name"] = T.QualifiedName;
      JT["role"] = nameOf(RoleNames, T.TypeRole).str();
      JT["destructor"] = nameOf(DestructorNames, T.Destructor).str();
      if (T.ThreadAffine)
        JT["thread-affine"] = true;
      if (T.ImplicitTransactions)
        JT["implicit-transactions"] = true;
      if (!T.DefaultConnection.empty())
        JT["default-connection"] = T.DefaultConnection;
      if (T.Constructors.size() == 1)
        JT["constructor"] = printOperation(T.Constructors.front(), {});
      else if (!T.Constructors.empty())
        for (const OperationSpec &Ctor : T.Constructors)
          JT["constructor"].push_back(printOperation(Ctor, {}));
      for (const MethodSpec &M : T.Methods) {
        nlohmann::ordered_json JM;
        JM["name"] = M.Name;
        JM.update(printOperation(M.Spec, {}));
        JT["methods"].push_back(JM);
      }
      JP["types"].push_back(JT);
    }
    for (const FunctionSpec &F : P.Functions) {
      nlohmann::ordered_json JF;
      JF["name"] = F.QualifiedName;
      JF.update(printOperation(F.Spec, {HandleSource::Argument, 0}));
      JP["functions"].push_back(JF);
    }
    for (const AsyncSink &S : P.AsyncSinks) {
      nlohmann::ordered_json JS;
      JS["name"] = S.Name;
      if (S.OtherThread)
        JS["other-thread"] = true;
      if (!S.WaitedBy.empty())
        JS["waited-by"] = S.WaitedBy;
      if (S.WaitsWhenDestroyed)
        JS["waits-when-destroyed"] = true;
      JP["async-sinks"].push_back(JS);
    }
    for (const ThreadAffineOpener &O : P.ThreadAffineOpeners) {
      nlohmann::ordered_json JO;
      JO["name"] = O.Name;
      JO["handle"] = handleName({HandleSource::Argument, O.HandleArgument});
      if (!O.UnlessFlag.empty())
        JO["unless-flag"] = O.UnlessFlag;
      JP["thread-affine-openers"].push_back(JO);
    }
    Root["profiles"].push_back(JP);
  }
  return Root.dump(2) + "\n";
}

StringRef roleName(Role R) { return nameOf(RoleNames, R); }
StringRef operationName(Operation Op) { return nameOf(OperationNames, Op); }
StringRef failureReportName(FailureReport F) { return nameOf(FailureNames, F); }
StringRef destructorActionName(DestructorAction D) {
  return nameOf(DestructorNames, D);
}
StringRef returnedHandleName(ReturnedHandle R) {
  return nameOf(ReturnedNames, R);
}

} // namespace txnlint
