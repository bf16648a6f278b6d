//===--- TransactionCheck.cpp ---------------------------------------------===//

#include "TransactionCheck.h"
#include "../analysis/TxnStateAnalysis.h"
#include "../model/TransactionModel.h"
#include "HeaderFunctions.h"
#include "ModelFilesOption.h"
#include "llvm/Support/Path.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/Hashing.h"
#include "clang/AST/DeclCXX.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace txnlint {

TransactionCheck::TransactionCheck(StringRef Name,
                                   tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ModelFiles(Options.getLocalOrGlobal("TxnModelFiles", "")),
      SummaryDir(Options.getLocalOrGlobal("TxnSummaryDir", "")),
      ExternalSummaries(LinkedSummaries::forProcess()),
      NarrowTraversal(canNarrowTraversal(Context->getOptions())) {
  if (std::string Filter = Context->getOptions().HeaderFilterRegex.value_or("");
      !Filter.empty())
    HeaderFilter.emplace(Filter);
  // The main file as the compiler was given it, relative to its command's
  // directory.
  SmallString<256> MainFile(Context->getCurrentFile());
  if (llvm::sys::path::is_relative(MainFile)) {
    MainFile = Context->getCurrentBuildDirectory();
    llvm::sys::path::append(MainFile, Context->getCurrentFile());
  }
  std::string Error;
  Model = TransactionModel::load(
      resolveModelFiles(ModelFiles, MainFile,
                        {(Name + ".TxnModelFiles").str(), "TxnModelFiles"}),
      Error);
  if (!Model) {
    // An error, not a warning: checks without the project's model would
    // pass code they cannot see into.
    configurationDiag("invalid transaction model: %0", DiagnosticIDs::Error)
        << Error;
    Model = &TransactionModel::builtin();
  }
  if (!ExternalSummaries && !SummaryDir.empty()) {
    ExternalSummaries = LinkedSummaries::loadStore(
        resolveModelFiles(SummaryDir, MainFile,
                          {(Name + ".TxnSummaryDir").str(), "TxnSummaryDir"}),
        Error);
    if (!ExternalSummaries)
      configurationDiag("cannot read the summary store: %0",
                        DiagnosticIDs::Error)
          << Error;
  }
  CheckKey = llvm::hash_combine(
      Name, tidy::configurationAsText(Context->getOptions()),
      ExternalSummaries ? ExternalSummaries->epoch() : 0);
}

void TransactionCheck::storeOptions(tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "TxnModelFiles", ModelFiles);
  Options.store(Opts, "TxnSummaryDir", SummaryDir);
}

void TransactionCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(functionDecl(isDefinition(),
                                  hasBody(stmt(anyOf(compoundStmt(),
                                                     coroutineBodyStmt()))),
                                  unless(isExpansionInSystemHeader()))
                         .bind("function"),
                     this);
  // The translation unit is matched before anything in it is traversed.
  if (NarrowTraversal)
    Finder->addMatcher(translationUnitDecl().bind("unit"), this);
}

void TransactionCheck::onStartOfTranslationUnit() {
  TxnAnalysisCache::startTranslationUnit();
}

void TransactionCheck::onEndOfTranslationUnit() {
  // Every check gets here; the first one extracts.
  if (CurrentContext)
    TxnAnalysisCache::get(*CurrentContext, *Model).extractSummaries();
  CurrentContext = nullptr;
  if (NarrowedContext)
    NarrowedContext->setTraversalScope(
        {NarrowedContext->getTranslationUnitDecl()});
  NarrowedContext = nullptr;
}

void TransactionCheck::check(const MatchFinder::MatchResult &Result) {
  CurrentContext = Result.Context;
  if (Result.Nodes.getNodeAs<TranslationUnitDecl>("unit")) {
    narrowToReportedFiles(*Result.Context);
    return;
  }
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function");
  TxnAnalysisCache &Cache = TxnAnalysisCache::get(*Result.Context, *Model);
  Cache.useExternalSummaries(ExternalSummaries);
  bool Modelled = Cache.hasModelledCalls(FD);
  if ((!Modelled && !checksUnanalyzedFunctions()) ||
      !isFirstVisit(FD, CheckKey, *Result.SourceManager))
    return;
  FunctionTxnResult *Analysis = Modelled ? Cache.analyze(FD) : nullptr;
  if (!Analysis) {
    if (checksUnanalyzedFunctions())
      checkUnanalyzedFunction(FD, *Result.Context);
    return;
  }
  if (!Analysis->BudgetExceeded) {
    checkFunction(*Analysis, *Result.Context);
    return;
  }
  // Said once per function, by whichever check gets there first.
  if (Analysis->BudgetReported)
    return;
  Analysis->BudgetReported = true;
  diag(FD->getLocation(),
       "%0 is too large for transaction analysis (%1 CFG blocks); its "
       "transactions were not checked",
       DiagnosticIDs::Remark)
      << functionSpelling(FD) << Analysis->CfgBlocks;
}

