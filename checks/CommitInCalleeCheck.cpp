//===--- CommitInCalleeCheck.cpp - txn-commit-in-callee -------------------===//

#include "CommitInCalleeCheck.h"
#include "analysis/CallOperands.h"
#include "analysis/TxnStateAnalysis.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"

using namespace clang;

namespace txnlint {

CommitInCalleeCheck::CommitInCalleeCheck(StringRef Name,
                                         tidy::ClangTidyContext *Context)
    : TransactionCheck(Name, Context),
      TransactionOwnersOption(Options.get("TransactionOwners", "")),
      TransactionOwners(TransactionOwnersOption, OptionErrors) {
  for (const auto &[Glob, Reason] : OptionErrors)
    configurationDiag("invalid glob '%0' in TransactionOwners: %1")
        << Glob << Reason;
}

void CommitInCalleeCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  TransactionCheck::storeOptions(Opts);
  Options.store(Opts, "TransactionOwners", TransactionOwnersOption);
}

/// Whether \p Method is the call operator of a std::unique_ptr's deleter
/// (the D of some `std::unique_ptr<T, D>` in the translation unit): it runs
/// as the smart pointer's destructor, as OpenMW's `Rollback` does for its
/// transaction class.
static bool isDeleter(const CXXMethodDecl *Method, ASTContext &Ctx) {
  if (Method->getOverloadedOperator() != OO_Call)
    return false;
  const CXXRecordDecl *Class = Method->getParent()->getCanonicalDecl();
  auto Std = Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get("std"));
  for (const NamedDecl *Namespace : Std)
    if (const auto *NS = dyn_cast<NamespaceDecl>(Namespace))
      for (const NamedDecl *Found : NS->lookup(&Ctx.Idents.get("unique_ptr")))
        if (const auto *Template = dyn_cast<ClassTemplateDecl>(Found))
          for (const ClassTemplateSpecializationDecl *Spec :
               Template->specializations()) {
            const TemplateArgumentList &Args = Spec->getTemplateArgs();
            if (Args.size() == 2 && Args[1].getKind() == TemplateArgument::Type)
              if (const CXXRecordDecl *Deleter =
                      Args[1].getAsType()->getAsCXXRecordDecl();
                  Deleter && Deleter->getCanonicalDecl() == Class)
                return true;
          }
  return false;
}

void CommitInCalleeCheck::checkFunction(const FunctionTxnResult &Analysis,
                                        ASTContext &Ctx) {
  const FunctionDecl *FD = Analysis.Function;
  // A lambda's parameters come from whoever runs it, typically a helper
  // that owns the transaction and calls back (with_transaction(fn)).
  if (const auto *Method = dyn_cast<CXXMethodDecl>(FD);
      (Method && (Method->getParent()->isLambda() || isDeleter(Method, Ctx))) ||
      TransactionOwners.matches(FD))
    return;
  llvm::SmallPtrSet<const Stmt *, 4> Reported;
  for (const TxnEvent &End : Analysis.Events) {
    if ((End.Op != Operation::Commit && End.Op != Operation::Rollback) ||
        End.Destructor || End.HandleKey.empty())
      continue;
    // Ended by a lambda it runs (Linphone's runner `exec(tr)` calling
    // `mFunction(tr)`): the lambda's decision, accepted above.
    if (const auto *Callback = dyn_cast_or_null<CXXMethodDecl>(End.Via);
        Callback && Callback->getParent()->isLambda())
      continue;
    const auto *Param = dyn_cast_or_null<ParmVarDecl>(rootVariable(End.Handle));
    if (!Param || Param->getDeclContext() != FD)
      continue;
    // Began here (also through a wrapper of the connection), so it is this
    // function's own transaction. A write that begins one on a connection
    // in manual-commit mode may join what the caller wrote before.
    if (llvm::any_of(Analysis.Events, [&](const TxnEvent &Begin) {
          return Begin.Op == Operation::Begin && !Begin.Implicit &&
                 (Begin.HandleKey == End.HandleKey ||
                  Begin.ConnectionKey == End.HandleKey);
        }))
      continue;
    // Perhaps began here through a method that begins on some paths only
    // (MaxScale's `if (!manager.start()) return false; ...;
    // manager.commit(payload);`, where start() has nothing to begin on a
    // node without a cluster).
    if (Analysis.BegunByCalleesOnSomePath.contains(End.HandleKey))
      continue;
    if (!Reported.insert(End.Site).second)
      continue;
    diag(eventLocation(End),
         "%0 %1 %2 that it received from its caller; let the caller that "
         "owns the transaction decide")
        << functionSpelling(FD)
        << (End.Op == Operation::Commit ? "commits" : "rolls back")
        << transactionSpelling(End, Ctx);
    diag(Param->getLocation(), "the caller's transaction arrives through '%0'",
         DiagnosticIDs::Note)
        << Param->getName();
  }
}

} // namespace txnlint
