//===--- LanguageServer.cpp -----------------------------------------------===//
//
// Two threads: the reader parses messages and keeps the open documents; the
// worker analyses one document at a time, once its text has settled, and
// publishes only results that still describe the text the editor shows.
//
//===----------------------------------------------------------------------===//

#include "LanguageServer.h"
#include "CompileDatabase.h"
#include "ParallelRunner.h"
#include "TxnLintModule.h"
#include "TxnLintVersion.h"
#include "analysis/SummaryStore.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include <atomic>
#include <condition_variable>
#include <errno.h>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unistd.h>

using clang::tidy::ClangTidyError;
using Json = nlohmann::json;

namespace txnlint {
namespace {

// JSON-RPC's error codes, and the protocol's.
constexpr int ParseError = -32700;
constexpr int InvalidRequest = -32600;
constexpr int MethodNotFound = -32601;
constexpr int InvalidParams = -32602;
constexpr int ServerNotInitialized = -32002;

// window/logMessage types.
enum class MessageType { Error = 1, Warning = 2, Log = 4 };

// DiagnosticSeverity.
constexpr int SeverityError = 1, SeverityWarning = 2, SeverityInformation = 3;

/// Text with invalid UTF-8 (a message quoting a Latin-1 source line) is
/// sent with replacement characters rather than not at all.
std::string serialize(const Json &Message) {
  return Message.dump(-1, ' ', false, Json::error_handler_t::replace);
}

/// Messages framed by Content-Length headers on a pair of file descriptors.
class Transport {
public:
  Transport(int InFd, int OutFd) : InFd(InFd), OutFd(OutFd) {}

  /// The next message's body; nullopt at the end of the input. A message
  /// whose header cannot be used sets \p Problem instead.
  std::optional<std::string> read(std::string &Problem) {
    std::optional<size_t> Length;
    bool SawHeader = false;
    for (;;) {
      std::optional<std::string> Line = readLine();
      if (!Line)
        return std::nullopt;
      if (Line->empty()) {
        if (SawHeader)
          break;
        continue; // Blank lines between messages.
      }
      SawHeader = true;
      auto [Name, Value] = llvm::StringRef(*Line).split(':');
      Value = Value.trim();
      size_t Parsed;
      if (Name.size() == Line->size())
        Problem = "malformed header line '" + *Line + "'";
      else if (!Name.equals_insensitive("Content-Length"))
        continue; // Content-Type, or a header of a later version.
      else if (Value.getAsInteger(10, Parsed) || Parsed > MaxLength)
        Problem = "Content-Length '" + Value.str() + "' is not a length";
      else
        Length = Parsed;
    }
    if (!Length) {
      if (Problem.empty())
        Problem = "message without a Content-Length header";
      return std::string();
    }
    // Read even when another header was malformed: the next message
    // starts after it.
    std::string Body;
    while (Body.size() < *Length) {
      if (Pending.empty() && !fill())
        return std::nullopt;
      size_t Take = std::min(Pending.size(), *Length - Body.size());
      Body.append(Pending, 0, Take);
      Pending.erase(0, Take);
    }
    return Body;
  }

  void send(const Json &Message) {
    std::string Body = serialize(Message);
    std::string Framed =
        "Content-Length: " + std::to_string(Body.size()) + "\r\n\r\n" + Body;
    std::lock_guard<std::mutex> Guard(WriteLock);
    for (llvm::StringRef Rest = Framed; !Rest.empty();) {
      ssize_t Written = ::write(OutFd, Rest.data(), Rest.size());
      if (Written < 0 && errno == EINTR)
        continue;
      if (Written <= 0)
        return; // The client is gone; the reader sees the end of input.
      Rest = Rest.drop_front(Written);
    }
  }

private:
  /// A header line without its line break.
  std::optional<std::string> readLine() {
    for (;;) {
      size_t End = Pending.find('\n');
      if (End != std::string::npos) {
        std::string Line = Pending.substr(0, End);
        Pending.erase(0, End + 1);
        if (!Line.empty() && Line.back() == '\r')
          Line.pop_back();
        return Line;
      }
      if (Pending.size() > MaxHeaderLine) {
        std::string Line = std::move(Pending);
        Pending.clear();
        return Line;
      }
      if (!fill())
        return std::nullopt;
    }
  }

