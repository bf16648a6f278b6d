//===--- SummaryStore.cpp - Summaries across translation units ------------===//

#include "SummaryStore.h"
#include "../utils/InputFiles.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>

namespace txnlint {
namespace {

using Json = nlohmann::ordered_json;

/// The format of a unit's summaries file; a file of another version is
/// ignored (the unit is checked again).
constexpr int FormatVersion = 7;
constexpr llvm::StringLiteral Suffix = ".summaries.json";

std::atomic<unsigned> NextGeneration{1};
std::mutex ProcessLock;
std::shared_ptr<const LinkedSummaries> ProcessSummaries;
thread_local UnitSummaries *CurrentTarget = nullptr;

} // namespace

uint64_t summaryHash(llvm::StringRef Text) {
  uint64_t Hash = llvm::xxh3_64bits(Text);
  return Hash ? Hash : 1;
}

/// The "unit" of a lock-order edge (LockOrderInversionCheck writes it).
static std::string unitOfEdge(llvm::StringRef Edge) {
  Json J = Json::parse(Edge.begin(), Edge.end(), nullptr, false);
  return J.is_object() ? J.value("unit", "") : "";
}

std::string unitSummariesToJson(const UnitSummaries &Unit) {
  Json Root;
  Root["version"] = FormatVersion;
  Root["file"] = Unit.File;
  Root["summaries"] = Json::object();
  for (const auto &[Usr, Text] : Unit.Summaries)
    Root["summaries"][Usr] = Json::parse(Text);
  Root["effects"] = Json::object();
  for (const auto &[Usr, Text] : Unit.Effects)
    Root["effects"][Usr] = Json::parse(Text);
  Root["overrides"] = Unit.Overrides;
  for (const auto &[Key, Calls] : {std::pair{"calls", &Unit.Calls},
                                   {"effect-calls", &Unit.EffectCalls},
                                   {"throw-calls", &Unit.ThrowCalls},
                                   {"overrider-calls", &Unit.OverriderCalls}}) {
    Root[Key] = Json::object();
    for (const auto &[Usr, Hash] : *Calls)
      Root[Key][Usr] = llvm::utohexstr(Hash);
  }
  Root["lock-orders"] = Json::array();
  for (const std::string &Edge : Unit.LockOrders)
    Root["lock-orders"].push_back(Json::parse(Edge));
  Root["lock-orders-seen"] = llvm::utohexstr(Unit.LockOrdersSeen);
  Root["inputs"] = Json::object();
  for (const auto &[File, Hash] : Unit.Inputs)
    Root["inputs"][File] = llvm::utohexstr(Hash);
  Root["key"] = Unit.Key;
  Root["findings"] = Unit.Findings.empty() ? Json() : Json::parse(Unit.Findings);
  return Root.dump(1) + "\n";
}

llvm::Expected<UnitSummaries> parseUnitSummaries(llvm::StringRef Text,
                                                 llvm::StringRef FileName) {
  auto Invalid = [&](const llvm::Twine &Why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "'" + FileName + "': " + Why);
  };
  Json Root = Json::parse(Text.begin(), Text.end(), nullptr, false);
  auto IsObject = [&](const char *Key) {
    return Root.contains(Key) && Root[Key].is_object();
  };
  if (!Root.is_object() || !Root.contains("file") ||
      !Root["file"].is_string() || !IsObject("summaries") ||
      !IsObject("effects") || !IsObject("calls") || !IsObject("effect-calls") ||
      !IsObject("throw-calls") || !IsObject("overrides") ||
      !IsObject("overrider-calls"))
    return Invalid("not a summaries file");
  if (Root.value("version", 0) != FormatVersion)
    return Invalid("summaries file of another version");
  UnitSummaries Unit;
  Unit.File = Root["file"].get<std::string>();
  for (const auto &[Usr, Summary] : Root["summaries"].items())
    Unit.Summaries[Usr] = Summary.dump();
  for (const auto &[Usr, Summary] : Root["effects"].items())
    Unit.Effects[Usr] = Summary.dump();
  for (const auto &[Usr, Overridden] : Root["overrides"].items()) {
    if (!Overridden.is_array() ||
        !llvm::all_of(Overridden, [](const Json &J) { return J.is_string(); }))
      return Invalid("bad overrides of '" + Usr + "'");
    Unit.Overrides[Usr] = Overridden.get<std::vector<std::string>>();
  }
  if (!IsObject("inputs"))
    return Invalid("not a summaries file");
  for (const auto &[Key, Calls] : {std::pair{"calls", &Unit.Calls},
                                   {"effect-calls", &Unit.EffectCalls},
                                   {"throw-calls", &Unit.ThrowCalls},
                                   {"overrider-calls", &Unit.OverriderCalls},
                                   {"inputs", &Unit.Inputs}}) {
    for (const auto &[Usr, Hash] : Root[Key].items()) {
      uint64_t Value = 0;
      if (!Hash.is_string() ||
          llvm::StringRef(Hash.get_ref<const std::string &>()).getAsInteger(16, Value))
        return Invalid("bad hash of '" + Usr + "'");
      (*Calls)[Usr] = Value;
    }
  }
  // Lock orders came later: a store without them has none.
  if (Root.contains("lock-orders")) {
    if (!Root["lock-orders"].is_array() ||
        !llvm::all_of(Root["lock-orders"], [](const Json &J) { return J.is_object(); }))
      return Invalid("bad lock orders");
    for (const Json &Edge : Root["lock-orders"])
      Unit.LockOrders.push_back(Edge.dump());
    if (llvm::StringRef(Root.value("lock-orders-seen", "0"))
            .getAsInteger(16, Unit.LockOrdersSeen))
      return Invalid("bad hash of the lock orders seen");
  }
  Unit.Key = Root.value("key", "");
  if (Root.contains("findings") && !Root["findings"].is_null())
    Unit.Findings = Root["findings"].dump();
  return Unit;
}

