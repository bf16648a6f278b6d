//===--- Findings.cpp -----------------------------------------------------===//

#include "Findings.h"
#include "TxnLintModule.h"
#include "TxnLintVersion.h"
#include "clang/Frontend/TextDiagnosticPrinter.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include <nlohmann/json.hpp>
#include <tuple>

using namespace clang;
using clang::tidy::ClangTidyError;

namespace txnlint {

FindingRenderer::FindingRenderer(std::string SourceRoot)
    : SourceRoot(std::move(SourceRoot)), Files(FileSystemOptions()),
      DiagOpts(new DiagnosticOptions()),
      Diags(new DiagnosticIDs(), &*DiagOpts, new IgnoringDiagConsumer()),
      SourceMgr(Diags, Files) {}

SourceLocation FindingRenderer::location(StringRef File, unsigned Offset) {
  if (File.empty())
    return {};
  auto Ref = Files.getOptionalFileRef(File);
  if (!Ref)
    return {};
  FileID ID = SourceMgr.getOrCreateFileID(*Ref, SrcMgr::C_User);
  return SourceMgr.getLocForStartOfFile(ID).getLocWithOffset(Offset);
}

FindingLocation FindingRenderer::position(StringRef File, unsigned Offset) {
  FindingLocation Where;
  Where.File = File.str();
  SourceLocation Loc = location(File, Offset);
  if (Loc.isInvalid())
    return Where;
  Where.Line = SourceMgr.getSpellingLineNumber(Loc);
  Where.Column = SourceMgr.getSpellingColumnNumber(Loc);
  Where.LineText = sourceLine(File, Offset);
  LangOptions LangOpts;
  LangOpts.CPlusPlus = true;
  unsigned Length = Lexer::MeasureTokenLength(Loc, SourceMgr, LangOpts);
  // A token that goes on past its line (a raw string) ends with the line.
  if (Length)
    Where.EndColumn =
        std::min<size_t>(Where.Column + Length, Where.LineText.size() + 1);
  return Where;
}

std::string FindingRenderer::sourceLine(StringRef File, unsigned Offset) {
  SourceLocation Loc = location(File, Offset);
  if (Loc.isInvalid())
    return "";
  auto [ID, At] = SourceMgr.getDecomposedLoc(Loc);
  StringRef Buffer = SourceMgr.getBufferData(ID);
  size_t Begin = Buffer.rfind('\n', At);
  Begin = Begin == StringRef::npos ? 0 : Begin + 1;
  return Buffer.slice(Begin, Buffer.find('\n', At)).rtrim().str();
}

std::string FindingRenderer::lineText(StringRef File, unsigned Offset) {
  std::string Line = sourceLine(File, Offset);
  // Fold spacing, so that re-indenting keeps the fingerprint.
  std::string Folded;
  for (StringRef Word : llvm::split(Line, ' '))
    for (StringRef Part : llvm::split(Word, '\t'))
      if (!Part.trim().empty())
        Folded += (Folded.empty() ? "" : " ") + Part.trim().str();
  return Folded;
}

std::string relativeTo(StringRef Path, StringRef Root) {
  if (Root.empty())
    return Path.str();
  std::string Prefix = Root.str();
  if (!StringRef(Prefix).ends_with("/"))
    Prefix += '/';
  return Path.starts_with(Prefix) ? Path.drop_front(Prefix.size()).str()
                                  : Path.str();
}

unsigned utf16Column(StringRef Line, unsigned ByteColumn) {
  StringRef Before = Line.take_front(ByteColumn ? ByteColumn - 1 : 0);
  // Past the end of the line (a diagnostic at its newline): a byte a unit.
  unsigned Units = 1 + (ByteColumn ? ByteColumn - 1 : 0) - Before.size();
  while (!Before.empty()) {
    unsigned char Lead = Before.front();
    size_t Length = Lead >= 0xF0 ? 4 : Lead >= 0xE0 ? 3 : Lead >= 0xC0 ? 2 : 1;
    bool Valid = Length <= Before.size() &&
                 llvm::all_of(Before.slice(1, Length), [](unsigned char C) {
                   return (C & 0xC0) == 0x80;
                 });
    if (!Valid)
      Length = 1; // not UTF-8: a unit a byte
    // Four-byte sequences are outside the BMP: a surrogate pair.
    Units += Valid && Length == 4 ? 2 : 1;
    Before = Before.drop_front(Length);
  }
  return Units;
}

static const char *severityName(ClangTidyError::Level Level) {
  switch (Level) {
  case ClangTidyError::Error: return "error";
  case ClangTidyError::Remark: return "remark";
  default: return "warning";
  }
}

std::vector<Finding>
FindingRenderer::findings(ArrayRef<ClangTidyError> Errors) {
  std::vector<Finding> Result;
  for (const ClangTidyError &Error : Errors) {
    Finding F;
    F.ErrorIndex = &Error - Errors.data();
    F.Check = Error.DiagnosticName;
    F.Severity = severityName(Error.DiagLevel);
    F.Where = position(Error.Message.FilePath, Error.Message.FileOffset);
    F.Message = Error.Message.Message;
    for (const tooling::DiagnosticMessage &Note : Error.Notes)
      F.Notes.push_back({position(Note.FilePath, Note.FileOffset), Note.Message});
    for (const auto &FileAndReplacements : Error.Message.Fix)
      for (const tooling::Replacement &R : FileAndReplacements.second)
        F.Fixes.push_back({position(R.getFilePath(), R.getOffset()),
                           R.getOffset(), R.getLength(),
                           R.getReplacementText().str()});
    F.Fingerprint = F.Check + "\n" + relativeTo(F.Where.File, SourceRoot) +
                    "\n" + F.Message + "\n" +
                    lineText(Error.Message.FilePath, Error.Message.FileOffset);
    Result.push_back(std::move(F));
  }
  llvm::sort(Result, [](const Finding &A, const Finding &B) {
    return std::tie(A.Where.File, A.Where.Line, A.Where.Column, A.Check,
                    A.Message) < std::tie(B.Where.File, B.Where.Line,
                                          B.Where.Column, B.Check, B.Message);
  });
  // Hash the identity; identical ones are told apart by their order.
  llvm::StringMap<unsigned> Seen;
  for (Finding &F : Result) {
    unsigned Occurrence = Seen[F.Fingerprint]++;
    F.Fingerprint = llvm::utohexstr(llvm::xxh3_64bits(F.Fingerprint), true, 16) +
                    ":" + std::to_string(Occurrence);
  }
  return Result;
}

void FindingRenderer::printText(ArrayRef<ClangTidyError> Errors,
                                raw_ostream &OS, bool UseColor) {
  // The same rendering as clang-tidy's own reporter, onto any stream.
  // Clang 19 reference-counts DiagnosticOptions: it must live on the heap.
  llvm::IntrusiveRefCntPtr<DiagnosticOptions> PrintOpts(new DiagnosticOptions());
  PrintOpts->ShowColors = UseColor;
  TextDiagnosticPrinter Printer(OS, &*PrintOpts);
  DiagnosticsEngine PrintDiags(new DiagnosticIDs(), PrintOpts, &Printer,
                               /*ShouldOwnClient=*/false);
  PrintDiags.setSourceManager(&SourceMgr);
  LangOptions LangOpts;
  Printer.BeginSourceFile(LangOpts, /*PP=*/nullptr);

  auto Range = [&](StringRef File, unsigned Offset, unsigned Length) {
    SourceLocation Begin = location(File, Offset);
    return CharSourceRange::getCharRange(Begin, Begin.getLocWithOffset(Length));
  };
  auto AddFixes = [&](DiagnosticBuilder &Diag,
                      const llvm::StringMap<tooling::Replacements> &Fix) {
    for (const auto &FileAndReplacements : Fix)
      for (const tooling::Replacement &R : FileAndReplacements.second)
        if (R.isApplicable())
          Diag << FixItHint::CreateReplacement(
              Range(R.getFilePath(), R.getOffset(), R.getLength()),
              R.getReplacementText());
  };

  for (const ClangTidyError &Error : Errors) {
    std::string Name = Error.DiagnosticName;
    if (!Error.EnabledDiagnosticAliases.empty())
      Name += "," + llvm::join(Error.EnabledDiagnosticAliases, ",");
    {
      auto Diag = PrintDiags.Report(
          location(Error.Message.FilePath, Error.Message.FileOffset),
          PrintDiags.getCustomDiagID(
              static_cast<DiagnosticsEngine::Level>(Error.DiagLevel), "%0 [%1]"))
                  << Error.Message.Message << Name;
      for (const tooling::FileByteRange &R : Error.Message.Ranges)
        Diag << Range(R.FilePath, R.FileOffset, R.Length);
      AddFixes(Diag, Error.Message.Fix);
    }
    for (const tooling::DiagnosticMessage &Note : Error.Notes) {
      auto Diag = PrintDiags.Report(
          location(Note.FilePath, Note.FileOffset),
          PrintDiags.getCustomDiagID(DiagnosticsEngine::Note, "%0"))
                  << Note.Message;
      for (const tooling::FileByteRange &R : Note.Ranges)
        Diag << Range(R.FilePath, R.FileOffset, R.Length);
      AddFixes(Diag, Note.Fix);
    }
  }
  Printer.EndSourceFile();
  OS.flush();
}

void makePathsAbsolute(std::vector<ClangTidyError> &Errors) {
  for (ClangTidyError &Error : Errors) {
    auto Absolute = [&](std::string &Path) {
      if (Path.empty() || llvm::sys::path::is_absolute(Path) ||
          Error.BuildDirectory.empty())
        return;
      SmallString<256> Joined(Error.BuildDirectory);
      llvm::sys::path::append(Joined, Path);
      llvm::sys::path::remove_dots(Joined, /*remove_dot_dot=*/true);
      Path = std::string(Joined);
    };
    auto Message = [&](tooling::DiagnosticMessage &M) {
      Absolute(M.FilePath);
      for (tooling::FileByteRange &R : M.Ranges)
        Absolute(R.FilePath);
      llvm::StringMap<tooling::Replacements> Fixes;
      for (auto &FileAndReplacements : M.Fix) {
        std::string File = FileAndReplacements.first().str();
        Absolute(File);
        tooling::Replacements Moved;
        for (const tooling::Replacement &R : FileAndReplacements.second)
          llvm::consumeError(Moved.add(tooling::Replacement(
              File, R.getOffset(), R.getLength(), R.getReplacementText())));
        Fixes[File] = std::move(Moved);
      }
      M.Fix = std::move(Fixes);
    };
    Message(Error.Message);
    for (tooling::DiagnosticMessage &Note : Error.Notes)
      Message(Note);
  }
}

std::string findingsToJson(ArrayRef<Finding> Findings) {
  using Json = nlohmann::ordered_json;
  auto Where = [](Json &J, const FindingLocation &L) {
    J["file"] = L.File;
    J["line"] = L.Line;
    J["column"] = L.Column;
  };
  Json Root;
  Root["version"] = TXNLINT_VERSION;
  Root["diagnostics"] = Json::array();
  for (const Finding &F : Findings) {
    Json D;
    D["check"] = F.Check;
    D["severity"] = F.Severity;
    D["check_severity"] = severityName(checkSeverity(F.Check));
    Where(D, F.Where);
    D["message"] = F.Message;
    D["notes"] = Json::array();
    for (const FindingNote &N : F.Notes) {
      Json JN;
      Where(JN, N.Where);
      JN["message"] = N.Message;
      D["notes"].push_back(std::move(JN));
    }
    D["fixes"] = Json::array();
    for (const FindingFix &X : F.Fixes) {
      Json JX;
      Where(JX, X.Where);
      JX["offset"] = X.Offset;
      JX["length"] = X.Length;
      JX["replacement"] = X.Replacement;
      D["fixes"].push_back(std::move(JX));
    }
    Root["diagnostics"].push_back(std::move(D));
  }
  // Invalid UTF-8 from analyzed code must not make the dump throw.
  return Root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

} // namespace txnlint