  bool fill() {
    char Buffer[65536];
    for (;;) {
      ssize_t Got = ::read(InFd, Buffer, sizeof(Buffer));
      if (Got < 0 && errno == EINTR)
        continue;
      if (Got <= 0)
        return false;
      Pending.append(Buffer, Got);
      return true;
    }
  }

  static constexpr size_t MaxLength = size_t(1) << 30;
  static constexpr size_t MaxHeaderLine = 4096;
  int InFd, OutFd;
  std::string Pending;
  std::mutex WriteLock;
};

std::string normalized(llvm::StringRef Path) {
  llvm::SmallString<256> Clean(Path);
  llvm::sys::path::remove_dots(Clean, /*remove_dot_dot=*/true);
  return std::string(Clean);
}

/// The path a file:// URI names, or nullopt for other schemes.
std::optional<std::string> pathOfUri(llvm::StringRef Uri) {
  if (!Uri.consume_front("file://"))
    return std::nullopt;
  Uri.consume_front("localhost");
  if (!Uri.starts_with("/"))
    return std::nullopt;
  std::string Path;
  for (size_t I = 0; I < Uri.size(); ++I) {
    unsigned Byte;
    if (Uri[I] == '%' && I + 2 < Uri.size() &&
        !Uri.substr(I + 1, 2).getAsInteger(16, Byte)) {
      Path += char(Byte);
      I += 2;
    } else {
      Path += Uri[I];
    }
  }
  return normalized(Path);
}

/// Byte offsets in a text as LSP positions: a zero-based line and a column
/// in UTF-16 code units (the protocol's default encoding).
class LineTable {
public:
  explicit LineTable(llvm::StringRef Text) : Text(Text) {
    LineStarts.push_back(0);
    for (size_t I = 0; I < Text.size(); ++I)
      if (Text[I] == '\n')
        LineStarts.push_back(I + 1);
  }

  Json position(size_t Offset) const {
    Offset = std::min(Offset, Text.size());
    size_t Line =
        std::upper_bound(LineStarts.begin(), LineStarts.end(), Offset) -
        LineStarts.begin() - 1;
    size_t Column = 0;
    for (char C : Text.slice(LineStarts[Line], Offset)) {
      unsigned char Byte = C;
      if ((Byte & 0xC0) != 0x80) // Not a continuation byte.
        Column += Byte >= 0xF0 ? 2 : 1; // Beyond the BMP: a surrogate pair.
    }
    return {{"line", Line}, {"character", Column}};
  }

  /// The flagged token: an identifier, else one character.
  Json tokenRange(size_t Offset) const {
    size_t End = Offset;
    auto IsIdentifier = [](char C) { return llvm::isAlnum(C) || C == '_'; };
    while (End < Text.size() && IsIdentifier(Text[End]))
      ++End;
    if (End == Offset && End < Text.size() && Text[End] != '\n')
      ++End;
    return {{"start", position(Offset)}, {"end", position(End)}};
  }

private:
  llvm::StringRef Text;
  std::vector<size_t> LineStarts;
};

struct Document {
  std::string Path;
  std::string Text;
  /// The client's version, sent back with its diagnostics.
  std::optional<int64_t> Version;
  /// Ours: every new text gets a new one.
  uint64_t Generation = 0;
};

/// What checking a document's text gave.
struct Analysis {
  std::vector<ClangTidyError> Errors;
  /// Why the analysis may be incomplete: no compile command, an unusable
  /// configuration, an unreadable summary store.
  std::vector<std::string> Problems;
};

/// The units of the summary store, read again only after a run changed it
/// (entries are renamed into the store, which changes its modification
/// time).
class StoreReader {
public:
  explicit StoreReader(std::string Dir) : Dir(std::move(Dir)) {}

