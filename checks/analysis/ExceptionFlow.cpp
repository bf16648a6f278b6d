//===--- ExceptionFlow.cpp ------------------------------------------------===//

#include "ExceptionFlow.h"
#include "clang/AST/ExprCXX.h"

using namespace clang;
using ExceptionAnalyzer = clang::tidy::utils::ExceptionAnalyzer;

namespace txnlint {

ExceptionFlow::ExceptionFlow(TxnEventClassifier &Classifier)
    : Classifier(Classifier) {
  Analyzer.ignoreBadAlloc(true);
}

std::optional<ExceptionInfo> ExceptionFlow::mayThrow(const Stmt *S) {
  if (const auto *Throw = dyn_cast<CXXThrowExpr>(S)) {
    // A rethrow's type is whatever the handler caught: unknown here.
    if (!Throw->getSubExpr())
      return ExceptionInfo::createUnknown();
    return Analyzer.analyze(S);
  }
  const FunctionDecl *Callee = nullptr;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    Callee = Call->getDirectCallee();
  else if (const auto *Construct = dyn_cast<CXXConstructExpr>(S))
    Callee = Construct->getConstructor();
  if (!Callee)
    return std::nullopt;
  if (const OperationSpec *Spec = Classifier.specOfCall(S)) {
    if (Spec->Failure == FailureReport::Exception)
      return ExceptionInfo::createUnknown();
    // The model knows the operation: it throws only if the model says so
    // (pqxx::nontransaction::commit does nothing).
    if (Spec->Op == Operation::None)
      return std::nullopt;
  }
  ExceptionInfo Info = Analyzer.analyze(Callee);
  if (Info.getBehaviour() != ExceptionAnalyzer::State::Throwing)
    return std::nullopt;
  return Info;
}

const CXXCatchStmt *ExceptionFlow::handlerFor(const ExceptionInfo &Info,
                                             const CXXTryStmt *Try,
                                             const ASTContext &Ctx) const {
  if (Try->getNumHandlers() == 0)
    return nullptr;
  if (Info.containsUnknownElements())
    return Try->getHandler(0);
  for (unsigned I = 0, N = Try->getNumHandlers(); I != N; ++I) {
    const CXXCatchStmt *Handler = Try->getHandler(I);
    QualType Caught = Handler->getCaughtType();
    if (Caught.isNull()) // catch (...)
      return Handler;
    // As ExceptionAnalyzer itself matches handlers: by the referenced type.
    const Type *HandlerType = Caught->getUnqualifiedDesugaredType();
    if (HandlerType->isReferenceType())
      HandlerType = HandlerType->castAs<ReferenceType>()
                        ->getPointeeType()
                        ->getUnqualifiedDesugaredType();
    ExceptionInfo Remaining = Info;
    if (Remaining.filterByCatch(HandlerType, Ctx))
      return Handler;
  }
  return nullptr;
}

} // namespace txnlint