bool TransactionCheck::canNarrowTraversal(
    const tidy::ClangTidyOptions &Options) {
  if (Options.SystemHeaders.value_or(false))
    return false;
  // Narrowing the traversal would change other checks' findings: only when
  // every check that can be enabled is one of ours (or a compiler warning,
  // which does not traverse). The last glob that matches a name decides, so
  // what comes before a "-*" enables nothing.
  bool OthersEnabled = false;
  const std::string Globs = Options.Checks.value_or("");
  for (StringRef Glob : llvm::split(Globs, ',')) {
    Glob = Glob.trim();
    if (Glob == "-*")
      OthersEnabled = false;
    else if (!Glob.empty() && !Glob.starts_with("-") &&
             !Glob.starts_with("txn") && !Glob.starts_with("clang-diagnostic-"))
      OthersEnabled = true;
  }
  return !OthersEnabled;
}

void TransactionCheck::narrowToReportedFiles(ASTContext &Ctx) {
  // Every txn-* check matches the unit; the first one narrows the scope.
  std::vector<Decl *> Scope = Ctx.getTraversalScope();
  if (Scope.size() != 1 || !isa<TranslationUnitDecl>(Scope.front()) ||
      (HeaderFilter && !HeaderFilter->isValid()))
    return;
  // As clangd does for clang-tidy: the top-level declarations written in the
  // main file, and here also in the headers --header-filter reports, with
  // everything in them (templates' instantiations too). A finding elsewhere
  // would be dropped by clang-tidy's filter anyway.
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::DenseMap<FileID, bool> Reported;
  std::vector<Decl *> ReportedDecls;
  for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    FileID File = SM.getFileID(SM.getExpansionLoc(D->getLocation()));
    auto [It, Inserted] = Reported.try_emplace(File, true);
    if (Inserted && File != SM.getMainFileID()) {
      OptionalFileEntryRef Entry = SM.getFileEntryRefForID(File);
      // Declarations without a file (built-ins, the command line's macros)
      // are kept, as clang-tidy reports those locations.
      It->second = !Entry || (HeaderFilter && HeaderFilter->match(Entry->getName()));
    }
    if (It->second)
      ReportedDecls.push_back(D);
  }
  Ctx.setTraversalScope(ReportedDecls);
  NarrowedContext = &Ctx;
}

void TransactionCheck::noteExits(SourceLocation Finding, StringRef What,
                                 ArrayRef<ExitPoint> Exits,
                                 const SourceManager &SM) {
  const unsigned MaxNotes = 3;
  llvm::SmallVector<const ExitPoint *, 8> Noted;
  llvm::DenseSet<std::pair<FileID, unsigned>> Lines;
  for (bool Exceptional : {false, true})
    for (const ExitPoint &Exit : Exits) {
      SourceLocation Loc = SM.getExpansionLoc(Exit.Loc);
      if ((Exit.K == ExitPoint::Exception) == Exceptional &&
          Lines.insert({SM.getFileID(Loc), SM.getExpansionLineNumber(Loc)})
              .second)
        Noted.push_back(&Exit);
    }
  for (const ExitPoint *Exit : llvm::ArrayRef(Noted).take_front(MaxNotes)) {
    StringRef Where = Exit->K == ExitPoint::Return ? "at this return"
                      : Exit->K == ExitPoint::Exception
                          ? "when an exception leaves the function here"
                          : "at the end of the function";
    diag(Exit->Loc, "%0 is still open %1", DiagnosticIDs::Note)
        << What << Where;
  }
  if (Noted.size() > MaxNotes)
    diag(Finding, "%0 more %plural{1:exit leaves|:exits leave}0 it open",
         DiagnosticIDs::Note)
        << static_cast<unsigned>(Noted.size() - MaxNotes);
}

std::string functionSpelling(const FunctionDecl *FD) {
  if (const auto *Method = dyn_cast<CXXMethodDecl>(FD);
      Method && Method->getParent()->isLambda())
    return "the lambda";
  return "'" + FD->getQualifiedNameAsString() + "'";
}

} // namespace txnlint
