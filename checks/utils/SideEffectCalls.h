//===--- SideEffectCalls.h - Calls with an effect outside the database -*- C++ -*-===//
//
// An e-mail, an HTTP request, a message on a queue, a file or socket write:
// txn-side-effect-before-commit reports such a call before a commit, and
// txn-commit-before-validation takes a failure of one after the commit for
// work that belongs there. Both read the lists from
// txn-side-effect-before-commit's SideEffectFunctions and SideEffectTypes
// options.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_UTILS_SIDEEFFECTCALLS_H
#define TXNLINT_UTILS_SIDEEFFECTCALLS_H

#include "ClangTidyCheck.h"
#include "NameGlobs.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>

namespace txnlint {

class SideEffectCalls {
public:
  static const char DefaultFunctions[];
  static const char DefaultTypes[];

  SideEffectCalls(llvm::StringRef Functions, llvm::StringRef Types,
                  std::vector<NameGlobs::Error> &Errors);
  /// The lists that txn-side-effect-before-commit is configured with in
  /// \p Context, for the checks that defer to it.
  SideEffectCalls(clang::tidy::ClangTidyContext *Context,
                  std::vector<NameGlobs::Error> &Errors);

  /// How to name \p Call's side effect ("'curl_easy_perform'", "writing to
  /// 'out'", "'notify' (it calls 'curl_easy_perform')" for a function of
  /// the program that makes one, a few calls deep), or nothing when it has
  /// none.
  std::optional<std::string> describe(const clang::Stmt *Call,
                                      const clang::ASTContext &Ctx) const;
  /// Whether describe() names \p Call's effect only because the name of a
  /// function of the program's, whose body is in view, matches the list:
  /// nothing in that body has one (EQEmu's `UCSDatabase::SendMail`, an
  /// INSERT into a `mail` table).
  bool namedOnly(const clang::Stmt *Call, const clang::ASTContext &Ctx) const;
  /// Whether \p Call is a method or member operator of an object of one of
  /// the types, whatever it does (`socket.close()`, `file.flush()`,
  /// `!file`).
  bool onSideEffectObject(const clang::Stmt *Call) const;
  /// Whether \p S constructs an object of one of the types (`QFile
  /// file(path)`).
  bool constructsSideEffectObject(const clang::Stmt *S) const;

private:
  /// Whether \p Call, a method of a file or socket object, only reads it:
  /// a const method, a read, an open() for reading (in a helper, the
  /// object's other methods count as its effect).
  static bool readsOnly(const clang::Stmt *Call);
  const clang::CXXRecordDecl *sideEffectObject(const clang::Expr *Target) const;
  /// describe() for \p Call itself, not what its callee's body does.
  std::optional<std::string> describeOwn(const clang::Stmt *Call,
                                         const clang::ASTContext &Ctx) const;
  /// The side effect of a call in \p FD's body (its own, or \p Depth
  /// levels of the program's functions further), by describeOwn.
  std::optional<std::string> effectInBody(const clang::FunctionDecl *FD,
                                          const clang::ASTContext &Ctx,
                                          unsigned Depth) const;

  const NameGlobs Functions;
  const NameGlobs Types;
  /// effectInBody per definition, for the translation unit of BodiesOf (a
  /// check object serves one).
  mutable llvm::DenseMap<const clang::FunctionDecl *,
                         std::optional<std::string>>
      Bodies;
  mutable const clang::ASTContext *BodiesOf = nullptr;
};

} // namespace txnlint

#endif