namespace {

/// What a summary's text says of exceptions: what it throws, and the
/// functions defined elsewhere whose exceptions it lets through.
struct TextThrows {
  std::vector<std::string> Names, Via;
};

/// Texts are parsed once per process: links are made again as files finish.
const TextThrows &throwsOfText(const std::string &Text) {
  static std::mutex Lock;
  static std::unordered_map<std::string, TextThrows> Parsed;
  std::lock_guard<std::mutex> Guard(Lock);
  auto [It, Inserted] = Parsed.try_emplace(Text);
  if (Inserted) {
    Json Root = Json::parse(Text, nullptr, false);
    auto Read = [&](const char *Key, std::vector<std::string> &Into) {
      if (Root.is_object())
        for (const Json &Name : Root.value(Key, Json::array()))
          if (Name.is_string())
            Into.push_back(Name.get<std::string>());
    };
    Read("throws", It->second.Names);
    Read("throws-via", It->second.Via);
  }
  return It->second;
}

/// \p Text saying that its function throws \p Names, and naming no other
/// function for it.
std::string withThrows(const std::string &Text,
                       const std::set<std::string> &Names) {
  static std::mutex Lock;
  static std::map<std::pair<std::string, std::set<std::string>>, std::string>
      Rewritten;
  std::lock_guard<std::mutex> Guard(Lock);
  auto [It, Inserted] = Rewritten.try_emplace({Text, Names});
  if (Inserted) {
    Json Root = Json::parse(Text, nullptr, false);
    Root.erase("throws-via");
    if (Names.empty())
      Root.erase("throws");
    else
      Root["throws"] = std::vector<std::string>(Names.begin(), Names.end());
    It->second = Root.dump();
  }
  return It->second;
}

} // namespace

void LinkedSummaries::closeThrows() {
  // The summaries that name functions elsewhere for what they throw.
  llvm::StringMap<std::string *> Naming;
  for (auto *Texts : {&EffectByUsr, &ByUsr}) // a summary wins over an effect
    for (auto &[Usr, Text] : *Texts)
      if (llvm::StringRef(Text).contains("\"throws-via\""))
        Naming[Usr] = &Text;
  // What each throws, grown to a fixpoint over the functions it names (a
  // chain of wrappers in several files, or a cycle of them).
  llvm::StringMap<std::set<std::string>> Closed;
  for (const auto &[Usr, Text] : Naming) {
    const std::vector<std::string> &Own = throwsOfText(*Text).Names;
    Closed[Usr].insert(Own.begin(), Own.end());
  }
  for (bool Grew = true; Grew;) {
    Grew = false;
    for (const auto &[Usr, Text] : Naming)
      for (const std::string &Callee : throwsOfText(*Text).Via) {
        std::set<std::string> &Names = Closed[Usr];
        size_t Before = Names.size();
        if (auto It = Closed.find(Callee); It != Closed.end()) {
          Names.insert(It->second.begin(), It->second.end());
        } else if (const std::string *CalleeText = findEffect(Callee)) {
          const std::vector<std::string> &Thrown =
              throwsOfText(*CalleeText).Names;
          Names.insert(Thrown.begin(), Thrown.end());
        }
        Grew |= Names.size() != Before;
      }
  }
  for (const auto &[Usr, Text] : Naming)
    *Text = withThrows(*Text, Closed[Usr]);
}

