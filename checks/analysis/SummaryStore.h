//===--- SummaryStore.h - Summaries across translation units ----*- C++ -*-===//
//
// Function summaries outlive the AST they were inferred from as JSON text,
// keyed by the function's USR: each translation unit's own summaries are
// extracted while it is checked, and the summaries of every unit, linked by
// USR as a linker links symbols, let a call to a function defined in another
// file replay what its body does (docs/cross-file.md).
//
// This layer knows no AST. PortableSummary.h converts between a summary and
// its text; the driver and the clang-tidy plugin read and link stores here.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_ANALYSIS_SUMMARYSTORE_H
#define TXNLINT_ANALYSIS_SUMMARYSTORE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace txnlint {

/// What checking one translation unit says across files.
struct UnitSummaries {
  /// The main file, absolute.
  std::string File;
  /// The summaries of the functions it defines that other units can call:
  /// USR to the summary's text (equal text, equal summary).
  std::map<std::string, std::string> Summaries;
  /// For the methods among them that override others: the USRs of every
  /// method each overrides, directly or not (a call through an interface
  /// finds its overriders by the called method's USR).
  std::map<std::string, std::vector<std::string>> Overrides;
  /// For the functions it defines whose summary is empty but that do less
  /// than an unknown function may (they end, begin or write nothing): the
  /// summary text, which says so.
  std::map<std::string, std::string> Effects;
  /// The functions it calls whose body is not in it, each with the hash of
  /// the external summary its check used for the call (0: none). The unit
  /// must be checked again when a linked summary no longer has that hash.
  std::map<std::string, uint64_t> Calls;
  /// The same for the effects its check used (of calls inside transactions).
  std::map<std::string, uint64_t> EffectCalls;
  /// The same for what the functions it calls throw (throwsHash): the
  /// exceptions of every call matter, but a function that throws nothing,
  /// or has no summary yet, changes nothing when its summary appears.
  std::map<std::string, uint64_t> ThrowCalls;
  /// The methods it calls through an interface, each with the hash of the
  /// overriders (with a summary) that its check knew in other units.
  std::map<std::string, uint64_t> OverriderCalls;
  /// The lock-order edges of the transactions its check saw (txn-lock-
  /// order-inversion): each a JSON object of two tables, the order a
  /// transaction locks them in, where, and in which function.
  std::vector<std::string> LockOrders;
  /// The hash of the other linked units' edges that its check compared
  /// its own with (0: none).
  uint64_t LockOrdersSeen = 0;
  /// Every file the unit read (absolute) with a hash of its contents, as
  /// ccache's direct mode records them.
  std::map<std::string, uint64_t> Inputs;
  /// What else the findings depend on (the driver's hash of the command,
  /// txnlint's version and the configuration), and the findings as JSON
  /// (the driver's format): a store reuses them while nothing changed.
  std::string Key;
  std::string Findings;
};

/// The text of a unit's summaries file (a JSON object), and back.
std::string unitSummariesToJson(const UnitSummaries &Unit);
llvm::Expected<UnitSummaries> parseUnitSummaries(llvm::StringRef Text,
                                                 llvm::StringRef FileName);

/// The exception classes a summary's text says its function may throw
/// ("throws"; "" for one of unknown type), and their hash that
/// UnitSummaries::ThrowCalls records (0: none).
std::vector<std::string> thrownNames(llvm::StringRef Text);
uint64_t throwsHash(llvm::StringRef Text);

/// The hash of an effect's text that UnitSummaries::EffectCalls records: 0,
/// as for none, when it says no more than an unknown function may do (it
/// is there for what the function throws).
uint64_t effectHash(llvm::StringRef Text);

/// The hash of a summary's text that UnitSummaries::Calls records; never 0.
uint64_t summaryHash(llvm::StringRef Text);

/// Summaries of many units, linked by USR: read-only, shared by threads.
class LinkedSummaries {
public:
  /// Links \p Units: when two define the same USR (one file compiled twice),
  /// the unit whose file sorts first wins, whatever the order given.
  /// \p Epoch: see epoch(); by default a new one.
  explicit LinkedSummaries(const std::vector<const UnitSummaries *> &Units,
                           std::optional<unsigned> Epoch = std::nullopt);