  llvm::Expected<const std::vector<UnitSummaries> &> units() {
    llvm::sys::fs::file_status Status;
    llvm::sys::TimePoint<> Modified;
    if (!llvm::sys::fs::status(Dir, Status))
      Modified = Status.getLastModificationTime();
    if (!Units || Modified != ReadAt) {
      auto Read = readStore(Dir);
      if (!Read)
        return Read.takeError();
      Units = std::move(*Read);
      ReadAt = Modified;
    }
    return *Units;
  }

private:
  std::string Dir;
  std::optional<std::vector<UnitSummaries>> Units;
  llvm::sys::TimePoint<> ReadAt;
};

/// A loaded compile_commands.json, lent to one analysis at a time.
class BorrowedCompilations : public clang::tooling::CompilationDatabase {
public:
  explicit BorrowedCompilations(
      std::shared_ptr<clang::tooling::CompilationDatabase> Loaded)
      : Loaded(std::move(Loaded)) {}
  std::vector<clang::tooling::CompileCommand>
  getCompileCommands(llvm::StringRef File) const override {
    return Loaded->getCompileCommands(File);
  }
  std::vector<std::string> getAllFiles() const override {
    return Loaded->getAllFiles();
  }
  std::vector<clang::tooling::CompileCommand>
  getAllCompileCommands() const override {
    return Loaded->getAllCompileCommands();
  }

private:
  std::shared_ptr<clang::tooling::CompilationDatabase> Loaded;
};

/// The compile_commands.json files in use, each read again only when it
/// changed: a large one takes longer to load than an edit takes to make.
class DatabaseReader {
public:
  llvm::Expected<std::unique_ptr<clang::tooling::CompilationDatabase>>
  load(const std::string &File) {
    llvm::sys::fs::file_status Status;
    llvm::sys::TimePoint<> Modified;
    if (!llvm::sys::fs::status(File, Status))
      Modified = Status.getLastModificationTime();
    Loaded &Entry = ByFile[File];
    if (!Entry.Commands || Entry.Modified != Modified) {
      auto Read = loadCompileDatabase(File);
      if (!Read)
        return Read.takeError();
      Entry = {Modified, std::move(*Read)};
    }
    return std::make_unique<BorrowedCompilations>(Entry.Commands);
  }

private:
  struct Loaded {
    llvm::sys::TimePoint<> Modified;
    std::shared_ptr<clang::tooling::CompilationDatabase> Commands;
  };
  std::map<std::string, Loaded> ByFile;
};

Analysis analyse(const LanguageServerOptions &Options, DatabaseReader &Databases,
                 StoreReader &Store, const std::string &Path,
                 llvm::StringRef Text) {
  Analysis Result;
  std::unique_ptr<clang::tooling::CompilationDatabase> Commands;
  std::string DatabaseFile =
      Options.DatabaseFile.empty() ? findCompileDatabase(Path)
                                   : Options.DatabaseFile;
  if (!DatabaseFile.empty()) {
    auto Loaded = Databases.load(DatabaseFile);
    if (Loaded)
      Commands = std::move(*Loaded);
    else
      Result.Problems.push_back(llvm::toString(Loaded.takeError()));
  } else {
    std::string Ignored;
    Commands =
        clang::tooling::CompilationDatabase::autoDetectFromSource(Path, Ignored);
  }
  if (!Commands) {
    if (DatabaseFile.empty())
      Result.Problems.push_back("no compilation database found for '" + Path +
                                "'; analyzed without compiler flags");
    Commands = std::make_unique<clang::tooling::FixedCompilationDatabase>(
        llvm::sys::path::parent_path(Path), std::vector<std::string>());
  }
  clang::tooling::ArgumentsAdjustingCompilations Adjusted(std::move(Commands));
  if (Options.AdjustCommand)
    Adjusted.appendArgumentsAdjuster(Options.AdjustCommand);

  // The editor's text replaces the file's.
  auto Unsaved = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  Unsaved->addFile(Path, /*ModificationTime=*/0,
                   llvm::MemoryBuffer::getMemBufferCopy(Text, Path));
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::createPhysicalFileSystem());
  FS->pushOverlay(Unsaved);

