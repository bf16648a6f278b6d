//===--- StandardThrowers.h - Functions documented to throw -----*- C++ -*-===//
//
// Which standard-library functions throw, and what: data beside the
// transaction model (checks/model/throwers/*.json, embedded at build time),
// not code. ExceptionFlow consults it before a callee's body, whose throws
// are hidden behind std::__throw_* helpers without a body.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_MODEL_STANDARDTHROWERS_H
#define TXNLINT_MODEL_STANDARDTHROWERS_H

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace txnlint {

struct ThrowerSpec {
  /// Qualified exception class names ("std::out_of_range").
  std::vector<std::string> Throws;
  /// Overloads with a parameter of this class do not throw (empty: none).
  std::string UnlessParameter;
  /// Only overloads whose first parameter is of this class throw (empty:
  /// every overload).
  std::string Argument;
};

class StandardThrowers {
public:
  /// Parses one throwers file; errors name \p FileName and the entry.
  static llvm::Expected<StandardThrowers> parse(llvm::StringRef Text,
                                                llvm::StringRef FileName);
  /// The built-in lists; a broken one is a build defect and fatal.
  static const StandardThrowers &builtin();

  /// The entries for a function of model name \p Name ("std::vector::at").
  llvm::ArrayRef<ThrowerSpec> find(llvm::StringRef Name) const;

private:
  llvm::StringMap<std::vector<ThrowerSpec>> ByFunction;
};

} // namespace txnlint

#endif
