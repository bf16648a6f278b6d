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
    auto Pattern = llvm::GlobPattern::create(Texts[I]);
    if (!Pattern) {
      Errors.push_back({Globs[I].str(), llvm::toString(Pattern.takeError())});
      continue;
    }
    // The part after the glob's last "::" is the function's own name:
    // "*::log*" names log() and logError() of any class, not every function
    // of a namespace zeek::logging.
    std::optional<llvm::GlobPattern> Name;
    if (size_t Colons = StringRef(Texts[I]).rfind("::");
        Colons != StringRef::npos)
      if (auto Last =
              llvm::GlobPattern::create(StringRef(Texts[I]).substr(Colons + 2)))
        Name = std::move(*Last);
    Patterns.push_back({std::move(*Pattern), std::move(Name)});
  }
}

bool NameGlobs::matches(StringRef QualifiedName) const {
  std::string Qualified = QualifiedName.lower();
  size_t Colons = Qualified.rfind("::");
  StringRef Unqualified = Colons == std::string::npos
                              ? StringRef(Qualified)
                              : StringRef(Qualified).substr(Colons + 2);
  return llvm::any_of(Patterns, [&](const NamePattern &Glob) {
    return Glob.Whole.match(Unqualified) ||
           (Glob.Whole.match(Qualified) &&
            (!Glob.Name || Glob.Name->match(Unqualified)));
  });
}

bool NameGlobs::matchesQualified(StringRef QualifiedName) const {
  std::string Qualified = QualifiedName.lower();
  return llvm::any_of(Patterns, [&](const NamePattern &Glob) {
    return Glob.Whole.match(Qualified);
  });
}

bool NameGlobs::matches(const NamedDecl *D) const {
  return D && D->getDeclName().isIdentifier() &&
         matches(D->getQualifiedNameAsString());
}

} // namespace txnlint