  // The other files' summaries; the document's own body wins over its
  // stored summary.
  std::vector<const UnitSummaries *> Others;
  if (!Options.StoreDir.empty()) {
    auto Units = Store.units();
    if (Units) {
      for (const UnitSummaries &Unit : *Units)
        if (Unit.File != Path)
          Others.push_back(&Unit);
    } else {
      Result.Problems.push_back(llvm::toString(Units.takeError()));
    }
  }
  if (!Others.empty())
    LinkedSummaries::setForProcess(std::make_shared<LinkedSummaries>(Others));

  RunOptions Run;
  Run.MakeOptionsProvider =
      [&](llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> WorkerFS) {
        return Options.MakeOptionsProvider(WorkerFS, &Result.Problems);
      };
  FileResult Checked = checkFile(Adjusted, Path, Run, FS);
  LinkedSummaries::setForProcess(nullptr);
  Result.Errors = mergeErrors({Checked});
  return Result;
}

int severityOf(const ClangTidyError &Error) {
  if (Error.DiagLevel == ClangTidyError::Error)
    return SeverityError;
  switch (checkSeverity(Error.DiagnosticName)) {
  case CheckSeverity::High:
    return SeverityError;
  case CheckSeverity::Medium:
    return SeverityWarning;
  case CheckSeverity::Low:
    return SeverityInformation;
  }
  llvm_unreachable("unknown severity");
}

std::string describeVersion(std::optional<int64_t> Version) {
  return Version ? " (version " + std::to_string(*Version) + ")" : "";
}

class Server {
public:
  Server(const LanguageServerOptions &Options, Transport &Client)
      : Options(Options), Client(Client) {}

  int run() {
    std::thread Worker([this] { analyseDocuments(); });
    std::optional<int> Status;
    while (!Status) {
      std::string Problem;
      std::optional<std::string> Body = Client.read(Problem);
      if (!Body)
        break;
      if (!Problem.empty()) {
        log(MessageType::Error, "txnlint: " + Problem + "; message skipped");
        continue;
      }
      Status = handle(*Body);
    }
    {
      std::lock_guard<std::mutex> Guard(Lock);
      Stopping = true;
    }
    Wake.notify_all();
    // An analysis can take seconds and cannot be interrupted: the client
    // that asked to exit is not kept waiting for it.
    if (Analysing)
      llvm::sys::Process::Exit(Status.value_or(1), /*NoCleanup=*/true);
    Worker.join();
    return Status.value_or(1);
  }

private:
  /// Handles one message; the exit status once the client asked to exit.
  std::optional<int> handle(const std::string &Body) {
    Json Message = Json::parse(Body, nullptr, /*allow_exceptions=*/false);
    if (Message.is_discarded()) {
      replyError(nullptr, ParseError, "the message is not JSON");
      return std::nullopt;
    }
    Json Id = Message.is_object() && Message.contains("id") ? Message["id"]
                                                             : Json();
    if (!Message.is_object() || !Message.contains("method") ||
        !Message["method"].is_string()) {
      // A response to a request of ours (we send none) has no method.
      if (!Message.is_object() || !Message.contains("result"))
        replyError(Id, InvalidRequest, "the message has no method");
      return std::nullopt;
    }
    std::string Method = Message["method"];
    Json Params = Message.value("params", Json::object());
    bool IsRequest = Message.contains("id");
    if (Method == "exit")
      return ShutDown ? 0 : 1;
    try {
      if (IsRequest)
        handleRequest(Id, Method, Params);
      else
        handleNotification(Method, Params);
    } catch (const Json::exception &E) {
      if (IsRequest)
        replyError(Id, InvalidParams, "invalid parameters of " + Method +
                                          ": " + E.what());
      else
        log(MessageType::Error, "txnlint: invalid parameters of " + Method +
                                    ": " + E.what());
    }
    return std::nullopt;
  }

