//===--- NameGlobs.cpp ----------------------------------------------------===//

#include "NameGlobs.h"
#include "utils/OptionsUtils.h"

using namespace clang;

namespace txnlint {

NameGlobs::NameGlobs(StringRef List, std::vector<Error> &Errors) {
  std::vector<StringRef> Globs = tidy::utils::options::parseStringList(List);
  for (StringRef Glob : Globs)
    Texts.push_back(Glob.lower());
  for (size_t I = 0; I < Texts.size(); ++I) {
    if (auto Pattern = llvm::GlobPattern::create(Texts[I]))
      Patterns.push_back(std::move(*Pattern));
    else
      Errors.push_back({Globs[I].str(), llvm::toString(Pattern.takeError())});
  }
}

bool NameGlobs::matches(StringRef QualifiedName) const {
  std::string Qualified = QualifiedName.lower();
  size_t Colons = Qualified.rfind("::");
  StringRef Unqualified = Colons == std::string::npos
                              ? StringRef(Qualified)
                              : StringRef(Qualified).substr(Colons + 2);
  return llvm::any_of(Patterns, [&](const llvm::GlobPattern &Glob) {
    return Glob.match(Unqualified) || Glob.match(Qualified);
  });
}

bool NameGlobs::matchesQualified(StringRef QualifiedName) const {
  std::string Qualified = QualifiedName.lower();
  return llvm::any_of(Patterns, [&](const llvm::GlobPattern &Glob) {
    return Glob.match(Qualified);
  });
}

bool NameGlobs::matches(const NamedDecl *D) const {
  return D && D->getDeclName().isIdentifier() &&
         matches(D->getQualifiedNameAsString());
}

} // namespace txnlint
