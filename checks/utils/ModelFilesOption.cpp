//===--- ModelFilesOption.cpp ---------------------------------------------===//

#include "ModelFilesOption.h"
#include "ClangTidyOptions.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <map>
#include <mutex>

namespace txnlint {
namespace {

/// The directory of the .clang-tidy that sets the option, or "".
std::string settingDirectory(llvm::StringRef ModelFiles,
                             llvm::StringRef MainFile,
                             llvm::ArrayRef<std::string> OptionNames) {
  for (llvm::StringRef Dir = llvm::sys::path::parent_path(MainFile);
       !Dir.empty(); Dir = llvm::sys::path::parent_path(Dir)) {
    llvm::SmallString<256> ConfigFile(Dir);
    llvm::sys::path::append(ConfigFile, ".clang-tidy");
    auto Text = llvm::MemoryBuffer::getFile(ConfigFile);
    if (!Text)
      continue;
    // Problems with the file are clang-tidy's (or txnlint's) to report.
    auto Config = clang::tidy::parseConfigurationWithDiags(
        (*Text)->getMemBufferRef(), [](const llvm::SMDiagnostic &) {});
    if (!Config)
      continue;
    for (const std::string &Name : OptionNames) {
      auto It = Config->CheckOptions.find(Name);
      if (It != Config->CheckOptions.end() && It->second.Value == ModelFiles)
        return Dir.str();
    }
  }
  return "";
}

} // namespace

std::string resolveModelFiles(llvm::StringRef ModelFiles,
                              llvm::StringRef MainFile,
                              llvm::ArrayRef<std::string> OptionNames) {
  llvm::SmallVector<llvm::StringRef, 4> Files;
  ModelFiles.split(Files, ';', -1, /*KeepEmpty=*/false);
  if (llvm::none_of(Files, [](llvm::StringRef File) {
        return llvm::sys::path::is_relative(File.trim());
      }))
    return ModelFiles.str();
  // Every check of every file asks: the answer is kept per directory.
  static std::mutex Lock;
  static std::map<std::string, std::string> Resolved;
  std::string Key = (llvm::sys::path::parent_path(MainFile) + "\n" +
                     ModelFiles + "\n" + llvm::join(OptionNames, ","))
                        .str();
  std::lock_guard<std::mutex> Guard(Lock);
  auto [It, Inserted] = Resolved.try_emplace(Key);
  if (!Inserted)
    return It->second;
  std::string Base = settingDirectory(ModelFiles, MainFile, OptionNames);
  std::vector<std::string> Paths;
  for (llvm::StringRef File : Files) {
    llvm::SmallString<256> Path(File.trim());
    if (!Base.empty() && llvm::sys::path::is_relative(Path)) {
      Path = Base;
      llvm::sys::path::append(Path, File.trim());
    }
    Paths.push_back(std::string(Path));
  }
  It->second = llvm::join(Paths, ";");
  return It->second;
}

} // namespace txnlint
