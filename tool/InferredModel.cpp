//===--- InferredModel.cpp ------------------------------------------------===//

#include "InferredModel.h"
#include <map>
#include <nlohmann/json.hpp>

namespace txnlint {
namespace {

using Json = nlohmann::json;

/// The enumerator of \p Candidates that \p Name names.
template <typename Enum, typename NameOf>
std::optional<Enum> enumNamed(const std::string &Name,
                              std::initializer_list<Enum> Candidates,
                              NameOf Names) {
  for (Enum E : Candidates)
    if (Names(E) == Name)
      return E;
  return std::nullopt;
}

/// One model entry that a summary says: a method of Class, or a function
/// when Class is empty.
struct Entry {
  std::string Class;
  std::string Name;
  OperationSpec Spec;
};

bool sameMeaning(const OperationSpec &A, const OperationSpec &B) {
  return A.Op == B.Op && A.SqlArgument == B.SqlArgument &&
         A.Handle.K == B.Handle.K && A.Handle.Index == B.Handle.Index &&
         A.Failure == B.Failure && A.HandleRole == B.HandleRole;
}

/// The entry that the summary text \p Summary (exportSummary's) says, when
/// the model format can say it: one event, on the object of a method or on
/// a parameter, and nothing else the function may do.
std::optional<Entry> entryOf(const Json &Summary) {
  const Json &Events = Summary.value("events", Json::array());
  if (!Events.is_array() || Events.size() != 1 || !Events[0].is_object() ||
      Summary.contains("checks-result-of"))
    return std::nullopt;
  const Json &Event = Events[0];
  std::string Kind = Summary.value("kind", ""), On = Event.value("on", "");
  bool OnObject = On == "object" && Kind == "method";
  if (!OnObject && !(On == "parameter" && Kind != "special-member"))
    return std::nullopt;
  std::optional<Operation> Op = enumNamed(
      Event.value("op", ""),
      {Operation::Begin, Operation::Commit, Operation::Rollback,
       Operation::Close, Operation::Write, Operation::Read},
      operationName);
  std::optional<Role> HandleRole = enumNamed(
      Event.value("role", ""),
      {Role::Session, Role::Transaction, Role::Savepoint, Role::Statement},
      roleName);
  if (!Op || !HandleRole)
    return std::nullopt;
  Entry E;
  OperationSpec &Spec = E.Spec;
  Spec.Op = *Op;
  if (Event.contains("sql-param")) {
    Spec.Op = Operation::ExecuteSql;
    Spec.SqlArgument = Event.value("sql-param", 0u);
  } else if (Event.value("sql-unknown", false)) {
    // A write the model would take for a known one.
    return std::nullopt;
  }
  // The event must be all the function does: a begin wrapper that may end
  // what it is handed, or an end that may begin, is a unit of work whose
  // other events happen on some paths only.
  bool MayEnd = Summary.value("may-end", true);
  bool MayBegin = Summary.value("may-begin", true);
  if ((Spec.Op != Operation::Begin && MayBegin) ||
      (!endsTransaction(Spec.Op) && MayEnd))
    return std::nullopt;
  if (Summary.value("reported", 1u) == 0)
    Spec.Failure =
        enumNamed(Summary.value("reported-as", ""),
                  {FailureReport::Exception, FailureReport::ReturnsBool,
                   FailureReport::ReturnsZero, FailureReport::ReturnsNegative,
                   FailureReport::ReturnsStatus, FailureReport::ReturnsResult},
                  failureReportName)
            .value_or(FailureReport::None);
  Spec.ArgumentCount = Summary.value("params", 0u);
  Spec.HandleRole = *HandleRole;
  std::string Name = Summary.value("name", "");
  if (OnObject) {
    E.Class = Summary.value("class", "");
    if (E.Class.empty() || !llvm::StringRef(Name).starts_with(E.Class + "::"))
      return std::nullopt;
    E.Name = Name.substr(E.Class.size() + 2);
  } else {
    E.Name = Name;
    Spec.Handle = {HandleSource::Argument, Event.value("param", 0u)};
    Spec.HandleGiven = true;
  }
  return E;
}

/// Whether \p Known describes \p E's function, or its class.
bool isModelled(const Entry &E, const TransactionModel &Known) {
  if (E.Class.empty())
    return Known.findFunction(E.Name);
  return Known.findType(E.Class) || Known.findFunction(E.Class + "::" + E.Name);
}

} // namespace

Profile inferModel(llvm::ArrayRef<const UnitSummaries *> Units,
                   const TransactionModel &Known) {
  // Units in file order, and the first definition of a USR, as the link.
  std::vector<const UnitSummaries *> Sorted(Units.begin(), Units.end());
  llvm::sort(Sorted, [](const UnitSummaries *A, const UnitSummaries *B) {
    return A->File < B->File;
  });
  std::map<std::string, const std::string *> ByUsr;
  for (const UnitSummaries *Unit : Sorted)
    for (const auto &[Usr, Text] : Unit->Summaries)
      ByUsr.try_emplace(Usr, &Text);

  // Keyed by class (empty for functions), name and parameter count; an
  // entry two overloads of one count disagree on is left out (null).
  using Key = std::tuple<std::string, std::string, unsigned>;
  std::map<Key, std::optional<Entry>> Entries;
  for (const auto &[Usr, Text] : ByUsr) {
    std::optional<Entry> E = entryOf(Json::parse(*Text, nullptr, false));
    if (!E || isModelled(*E, Known))
      continue;
    auto [It, Inserted] =
        Entries.try_emplace(Key{E->Class, E->Name, *E->Spec.ArgumentCount}, *E);
    if (!Inserted && It->second && !sameMeaning(It->second->Spec, E->Spec))
      It->second.reset();
  }

  Profile P;
  P.Name = "inferred";
  P.Description = "Wrappers inferred from function bodies by txnlint "
                  "--infer-model; review before committing";
  for (auto &[K, E] : Entries) {
    if (!E)
      continue;
    if (E->Class.empty()) {
      P.Functions.push_back({E->Name, "", E->Spec});
      continue;
    }
    if (P.Types.empty() || P.Types.back().QualifiedName != E->Class) {
      TypeSpec &T = P.Types.emplace_back();
      T.QualifiedName = E->Class;
      T.TypeRole = E->Spec.HandleRole;
    }
    TypeSpec &T = P.Types.back();
    // A class whose methods act on a connection is one, whatever else it
    // holds.
    if (E->Spec.HandleRole == Role::Session)
      T.TypeRole = Role::Session;
    // The type's role says it; handle-role is for unmodelled handles.
    E->Spec.HandleRole = Role::Session;
    T.Methods.push_back({E->Name, E->Spec});
  }
  return P;
}

} // namespace txnlint
