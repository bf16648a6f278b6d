//===--- CheckModelCheck.cpp - txnlint-check-model ------------------------===//

#include "CheckModelCheck.h"
#include "analysis/TxnEvents.h"
#include "model/TransactionModel.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace txnlint {
namespace {

/// Adds the model names of the classes and functions declared in \p DC,
/// nested ones and templates' patterns included.
void collectNames(const DeclContext *DC, llvm::StringSet<> &Names) {
  for (const Decl *D : DC->decls()) {
    if (const auto *Template = dyn_cast<TemplateDecl>(D))
      D = Template->getTemplatedDecl();
    if (!D)
      continue;
    if (isa<CXXRecordDecl, FunctionDecl>(D))
      Names.insert(modelNameOf(cast<NamedDecl>(D)));
    if (isa<NamespaceDecl, LinkageSpecDecl, ExportDecl, CXXRecordDecl>(D))
      collectNames(cast<DeclContext>(D), Names);
  }
}

} // namespace

CheckModelCheck::CheckModelCheck(StringRef Name,
                                 tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ModelFiles(Options.getLocalOrGlobal("TxnModelFiles", "")) {
  std::string Error;
  Model = TransactionModel::load(ModelFiles, Error);
  if (!Model) {
    configurationDiag("invalid transaction model: %0") << Error;
    Model = &TransactionModel::builtin();
  }
}

void CheckModelCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "TxnModelFiles", ModelFiles);
}

void CheckModelCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("unit"), this);
}

void CheckModelCheck::check(const MatchFinder::MatchResult &Result) {
  llvm::StringSet<> Declared;
  collectNames(Result.Context->getTranslationUnitDecl(), Declared);
  // A built-in profile that no model file replaced is the same object's
  // copy: same name, same origin.
  auto IsBuiltIn = [](const Profile &P) {
    return llvm::any_of(TransactionModel::builtin().profiles(),
                        [&](const Profile &B) {
                          return B.Name == P.Name && B.Origin == P.Origin;
                        });
  };
  for (const Profile &P : Model->profiles()) {
    if (IsBuiltIn(P))
      continue;
    for (const TypeSpec &T : P.Types)
      if (!Declared.contains(T.QualifiedName))
        diag("%0: type '%1' of the model matches no class declared in this "
             "translation unit; nothing will be recognized through it")
            << T.Origin << T.QualifiedName;
    for (const FunctionSpec &F : P.Functions)
      if (!Declared.contains(F.QualifiedName))
        diag("%0: function '%1' of the model matches no function declared "
             "in this translation unit; no call will be recognized through it")
            << F.Origin << F.QualifiedName;
  }
}

} // namespace txnlint
