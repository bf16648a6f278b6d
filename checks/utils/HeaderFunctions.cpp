//===--- HeaderFunctions.cpp ----------------------------------------------===//

#include "HeaderFunctions.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSet.h"
#include <atomic>
#include <mutex>

using namespace clang;

namespace txnlint {
namespace {

std::mutex SeenLock;
llvm::StringSet<> Seen;
std::atomic<uint64_t> Repeats{0};

bool isInInstantiation(const FunctionDecl *FD) {
  for (const DeclContext *DC = FD; DC; DC = DC->getParent()) {
    if (isa<ClassTemplateSpecializationDecl>(DC))
      return true;
    if (const auto *F = dyn_cast<FunctionDecl>(DC);
        F && F->getTemplateInstantiationPattern())
      return true;
  }
  return false;
}

} // namespace

bool isFirstVisit(const FunctionDecl *FD, uint64_t CheckKey,
                  const SourceManager &SM) {
  SourceRange Range(SM.getExpansionLoc(FD->getBeginLoc()),
                    SM.getExpansionLoc(FD->getEndLoc()));
  FileID File = SM.getFileID(Range.getBegin());
  if (File == SM.getMainFileID() || isInInstantiation(FD))
    return true;
  OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File);
  if (!Entry)
    return true;
  StringRef Path = Entry->getFileEntry().tryGetRealPathName();
  std::string Key;
  llvm::raw_string_ostream(Key)
      << (Path.empty() ? Entry->getName() : Path) << ':'
      << SM.getFileOffset(Range.getBegin()) << ':'
      << SM.getFileOffset(Range.getEnd()) << ':'
      << const_cast<FunctionDecl *>(FD)->getODRHash() << ':' << CheckKey;
  std::lock_guard<std::mutex> Guard(SeenLock);
  if (Seen.insert(Key).second)
    return true;
  ++Repeats;
  return false;
}

uint64_t repeatedHeaderVisits() { return Repeats; }

} // namespace txnlint
