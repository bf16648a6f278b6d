//===--- AutocommitMultiWriteCheck.cpp - txn-autocommit-multi-write -------===//

#include "AutocommitMultiWriteCheck.h"
#include "analysis/TxnStateAnalysis.h"
#include "clang/AST/DeclCXX.h"

using namespace clang;

namespace txnlint {

AutocommitMultiWriteCheck::AutocommitMultiWriteCheck(
    StringRef Name, tidy::ClangTidyContext *Context)
    : TransactionCheck(Name, Context),
      AutocommitByDesignOption(
          Options.get("AutocommitByDesign", "pqxx::nontransaction")),
      AutocommitByDesign(AutocommitByDesignOption, OptionErrors) {
  for (const auto &[Glob, Reason] : OptionErrors)
    configurationDiag("invalid glob '%0' in AutocommitByDesign: %1")
        << Glob << Reason;
}

void AutocommitMultiWriteCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  TransactionCheck::storeOptions(Opts);
  Options.store(Opts, "AutocommitByDesign", AutocommitByDesignOption);
}

bool AutocommitMultiWriteCheck::isAlwaysCalledInTransaction(
    const FunctionDecl *FD, ASTContext &Ctx, unsigned Depth) {
  // Known from this translation unit: it has callers, and each calls it
  // while a transaction may be open, or is itself always called so.
  TxnAnalysisCache &Cache = TxnAnalysisCache::get(Ctx, model());
  // Library code that runs a callable (std::function's invoker) is no
  // caller to ask: the code that calls the std::function is.
  llvm::SmallVector<std::pair<const CallExpr *, const FunctionDecl *>, 4> Calls;
  for (const auto &Call : Cache.callersOf(FD))
    if (!Cache.isLibraryFunction(Call.second))
      Calls.push_back(Call);
  if (Depth > 3)
    return false;
  // A lambda handed to a function of another file that calls it inside its
  // transaction (its summary says so: `withTransaction(db, [&] { ... })`).
  if (Calls.empty()) {
    llvm::ArrayRef<std::pair<const CallExpr *, unsigned>> Handed =
        Cache.handedTo(FD);
    return !Handed.empty() && llvm::all_of(Handed, [&](const auto &Call) {
      const FunctionSummary *Summary = Cache.summaryOfCall(Call.first);
      return Summary &&
             llvm::is_contained(Summary->CallsInTransaction, Call.second);
    });
  }
  return llvm::all_of(Calls, [&](const auto &Call) {
    const FunctionTxnResult *Caller = Cache.analyze(Call.second);
    bool Inside = Caller && (llvm::any_of(Caller->CallsInTransactions,
                                          [&](const CallInTransaction &In) {
                                            return In.Site == Call.first;
                                          }) ||
                             Caller->CallsAfterCalleeBegin.contains(Call.first));
    return Inside || (Call.second != FD &&
                      isAlwaysCalledInTransaction(Call.second, Ctx, Depth + 1));
  });
}

void AutocommitMultiWriteCheck::checkFunction(const FunctionTxnResult &Analysis,
                                              ASTContext &Ctx) {
  auto ByDesign = [&](const TxnEvent &Write) {
    if (Write.Schema)
      return true;
    if (Write.Handle) {
      QualType T = Write.Handle->IgnoreParenImpCasts()->getType();
      const auto *Record =
          T->getPointeeOrArrayElementType()->getAsCXXRecordDecl();
      // The class or one of its bases (a subclass of pqxx::nontransaction).
      if (Record && Record->hasDefinition() &&
          (AutocommitByDesign.matches(Record) ||
           !Record->forallBases([&](const CXXRecordDecl *Base) {
             return !AutocommitByDesign.matches(Base);
           })))
        return true;
    }
    return AutocommitByDesign.matches(handleSpelling(Write, Ctx));
  };
  std::optional<bool> InTransaction;
  llvm::SmallPtrSet<const Stmt *, 4> Reported;
  for (const AutocommitWrite &Pair : Analysis.AutocommitWrites) {
    const TxnEvent &Write = Analysis.Events[Pair.Write];
    const TxnEvent &Earlier = Analysis.Events[Pair.Earlier];
    // SQL that could not be read may be a read: a pair needs both writes.
    if (Write.SqlUnknown || Earlier.SqlUnknown || ByDesign(Write) ||
        ByDesign(Earlier) || Write.Site == Earlier.Site ||
        !Reported.insert(Write.Site).second)
      continue;
    if (!InTransaction)
      InTransaction = isAlwaysCalledInTransaction(Analysis.Function, Ctx, 0);
    if (*InTransaction)
      return;
    diag(eventLocation(Write),
         "'%0' is written again outside any transaction; each write commits "
         "on its own, so a failure between them leaves a partial write")
        << handleSpelling(Write, Ctx);
    diag(eventLocation(Earlier), "the earlier write commits here on its own",
         DiagnosticIDs::Note);
  }
  for (unsigned Id : Analysis.OutsideRequiredTransaction) {
    const TxnEvent &Call = Analysis.Events[Id];
    if (!Reported.insert(Call.Site).second)
      continue;
    if (!InTransaction)
      InTransaction = isAlwaysCalledInTransaction(Analysis.Function, Ctx, 0);
    if (*InTransaction)
      return;
    const auto *Callee = dyn_cast<CallExpr>(Call.Site);
    diag(eventLocation(Call), "'%0' must be called inside a transaction, but "
                              "on some path no transaction is open on '%1' "
                              "here")
        << (Callee && Callee->getDirectCallee()
                ? Callee->getDirectCallee()->getQualifiedNameAsString()
                : "this operation")
        << handleSpelling(Call, Ctx);
  }
}

} // namespace txnlint
