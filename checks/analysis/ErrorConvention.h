//===--- ErrorConvention.h - How a function reports failure ------*- C++ -*-===//
//
// Which of a function's return values tell its caller that it failed,
// inferred from the function's own returns: the value it returns on success
// set against the others. `false` next to `true`, `nullptr` or
// `std::nullopt` next to a value, `Status::InvalidArgument(...)` next to
// `Status::OK()`, a non-zero code next to 0 or SQLITE_OK. A function that
// returns only 0 and counts has no error convention; a negative constant
// (-1, -EINVAL) is an error in any signed integer function.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_ANALYSIS_ERRORCONVENTION_H
#define TXNLINT_ANALYSIS_ERRORCONVENTION_H

#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>

namespace clang {
class CXXConstructExpr;
} // namespace clang

namespace txnlint {

/// For a method of a status class that tests its object: true when it asks
/// whether the status says success (`ok()`, `isOk()`, `is_ok()`), false
/// when it asks whether it says failure (`is_error()`, `isError()`,
/// `failed()`), nullopt for anything else.
std::optional<bool> statusTestSense(const clang::CXXMethodDecl *Method);

/// For a method that asks whether its object holds anything: true when
/// true says it does (`explicit operator bool()`, `isValid()`,
/// `isActive()`, `has_value()`), false when true says it is empty
/// (`isNull()`), nullopt for anything else (and for a status test).
std::optional<bool> presenceTestSense(const clang::CXXMethodDecl *Method);

/// A test of the error object that a call returns about its statement's
/// last run (Qt's `q.lastError().isValid()`, `q.lastError().type() !=
/// QSqlError::NoError`, `q.lastError().text().isEmpty()`, through a local
/// holding the error or the test, negated, or two such tests of one
/// statement joined by `||` or `&&`): the call (for two, the first), and
/// whether the test is true where the run failed. \p IsErrorCall says
/// which calls return such an error.
struct ErrorTest {
  const clang::CallExpr *ErrorCall;
  bool TrueMeansFailure;
};
std::optional<ErrorTest>
errorObjectTest(const clang::Expr *Cond,
                llvm::function_ref<bool(const clang::CallExpr *)> IsErrorCall,
                const clang::ASTContext &Ctx);

class ErrorConvention {
public:
  /// Reads the returns of \p FD's body.
  ErrorConvention(const clang::FunctionDecl *FD, const clang::ASTContext &Ctx);

  /// Whether returning \p Value tells the caller the function failed.
  bool isFailure(const clang::Expr *Value) const;
  /// Whether the function returns a status object its caller tests with
  /// `ok()` or `is_error()` (a class of the program's, `Status::OK()`
  /// against `Status::Error(...)`).
  bool returnsStatusObject() const { return StatusObject; }
  /// For such a function: true when \p Value says success, false when it
  /// says failure, nullopt when it is no factory of the status class (a
  /// local initialized by one is read through).
  std::optional<bool> statusOutcome(const clang::Expr *Value) const;
  /// Whether the function returns a pointer, an optional, or an object of
  /// a class that can say it is empty (presenceTestSense): a smart pointer,
  /// a handle such as KDb's KDbTransaction.
  bool returnsHandle() const {
    return S == Shape::Pointer || S == Shape::Optional || S == Shape::Handle;
  }
  /// For such a function: whether \p Value is empty (null, std::nullopt, a
  /// default-constructed object, `{}`).
  bool isEmpty(const clang::Expr *Value) const;

private:
  enum class Shape { Boolean, Pointer, Optional, Code, Status, Handle, Other };
  /// What a returned expression is, as far as the convention goes.
  enum class Returned { Success, Empty, NonZero, Negative, OtherFactory,
                        Unknown };
  Returned classify(const clang::Expr *Value) const;
  /// The status \p Value returns: the one made for it, through a copy and
  /// a local initialized with it.
  const clang::Expr *madeStatus(const clang::Expr *Value) const;
  Returned constructedStatus(const clang::CXXConstructExpr *Construct) const;

  const clang::ASTContext &Ctx;
  clang::QualType ReturnType;
  Shape S = Shape::Other;
  /// The function returns a success value (true, a value, 0, Status::OK())
  /// somewhere, or its status class has an OK() factory: the other
  /// constants and factories are its failures.
  bool ReturnsSuccess = false;
  bool StatusObject = false;
};

} // namespace txnlint

#endif