  void handleRequest(const Json &Id, llvm::StringRef Method,
                     const Json &Params) {
    if (Method == "initialize") {
      if (Initialized)
        return replyError(Id, InvalidRequest, "initialize was sent twice");
      Initialized = true;
      reply(Id, {{"capabilities",
                  {{"textDocumentSync",
                    {{"openClose", true},
                     {"change", 1}, // The whole text.
                     {"save", {{"includeText", false}}}}}}},
                 {"serverInfo",
                  {{"name", "txnlint"}, {"version", TXNLINT_VERSION}}}});
      return;
    }
    if (!Initialized)
      return replyError(Id, ServerNotInitialized,
                        "the server is not initialized");
    if (ShutDown)
      return replyError(Id, InvalidRequest,
                        ("'" + Method + "' after shutdown").str());
    if (Method == "shutdown") {
      ShutDown = true;
      {
        std::lock_guard<std::mutex> Guard(Lock);
        Stopping = true;
      }
      Wake.notify_all();
      return reply(Id, nullptr);
    }
    replyError(Id, MethodNotFound,
               ("txnlint does not handle '" + Method + "'").str());
  }

  void handleNotification(llvm::StringRef Method, const Json &Params) {
    // Before initialize, notifications other than exit are dropped; after
    // shutdown there is nothing more to analyse. $/cancelRequest needs no
    // work: every request is answered as soon as it is read.
    if (!Initialized || ShutDown)
      return;
    if (Method == "textDocument/didOpen") {
      const Json &Item = Params.at("textDocument");
      auto Uri = Item.at("uri").get<std::string>();
      std::optional<std::string> Path = pathOfUri(Uri);
      if (!Path)
        return log(MessageType::Warning,
                   "txnlint: '" + Uri + "' is not a file; not analyzed");
      std::lock_guard<std::mutex> Guard(Lock);
      Document &Doc = Documents[Uri];
      Doc.Path = *Path;
      Doc.Text = Item.at("text").get<std::string>();
      Doc.Version = Item.value("version", Json()).is_number_integer()
                        ? std::optional<int64_t>(Item["version"].get<int64_t>())
                        : std::nullopt;
      Doc.Generation = ++Generations;
      schedule(Uri, std::chrono::milliseconds(0));
    } else if (Method == "textDocument/didChange") {
      const Json &Item = Params.at("textDocument");
      auto Uri = Item.at("uri").get<std::string>();
      const Json &Changes = Params.at("contentChanges");
      std::lock_guard<std::mutex> Guard(Lock);
      auto Doc = Documents.find(Uri);
      if (Doc == Documents.end() || !Changes.is_array() || Changes.empty())
        return;
      // Full synchronization: the last change is the whole text.
      Doc->second.Text = Changes.back().at("text").get<std::string>();
      if (Item.value("version", Json()).is_number_integer())
        Doc->second.Version = Item["version"].get<int64_t>();
      Doc->second.Generation = ++Generations;
      schedule(Uri, Options.Debounce);
    } else if (Method == "textDocument/didSave") {
      auto Uri = Params.at("textDocument").at("uri").get<std::string>();
      std::lock_guard<std::mutex> Guard(Lock);
      if (Documents.count(Uri))
        schedule(Uri, std::chrono::milliseconds(0));
    } else if (Method == "textDocument/didClose") {
      auto Uri = Params.at("textDocument").at("uri").get<std::string>();
      std::lock_guard<std::mutex> Guard(Lock);
      Documents.erase(Uri);
      Due.erase(Uri);
      publish(Uri, std::nullopt, Json::array());
    }
  }

