//===--- LockOrderInversionCheck.cpp - txn-lock-order-inversion -----------===//

#include "LockOrderInversionCheck.h"
#include "analysis/SummaryStore.h"
#include "analysis/TxnStateAnalysis.h"
#include "llvm/ADT/StringSet.h"
#include <map>
#include <mutex>
#include <set>
#include <nlohmann/json.hpp>

using namespace clang;

namespace txnlint {

using Json = nlohmann::ordered_json;

/// Tables per transaction beyond which the orders of the rest are not
/// compared (a generated bulk import).
static constexpr unsigned MaxLocksPerTransaction = 16;

void LockOrderInversionCheck::onStartOfTranslationUnit() {
  TransactionCheck::onStartOfTranslationUnit();
  Transactions.clear();
  Context = nullptr;
}

LockOrderInversionCheck::Position
LockOrderInversionCheck::positionOf(SourceLocation Loc) const {
  const SourceManager &SM = Context->getSourceManager();
  Loc = SM.getExpansionLoc(Loc);
  std::string File;
  if (OptionalFileEntryRef Entry = SM.getFileEntryRefForID(SM.getFileID(Loc))) {
    File = Entry->getFileEntry().tryGetRealPathName().str();
    if (File.empty())
      File = Entry->getName().str();
  }
  return {File, SM.getExpansionLineNumber(Loc), SM.getExpansionColumnNumber(Loc)};
}

void LockOrderInversionCheck::checkFunction(const FunctionTxnResult &Analysis,
                                            ASTContext &Ctx) {
  Context = &Ctx;
  const SourceManager &SM = Ctx.getSourceManager();
  TxnAnalysisCache &Cache = TxnAnalysisCache::get(Ctx, model());
  // What takes locks in one transaction, in source order: writes of
  // recognized SQL (a helper's, through its summary, too) and locking reads
  // on its handle or connection. \p Opener is its begin, or for a
  // transaction the function runs inside, its first statement.
  auto AddTransaction = [&](const TxnEvent &Opener,
                            llvm::ArrayRef<unsigned> Writes,
                            llvm::ArrayRef<unsigned> Reads) {
    // SQLite locks the whole database for a writer: no order of tables.
    if (!Opener.Spec || Cache.databaseOf(Opener) == "sqlite")
      return;
    std::vector<unsigned> Steps;
    for (llvm::ArrayRef<unsigned> List : {Writes, Reads})
      for (unsigned Id : List)
        if (!Analysis.Events[Id].SqlUnknown &&
            mayShareTransaction(Analysis.Events[Id], Opener) &&
            !SM.isBeforeInTranslationUnit(eventLocation(Analysis.Events[Id]),
                                          eventLocation(Opener)))
          Steps.push_back(Id);
    llvm::sort(Steps, [&](unsigned A, unsigned B) {
      return SM.isBeforeInTranslationUnit(eventLocation(Analysis.Events[A]),
                                          eventLocation(Analysis.Events[B]));
    });
    Transaction T{functionSpelling(Analysis.Function),
                  Cache.databaseOf(Opener).str(),
                  positionOf(eventLocation(Opener)),
                  {}};
    llvm::StringSet<> Seen;
    for (unsigned Id : Steps) {
      const TxnEvent &E = Analysis.Events[Id];
      for (const std::vector<std::string> *Tables :
           {&E.Access.Written, &E.Access.Locked})
        for (const std::string &Table : *Tables)
          if (T.Locks.size() < MaxLocksPerTransaction &&
              Seen.insert(Table).second)
            T.Locks.push_back(
                {Table, eventLocation(E), positionOf(eventLocation(E))});
    }
    if (T.Locks.size() >= 2)
      Transactions.push_back(std::move(T));
  };
  for (const TransactionScope &Scope : Analysis.Scopes)
    if (const TxnEvent &Begin = Analysis.Events[Scope.Begin]; !Begin.Joins)
      AddTransaction(Begin, Scope.Writes, Scope.Reads);
  // A transaction the function is handed, or runs inside for its callers.
  for (const AmbientTransaction &Ambient :
       Cache.ambientTransactions(Analysis)) {
    const TxnEvent *First = nullptr;
    for (unsigned Id :
         llvm::concat<const unsigned>(Ambient.Writes, Ambient.Reads))
      if (!First ||
          SM.isBeforeInTranslationUnit(eventLocation(Analysis.Events[Id]),
                                       eventLocation(*First)))
        First = &Analysis.Events[Id];
    if (First)
      AddTransaction(*First, Ambient.Writes, Ambient.Reads);
  }
}

static Json positionToJson(const std::tuple<std::string, unsigned, unsigned> &P) {
  return Json::array({std::get<0>(P), std::get<1>(P), std::get<2>(P)});
}

static std::optional<std::tuple<std::string, unsigned, unsigned>>
positionFromJson(const Json &J) {
  if (!J.is_array() || J.size() != 3 || !J[0].is_string() ||
      !J[1].is_number_unsigned() || !J[2].is_number_unsigned())
    return std::nullopt;
  return std::tuple{J[0].get<std::string>(), J[1].get<unsigned>(),
                    J[2].get<unsigned>()};
}

std::shared_ptr<const LockOrderInversionCheck::OrderIndex>
LockOrderInversionCheck::linkedOrders(const LinkedSummaries &Linked) {
  static std::mutex Lock;
  static unsigned Generation = 0;
  static std::shared_ptr<const OrderIndex> Parsed;
  std::lock_guard<std::mutex> Guard(Lock);
  if (Parsed && Generation == Linked.generation())
    return Parsed;
  auto Index = std::make_shared<OrderIndex>();
  for (const std::string &Text : Linked.lockOrders()) {
    Json J = Json::parse(Text, nullptr, false);
    if (!J.is_object())
      continue;
    auto Begin = positionFromJson(J.value("begin", Json()));
    auto FirstAt = positionFromJson(J.value("first-at", Json()));
    auto SecondAt = positionFromJson(J.value("second-at", Json()));
    if (!Begin || !FirstAt || !SecondAt)
      continue;
    Order O{J.value("first", ""), J.value("second", ""),
            J.value("database", ""), J.value("function", ""),
            *Begin, *FirstAt, *SecondAt};
    O.Unit = J.value("unit", "");
    (*Index)[{O.First, O.Second}].push_back(std::move(O));
  }
  for (auto &[Pair, List] : *Index)
    llvm::stable_sort(List, [](const Order &A, const Order &B) {
      return A.Begin < B.Begin;
    });
  Generation = Linked.generation();
  Parsed = std::move(Index);
  return Parsed;
}

void LockOrderInversionCheck::onEndOfTranslationUnit() {
  if (!Context) {
    TransactionCheck::onEndOfTranslationUnit();
    return;
  }
  llvm::sort(Transactions, [](const Transaction &A, const Transaction &B) {
    return A.Begin < B.Begin;
  });
  // Every order of two tables, this unit's and then the other units'.
  std::vector<Order> Orders;
  std::set<Position> LocalBegins;
  for (const Transaction &T : Transactions) {
    LocalBegins.insert(T.Begin);
    for (size_t I = 0; I < T.Locks.size(); ++I)
      for (size_t J = I + 1; J < T.Locks.size(); ++J)
        Orders.push_back({T.Locks[I].Table, T.Locks[J].Table, T.Database,
                          T.Function, T.Begin, T.Locks[I].Where,
                          T.Locks[J].Where, &T, &T.Locks[I], &T.Locks[J]});
  }
  // The unit's main file names its own orders in the store: those of an
  // earlier run of it are not another unit's.
  const SourceManager &SM = Context->getSourceManager();
  std::string MainFile =
      std::get<0>(positionOf(SM.getLocForStartOfFile(SM.getMainFileID())));
  if (UnitSummaries *Unit = SummaryExtraction::current()) {
    for (const Order &O : Orders) {
      Json J = {{"unit", MainFile},
                {"first", O.First},
                {"second", O.Second},
                {"database", O.Database},
                {"function", O.Function},
                {"begin", positionToJson(O.Begin)},
                {"first-at", positionToJson(O.FirstAt)},
                {"second-at", positionToJson(O.SecondAt)}};
      Unit->LockOrders.push_back(J.dump());
    }
    Unit->LockOrdersSeen =
        externalSummaries() ? externalSummaries()->lockOrdersHash(MainFile) : 0;
  }
  // Of the two orders of two tables, the one some transaction took first
  // (by the position of its begin, the same in every unit) is the order;
  // each transaction that takes the other is reported once, against that
  // first transaction.
  OrderIndex Local;
  for (const Order &O : Orders)
    Local[{O.First, O.Second}].push_back(O);
  for (auto &[Pair, List] : Local)
    llvm::stable_sort(List, [](const Order &A, const Order &B) {
      return A.Begin < B.Begin;
    });
  std::shared_ptr<const OrderIndex> Linked =
      externalSummaries() ? linkedOrders(*externalSummaries()) : nullptr;
  auto Earliest = [&](const std::string &First, const std::string &Second,
                      const Order &With) -> const Order * {
    auto MayConflict = [&](const Order &O) {
      return O.Database.empty() || With.Database.empty() ||
             O.Database == With.Database;
    };
    const Order *Found = nullptr;
    if (auto It = Local.find({First, Second}); It != Local.end())
      for (const Order &O : It->second)
        if (MayConflict(O)) {
          Found = &O;
          break;
        }
    // This unit's own transactions (also those of a header it shares with
    // other units, and those of an earlier run of it) are compared as its
    // own.
    if (!Linked)
      return Found;
    auto It = Linked->find({First, Second});
    if (It == Linked->end())
      return Found;
    for (const Order &O : It->second)
      if (MayConflict(O) && O.Unit != MainFile && !LocalBegins.count(O.Begin)) {
        if (!Found || O.Begin < Found->Begin)
          Found = &O;
        break;
      }
    return Found;
  };
  // One finding for each two transactions, at the first pair.
  std::set<std::pair<Position, Position>> Reported;
  for (const Order &Inverted : Orders) {
    if (!Inverted.Local)
      continue;
    const Order *First = Earliest(Inverted.Second, Inverted.First, Inverted);
    const Order *Same = Earliest(Inverted.First, Inverted.Second, Inverted);
    if (First && Same && First->Begin < Same->Begin &&
        Reported.insert({Inverted.Begin, First->Begin}).second)
      report(*Inverted.LocalFirst, *Inverted.LocalSecond, *First);
  }
  Transactions.clear();
  Context = nullptr;
  TransactionCheck::onEndOfTranslationUnit();
}

void LockOrderInversionCheck::report(const Lock &Earlier, const Lock &Later,
                                     const Order &First) {
  std::string Where =
      First.Local ? "" : " (" + std::get<0>(First.FirstAt) + ":" +
                             std::to_string(std::get<1>(First.FirstAt)) + ")";
  diag(Earlier.Loc,
       "transaction locks '%0' before '%1', but the transaction in %2%3 "
       "locks them in the opposite order; two concurrent requests can each "
       "take one lock and wait for the other (a deadlock): lock the tables "
       "in one order everywhere")
      << Earlier.Table << Later.Table << First.Function << Where;
  diag(Later.Loc, "then locks '%0' here", DiagnosticIDs::Note) << Later.Table;
  if (First.Local) {
    diag(First.LocalFirst->Loc, "%0 locks '%1' first here",
         DiagnosticIDs::Note)
        << First.Function << First.First;
    diag(First.LocalSecond->Loc, "then '%0' here", DiagnosticIDs::Note)
        << First.Second;
  }
}

} // namespace txnlint