LinkedSummaries::LinkedSummaries(const std::vector<const UnitSummaries *> &Units,
                                 std::optional<unsigned> Epoch)
    : Generation(NextGeneration++), Epoch(Epoch.value_or(Generation)) {
  std::vector<const UnitSummaries *> Sorted = Units;
  llvm::sort(Sorted, [](const UnitSummaries *A, const UnitSummaries *B) {
    return A->File < B->File;
  });
  for (const UnitSummaries *Unit : Sorted) {
    for (const auto &[Usr, Text] : Unit->Summaries)
      ByUsr.try_emplace(Usr, Text);
    for (const auto &[Usr, Text] : Unit->Effects)
      EffectByUsr.try_emplace(Usr, Text);
  }
  for (const UnitSummaries *Unit : Sorted)
    for (const std::string &Edge : Unit->LockOrders) {
      LockOrders.push_back(Edge);
      uint64_t Hash = summaryHash(Edge);
      LockOrdersSum += Hash;
      auto &[Sum, Count] = LockOrdersByUnit[unitOfEdge(Edge)];
      Sum += Hash;
      ++Count;
    }
  // A method defined twice is linked once, from the unit that won above.
  for (const UnitSummaries *Unit : Sorted)
    for (const auto &[Usr, Overridden] : Unit->Overrides)
      if (auto Own = Unit->Summaries.find(Usr);
          Own != Unit->Summaries.end() && ByUsr.find(Usr)->second == Own->second)
        for (const std::string &Method : Overridden)
          OverridersByUsr[Method].push_back(Usr);
  for (auto &[Method, Overriders] : OverridersByUsr) {
    llvm::sort(Overriders);
    Overriders.erase(std::unique(Overriders.begin(), Overriders.end()),
                     Overriders.end());
  }
  // Last: the texts linked above are the units' own.
  closeThrows();
}

const std::vector<std::string> *
LinkedSummaries::overridersOf(llvm::StringRef Usr) const {
  auto It = OverridersByUsr.find(Usr);
  return It == OverridersByUsr.end() ? nullptr : &It->second;
}

uint64_t LinkedSummaries::overridersHash(llvm::StringRef Usr) const {
  const std::vector<std::string> *Overriders = overridersOf(Usr);
  return Overriders ? summaryHash(llvm::join(*Overriders, "\n")) : 0;
}

const std::string *LinkedSummaries::find(llvm::StringRef Usr) const {
  auto It = ByUsr.find(Usr);
  return It == ByUsr.end() ? nullptr : &It->second;
}

const std::string *LinkedSummaries::findEffect(llvm::StringRef Usr) const {
  if (const std::string *Text = find(Usr))
    return Text;
  auto It = EffectByUsr.find(Usr);
  return It == EffectByUsr.end() ? nullptr : &It->second;
}

uint64_t LinkedSummaries::lockOrdersHash(llvm::StringRef Unit) const {
  auto Own = LockOrdersByUnit.lookup(Unit);
  if (Own.second == LockOrders.size())
    return 0;
  uint64_t Others = LockOrdersSum - Own.first;
  return Others ? Others : 1;
}

std::vector<std::string> thrownNames(llvm::StringRef Text) {
  Json Root = Json::parse(Text.begin(), Text.end(), nullptr, false);
  std::vector<std::string> Names;
  if (Root.is_object())
    for (const Json &Name : Root.value("throws", Json::array()))
      if (Name.is_string())
        Names.push_back(Name.get<std::string>());
  return Names;
}

uint64_t effectHash(llvm::StringRef Text) {
  Json Root = Json::parse(Text.begin(), Text.end(), nullptr, false);
  if (!Root.is_object())
    return summaryHash(Text);
  Root.erase("throws");
  Root.erase("throws-via");
  bool Unknown = Root.value("events", Json::array()).empty() &&
                 Root.value("may-end", false) &&
                 Root.value("may-begin", false) &&
                 Root.value("may-write", false);
  for (const char *Says :
       {"writes-given-sql", "runs-transaction", "returns-own-handle",
        "returns-member-of", "reported", "checks-result-of",
        "member-parameters", "keeps-params"})
    Unknown &= !Root.contains(Says);
  return Unknown ? 0 : summaryHash(Root.dump());
}

uint64_t throwsHash(llvm::StringRef Text) {
  std::vector<std::string> Names = thrownNames(Text);
  return Names.empty() ? 0 : summaryHash(llvm::join(Names, "\n"));
}