  /// Analyses \p Uri after \p Delay, unless it changes again before.
  /// Called with Lock held.
  void schedule(const std::string &Uri, std::chrono::milliseconds Delay) {
    Due[Uri] = std::chrono::steady_clock::now() + Delay;
    Wake.notify_all();
  }

  /// The worker thread.
  void analyseDocuments() {
    std::unique_lock<std::mutex> Guard(Lock);
    while (!Stopping) {
      auto Next = std::min_element(
          Due.begin(), Due.end(),
          [](const auto &A, const auto &B) { return A.second < B.second; });
      if (Next == Due.end()) {
        Wake.wait(Guard);
        continue;
      }
      if (Next->second > std::chrono::steady_clock::now()) {
        Wake.wait_until(Guard, Next->second);
        continue;
      }
      std::string Uri = Next->first;
      Due.erase(Next);
      auto Doc = Documents.find(Uri);
      if (Doc == Documents.end())
        continue;
      Document Snapshot = Doc->second;
      Analysing = true;
      log(MessageType::Log, "txnlint: analyzing " + Snapshot.Path +
                                describeVersion(Snapshot.Version));
      Guard.unlock();

      auto Start = std::chrono::steady_clock::now();
      Analysis Result =
          analyse(Options, Databases, Store, Snapshot.Path, Snapshot.Text);
      Json Diagnostics = diagnosticsOf(Result, Uri, Snapshot);
      auto Took = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::chrono::steady_clock::now() - Start);

      Guard.lock();
      Analysing = false;
      if (Stopping)
        break;
      for (const std::string &Problem : Result.Problems)
        log(MessageType::Warning, "txnlint: " + Problem);
      // A newer text (or a close) arrived meanwhile: these results describe
      // text the editor no longer shows.
      Doc = Documents.find(Uri);
      if (Doc == Documents.end() ||
          Doc->second.Generation != Snapshot.Generation) {
        log(MessageType::Log, "txnlint: results for " + Snapshot.Path +
                                  describeVersion(Snapshot.Version) +
                                  " discarded: the document changed");
        continue;
      }
      log(MessageType::Log,
          "txnlint: analyzed " + Snapshot.Path + " in " +
              std::to_string(Took.count()) + " ms, " +
              std::to_string(Diagnostics.size()) + " findings");
      publish(Uri, Snapshot.Version, std::move(Diagnostics));
    }
  }

