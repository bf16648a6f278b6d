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
      InTransaction = TxnAnalysisCache::get(Ctx, model())
                          .alwaysCalledInTransaction(Analysis.Function);
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
      InTransaction = TxnAnalysisCache::get(Ctx, model())
                          .alwaysCalledInTransaction(Analysis.Function);
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