  /// The text of \p Usr's summary, or null.
  const std::string *find(llvm::StringRef Usr) const;
  /// The text of \p Usr's summary, or of its effect-only summary, or null.
  const std::string *findEffect(llvm::StringRef Usr) const;
  /// The methods with a summary that override \p Usr, sorted, or null.
  const std::vector<std::string> *overridersOf(llvm::StringRef Usr) const;
  /// The hash of overridersOf(\p Usr) that UnitSummaries::OverriderCalls
  /// records (0: none).
  uint64_t overridersHash(llvm::StringRef Usr) const;
  size_t size() const { return ByUsr.size(); }
  /// The lock-order edges of every unit (UnitSummaries::LockOrders), in
  /// the order of the units' files, and the hash of those of units other
  /// than \p Unit (an edge's "unit"; 0: none): a unit compares its own
  /// transactions with the others', so its own edges, linked once it is
  /// checked, change nothing it saw.
  llvm::ArrayRef<std::string> lockOrders() const { return LockOrders; }
  uint64_t lockOrdersHash(llvm::StringRef Unit) const;
  /// Distinguishes link results within a process (checks key their
  /// once-per-process work on it).
  unsigned generation() const { return Generation; }
  /// What a header function's analysis is keyed on (HeaderFunctions.h): the
  /// links made as files finish within one round of checks share the
  /// round's epoch, so that a later file of the round does not analyze a
  /// header function again (0 stands for no link).
  unsigned epoch() const { return Epoch; }

  /// The summaries of the store \p Dir (every *.summaries.json in it),
  /// read again only when the store changed; null, with \p Error set,
  /// when it cannot be read.
  static std::shared_ptr<const LinkedSummaries> loadStore(llvm::StringRef Dir,
                                                         std::string &Error);

  /// The summaries the driver links for the current round; they replace
  /// any TxnSummaryDir option.
  static void setForProcess(std::shared_ptr<const LinkedSummaries> Linked);
  static std::shared_ptr<const LinkedSummaries> forProcess();

private:
  /// Adds to each summary that names functions elsewhere ("throws-via")
  /// what those throw, through any chain of them, and drops the names: a
  /// summary says what its function throws once linked.
  void closeThrows();

  std::map<std::string, std::string, std::less<>> ByUsr, EffectByUsr;
  std::map<std::string, std::vector<std::string>, std::less<>> OverridersByUsr;
  std::vector<std::string> LockOrders;
  /// For lockOrdersHash: the sum of the edges' hashes, in all and by unit,
  /// and how many there are (a sum takes a unit's own out in O(1)).
  uint64_t LockOrdersSum = 0;
  llvm::StringMap<std::pair<uint64_t, size_t>> LockOrdersByUnit;
  unsigned Generation;
  unsigned Epoch;
};

/// Whether a summary or effect that \p Unit's check used (or found missing)
/// is no longer the one \p Linked has.
bool usesStaleSummary(const UnitSummaries &Unit, const LinkedSummaries &Linked);

/// The units of the store \p Dir, sorted by file.
llvm::Expected<std::vector<UnitSummaries>> readStore(llvm::StringRef Dir);

/// The path of \p MainFile's summaries file in the store \p Dir.
std::string storePathOf(llvm::StringRef Dir, llvm::StringRef MainFile);

/// Where the summaries of the unit being checked on this thread go, while
/// one is set: the driver sets it around each file it checks.
class SummaryExtraction {
public:
  explicit SummaryExtraction(UnitSummaries &Target);
  ~SummaryExtraction();
  SummaryExtraction(const SummaryExtraction &) = delete;
  SummaryExtraction &operator=(const SummaryExtraction &) = delete;

  /// The current thread's target, or null.
  static UnitSummaries *current();

private:
  UnitSummaries *Previous;
};

} // namespace txnlint

#endif