bool usesStaleSummary(const UnitSummaries &Unit, const LinkedSummaries &Linked) {
  auto Stale = [](const std::map<std::string, uint64_t> &Calls, auto Find) {
    return llvm::any_of(Calls, [&](const auto &Call) {
      const std::string *Text = Find(Call.first);
      return (Text ? summaryHash(*Text) : 0) != Call.second;
    });
  };
  return Stale(Unit.Calls,
               [&](llvm::StringRef Usr) { return Linked.find(Usr); }) ||
         llvm::any_of(Unit.EffectCalls,
                      [&](const auto &Call) {
                        const std::string *Text = Linked.findEffect(Call.first);
                        return (Text ? effectHash(*Text) : 0) != Call.second;
                      }) ||
         llvm::any_of(Unit.ThrowCalls,
                      [&](const auto &Call) {
                        const std::string *Text = Linked.findEffect(Call.first);
                        return (Text ? throwsHash(*Text) : 0) != Call.second;
                      }) ||
         llvm::any_of(Unit.OverriderCalls,
                      [&](const auto &Call) {
                        return Linked.overridersHash(Call.first) != Call.second;
                      }) ||
         // Its transactions were compared with other units' lock orders.
         (!Unit.LockOrders.empty() &&
          Unit.LockOrdersSeen !=
              Linked.lockOrdersHash(unitOfEdge(Unit.LockOrders.front())));
}

std::string storePathOf(llvm::StringRef Dir, llvm::StringRef MainFile) {
  llvm::SmallString<256> Path(Dir);
  llvm::sys::path::append(Path, (llvm::sys::path::filename(MainFile) + "." +
                                 llvm::utohexstr(llvm::xxh3_64bits(MainFile)) +
                                 Suffix)
                                    .str());
  return std::string(Path);
}

llvm::Expected<std::vector<UnitSummaries>> readStore(llvm::StringRef Dir) {
  std::vector<UnitSummaries> Units;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    if (!llvm::StringRef(It->path()).ends_with(Suffix))
      continue;
    auto Text = readInputFile(It->path());
    if (!Text)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "cannot read '" + It->path() + "': " +
                                         llvm::toString(Text.takeError()));
    auto Unit = parseUnitSummaries((*Text)->getBuffer(), It->path());
    // A file of another version, or cut short by a crash: as if absent.
    if (!Unit) {
      llvm::consumeError(Unit.takeError());
      continue;
    }
    Units.push_back(std::move(*Unit));
  }
  if (EC && EC != std::errc::no_such_file_or_directory)
    return llvm::createStringError(EC, "cannot read the summary store '" + Dir +
                                           "': " + EC.message());
  llvm::sort(Units, [](const UnitSummaries &A, const UnitSummaries &B) {
    return A.File < B.File;
  });
  return Units;
}

std::shared_ptr<const LinkedSummaries>
LinkedSummaries::loadStore(llvm::StringRef Dir, std::string &Error) {
  struct Load {
    llvm::sys::TimePoint<> Modified;
    std::shared_ptr<const LinkedSummaries> Linked;
    std::string Error;
  };
  static std::mutex Lock;
  static std::map<std::string, Load> Loaded;
  std::lock_guard<std::mutex> Guard(Lock);
  // Entries are written by renaming into the store, which changes its
  // modification time: a long-lived process (a language server) sees a
  // store that a later run refreshed.
  llvm::sys::fs::file_status Status;
  llvm::sys::TimePoint<> Modified;
  if (!llvm::sys::fs::status(Dir, Status))
    Modified = Status.getLastModificationTime();
  auto [It, Inserted] = Loaded.try_emplace(Dir.str());
  Load &Entry = It->second;
  if (Inserted || Entry.Modified != Modified) {
    Entry = Load{Modified, nullptr, ""};
    if (auto Units = readStore(Dir)) {
      std::vector<const UnitSummaries *> Pointers;
      for (const UnitSummaries &Unit : *Units)
        Pointers.push_back(&Unit);
      Entry.Linked = std::make_shared<LinkedSummaries>(Pointers);
    } else {
      Entry.Error = llvm::toString(Units.takeError());
    }
  }
  Error = Entry.Error;
  return Entry.Linked;
}

void LinkedSummaries::setForProcess(std::shared_ptr<const LinkedSummaries> Linked) {
  std::lock_guard<std::mutex> Guard(ProcessLock);
  ProcessSummaries = std::move(Linked);
}

std::shared_ptr<const LinkedSummaries> LinkedSummaries::forProcess() {
  std::lock_guard<std::mutex> Guard(ProcessLock);
  return ProcessSummaries;
}

SummaryExtraction::SummaryExtraction(UnitSummaries &Target)
    : Previous(CurrentTarget) {
  CurrentTarget = &Target;
}

SummaryExtraction::~SummaryExtraction() { CurrentTarget = Previous; }

UnitSummaries *SummaryExtraction::current() { return CurrentTarget; }

} // namespace txnlint