  /// The findings of \p Result in the document, as LSP diagnostics.
  /// Compiler diagnostics are left to clangd; configuration errors and
  /// diagnostics without a place go to \p Result's problems.
  Json diagnosticsOf(Analysis &Result, const std::string &Uri,
                     const Document &Doc) {
    LineTable DocLines(Doc.Text);
    // Other files' texts, for notes in headers.
    std::map<std::string, std::unique_ptr<llvm::MemoryBuffer>> Buffers;
    std::map<std::string, LineTable> Tables;
    auto LinesOf = [&](const std::string &File) -> const LineTable * {
      if (File == Doc.Path)
        return &DocLines;
      auto Known = Tables.find(File);
      if (Known != Tables.end())
        return &Known->second;
      auto Buffer = llvm::MemoryBuffer::getFile(File);
      if (!Buffer)
        return nullptr;
      llvm::StringRef Text = (*Buffer)->getBuffer();
      Buffers[File] = std::move(*Buffer);
      return &Tables.emplace(File, LineTable(Text)).first->second;
    };

    Json Diagnostics = Json::array();
    size_t CompileErrors = 0;
    for (const ClangTidyError &Error : Result.Errors) {
      llvm::StringRef Check = Error.DiagnosticName;
      if (Check.starts_with("clang-diagnostic-")) {
        CompileErrors += Error.DiagLevel == ClangTidyError::Error;
        continue;
      }
      if (Check == "clang-tidy-config" || Error.Message.FilePath.empty()) {
        Result.Problems.push_back(Error.Message.Message + " [" + Check.str() +
                                  "]");
        continue;
      }
      // A finding in a header belongs to the header's document.
      if (normalized(Error.Message.FilePath) != Doc.Path)
        continue;
      Json Diagnostic = {
          {"range", DocLines.tokenRange(Error.Message.FileOffset)},
          {"severity", severityOf(Error)},
          {"code", Check},
          {"source", "txnlint"},
          {"message", Error.Message.Message}};
      for (const clang::tooling::FileByteRange &Range : Error.Message.Ranges)
        if (normalized(Range.FilePath) == Doc.Path &&
            Range.FileOffset == Error.Message.FileOffset) {
          Diagnostic["range"]["end"] =
              DocLines.position(Range.FileOffset + Range.Length);
          break;
        }
      if (Check.starts_with("txn-"))
        Diagnostic["codeDescription"] = {
            {"href", Options.DocsUrl + Check.str() + ".md"}};
      Json Related = Json::array();
      for (const clang::tooling::DiagnosticMessage &Note : Error.Notes) {
        std::string File = normalized(Note.FilePath);
        const LineTable *Lines = File.empty() ? nullptr : LinesOf(File);
        if (!Lines)
          continue;
        Related.push_back(
            {{"location",
              {{"uri", File == Doc.Path ? Uri : uriOfPath(File)},
               {"range", Lines->tokenRange(Note.FileOffset)}}},
             {"message", Note.Message}});
      }
      if (!Related.empty())
        Diagnostic["relatedInformation"] = std::move(Related);
      Diagnostics.push_back(std::move(Diagnostic));
    }
    if (CompileErrors)
      Result.Problems.push_back(
          Doc.Path + " has " + std::to_string(CompileErrors) +
          " compile error(s) (clangd shows them); findings may be missing");
    return Diagnostics;
  }

  void publish(const std::string &Uri, std::optional<int64_t> Version,
               Json Diagnostics) {
    Json Params = {{"uri", Uri}, {"diagnostics", std::move(Diagnostics)}};
    if (Version)
      Params["version"] = *Version;
    Client.send({{"jsonrpc", "2.0"},
                 {"method", "textDocument/publishDiagnostics"},
                 {"params", std::move(Params)}});
  }

  void reply(const Json &Id, Json Result) {
    Client.send({{"jsonrpc", "2.0"}, {"id", Id}, {"result", std::move(Result)}});
  }

  void replyError(const Json &Id, int Code, const std::string &Message) {
    Client.send({{"jsonrpc", "2.0"},
                 {"id", Id},
                 {"error", {{"code", Code}, {"message", Message}}}});
  }

  void log(MessageType Type, const std::string &Message) {
    Client.send({{"jsonrpc", "2.0"},
                 {"method", "window/logMessage"},
                 {"params", {{"type", int(Type)}, {"message", Message}}}});
  }

  const LanguageServerOptions &Options;
  Transport &Client;
  /// Used by the worker only.
  DatabaseReader Databases;
  StoreReader Store{Options.StoreDir};
  // Read and written by the reader thread only.
  bool Initialized = false;
  bool ShutDown = false;

  // Shared with the worker.
  std::mutex Lock;
  std::condition_variable Wake;
  std::map<std::string, Document> Documents;
  /// The documents waiting to be analysed, and when.
  std::map<std::string, std::chrono::steady_clock::time_point> Due;
  uint64_t Generations = 0;
  bool Stopping = false;
  std::atomic<bool> Analysing{false};
};

} // namespace

std::string uriOfPath(llvm::StringRef Path) {
  std::string Uri = "file://";
  for (char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C))
      Uri += C;
    else
      Uri += "%" + llvm::utohexstr(static_cast<unsigned char>(C), false, 2);
  }
  return Uri;
}

int runLanguageServer(const LanguageServerOptions &Options, int InFd,
                      int OutFd) {
  Transport Client(InFd, OutFd);
  return Server(Options, Client).run();
}

} // namespace txnlint
