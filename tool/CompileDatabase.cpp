//===--- CompileDatabase.cpp ----------------------------------------------===//

#include "CompileDatabase.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

using namespace clang::tooling;

namespace txnlint {
namespace {

std::string absolutePath(llvm::StringRef Base, llvm::StringRef Path) {
  llvm::SmallString<256> Result(Path);
  if (llvm::sys::path::is_relative(Result)) {
    Result = Base;
    llvm::sys::path::append(Result, Path);
  }
  llvm::sys::fs::make_absolute(Result);
  llvm::sys::path::remove_dots(Result, /*remove_dot_dot=*/true);
  llvm::sys::path::native(Result);
  return std::string(Result);
}

/// The commands of a database, with absolute directories and files, looked
/// up by absolute file path.
class ResolvedCompilationDatabase : public CompilationDatabase {
public:
  ResolvedCompilationDatabase(std::vector<CompileCommand> Commands)
      : Commands(std::move(Commands)) {
    for (const CompileCommand &Command : this->Commands)
      ByFile[Command.Filename].push_back(Command);
  }

  std::vector<CompileCommand>
  getCompileCommands(llvm::StringRef FilePath) const override {
    auto It = ByFile.find(absolutePath("", FilePath));
    return It == ByFile.end() ? std::vector<CompileCommand>() : It->second;
  }

  std::vector<std::string> getAllFiles() const override {
    std::vector<std::string> Files;
    for (const auto &Entry : ByFile)
      Files.push_back(Entry.getKey().str());
    llvm::sort(Files);
    return Files;
  }

  std::vector<CompileCommand> getAllCompileCommands() const override {
    return Commands;
  }

private:
  std::vector<CompileCommand> Commands;
  llvm::StringMap<std::vector<CompileCommand>> ByFile;
};

} // namespace

llvm::Expected<std::unique_ptr<CompilationDatabase>>
loadCompileDatabase(llvm::StringRef DatabaseFile) {
  std::string Error;
  std::unique_ptr<CompilationDatabase> Json =
      JSONCompilationDatabase::loadFromFile(DatabaseFile, Error,
                                            JSONCommandLineSyntax::AutoDetect);
  if (!Json)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot read '" + DatabaseFile +
                                       "': " + Error);
  std::string DatabaseDir =
      absolutePath("", llvm::sys::path::parent_path(DatabaseFile));
  std::vector<CompileCommand> Commands = Json->getAllCompileCommands();
  for (CompileCommand &Command : Commands) {
    Command.Directory = absolutePath(DatabaseDir, Command.Directory);
    Command.Filename = absolutePath(Command.Directory, Command.Filename);
  }
  // What clang's own loader adds to a JSON database, as clang-tidy -p has it.
  return inferTargetAndDriverMode(inferMissingCompileCommands(
      expandResponseFiles(
          std::make_unique<ResolvedCompilationDatabase>(std::move(Commands)),
          llvm::vfs::getRealFileSystem())));
}

std::string findCompileDatabase(llvm::StringRef Source) {
  llvm::SmallString<256> Dir(absolutePath("", Source));
  for (llvm::sys::path::remove_filename(Dir); !Dir.empty();
       Dir = llvm::sys::path::parent_path(Dir)) {
    llvm::SmallString<256> Candidate(Dir);
    llvm::sys::path::append(Candidate, "compile_commands.json");
    if (llvm::sys::fs::exists(Candidate))
      return std::string(Candidate);
  }
  return "";
}

} // namespace txnlint
