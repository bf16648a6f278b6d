//===--- SideEffectCalls.cpp ----------------------------------------------===//

#include "SideEffectCalls.h"
#include "analysis/BodyWalk.h"
#include "analysis/CallOperands.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace txnlint {

// libcurl, Qt network, Boost.Asio, sockets, message queues, mail and push
// notifications. Calls on objects of the types that write count too.
const char SideEffectCalls::DefaultFunctions[] =
    "curl_easy_perform;curl_multi_perform;"
    "QNetworkAccessManager::post;QNetworkAccessManager::put;"
    "QNetworkAccessManager::get;QNetworkAccessManager::sendCustomRequest;"
    "QNetworkAccessManager::deleteResource;"
    "boost::asio::write;boost::asio::async_write;boost::asio::write_at;"
    "*::write_some;*::async_write_some;*::send_to;*::async_send;"
    "*::async_send_to;send;sendto;sendmsg;"
    "amqp_basic_publish;rd_kafka_produce;rd_kafka_producev;"
    "redisCommand;natsConnection_Publish*;"
    "send*mail*;*send_email*;*sendemail*;*send_mail*;*sendmail*;"
    "*send_notification*;*sendnotification*;*push_notification*;"
    "*publish_event*;*publishevent*";
const char SideEffectCalls::DefaultTypes[] =
    "std::basic_ofstream;std::basic_fstream;QFile;QTcpSocket;QUdpSocket;"
    "QLocalSocket";

SideEffectCalls::SideEffectCalls(StringRef Functions, StringRef Types,
                                 std::vector<NameGlobs::Error> &Errors)
    : Functions(Functions, Errors), Types(Types, Errors) {}

static std::string sideEffectOption(tidy::ClangTidyContext *Context,
                                    StringRef Name, StringRef Default) {
  tidy::ClangTidyCheck::OptionsView SideEffectOptions(
      "txn-side-effect-before-commit", Context->getOptions().CheckOptions,
      Context);
  return SideEffectOptions.get(Name, Default).str();
}

SideEffectCalls::SideEffectCalls(tidy::ClangTidyContext *Context,
                                 std::vector<NameGlobs::Error> &Errors)
    : SideEffectCalls(
          sideEffectOption(Context, "SideEffectFunctions", DefaultFunctions),
          sideEffectOption(Context, "SideEffectTypes", DefaultTypes), Errors) {}

const CXXRecordDecl *
SideEffectCalls::sideEffectObject(const Expr *Target) const {
  const CXXRecordDecl *Record = Target->IgnoreParenImpCasts()
                                    ->getType()
                                    ->getPointeeOrArrayElementType()
                                    ->getAsCXXRecordDecl();
  return Record && Types.matches(Record) ? Record : nullptr;
}

std::optional<std::string>
SideEffectCalls::describe(const Stmt *Call, const ASTContext &Ctx) const {
  if (std::optional<std::string> Own = describeOwn(Call, Ctx))
    return Own;
  const FunctionDecl *Callee = calleeOf(Call);
  std::optional<std::string> Inner =
      Callee ? effectInBody(Callee, Ctx, /*Depth=*/2) : std::nullopt;
  if (!Inner)
    return std::nullopt;
  return "'" + Callee->getQualifiedNameAsString() + "' (via " + *Inner + ")";
}

bool SideEffectCalls::namedOnly(const Stmt *Call, const ASTContext &Ctx) const {
  const FunctionDecl *Callee = calleeOf(Call);
  const FunctionDecl *Definition = nullptr;
  return Callee && Functions.matches(Callee) && Callee->hasBody(Definition) &&
         !Ctx.getSourceManager().isInSystemHeader(Definition->getLocation()) &&
         !effectInBody(Callee, Ctx, /*Depth=*/2);
}

std::optional<std::string> SideEffectCalls::effectInBody(const FunctionDecl *FD,
                                                         const ASTContext &Ctx,
                                                         unsigned Depth) const {
  const FunctionDecl *Definition = nullptr;
  if (!FD->hasBody(Definition) ||
      Ctx.getSourceManager().isInSystemHeader(Definition->getLocation()))
    return std::nullopt;
  if (BodiesOf != &Ctx) {
    Bodies.clear();
    BodiesOf = &Ctx;
  }
  // Null while computed: a recursive call adds nothing.
  if (auto [It, Inserted] = Bodies.try_emplace(Definition, std::nullopt);
      !Inserted)
    return It->second;
  std::optional<std::string> Found;
  // Logging does not count: it is no effect of those lists.
  walkOutsideLambdas(Definition->getBody(), [&](const Stmt *S) {
    if (isa<CallExpr, CXXConstructExpr>(S)) {
      Found = describeOwn(S, Ctx);
      if (!Found && onSideEffectObject(S) && !readsOnly(S))
        Found = "'" + calleeOf(S)->getQualifiedNameAsString() + "'";
      if (const FunctionDecl *Callee = calleeOf(S); !Found && Callee && Depth)
        Found = effectInBody(Callee, Ctx, Depth - 1);
    }
    return Found ? WalkNext::Stop : WalkNext::Descend;
  });
  return Bodies[Definition] = Found;
}

std::optional<std::string>
SideEffectCalls::describeOwn(const Stmt *Call, const ASTContext &Ctx) const {
  const FunctionDecl *Callee = calleeOf(Call);
  if (!Callee)
    return std::nullopt;
  if (Functions.matches(Callee))
    return "'" + Callee->getQualifiedNameAsString() + "'";
  // Writing to a file or socket object: `out << row`, `file.write(...)`.
  bool Writes = Callee->getOverloadedOperator() == OO_LessLess ||
                (Callee->getDeclName().isIdentifier() &&
                 llvm::is_contained({"write", "put", "putChar", "writeData"},
                                    Callee->getName()));
  if (!Writes)
    return std::nullopt;
  llvm::SmallVector<const Expr *, 4> Operands = operandsOf(Call);
  if (Operands.empty())
    return std::nullopt;
  const Expr *Target = Operands.front()->IgnoreParenImpCasts();
  const CXXRecordDecl *Record = sideEffectObject(Target);
  if (!Record)
    return std::nullopt;
  StringRef Spelling = Lexer::getSourceText(
      CharSourceRange::getTokenRange(Target->getSourceRange()),
      Ctx.getSourceManager(), Ctx.getLangOpts());
  return "writing to '" +
         (Spelling.empty() || Spelling.size() > 40 ? Record->getName() : Spelling)
             .str() +
         "'";
}

/// Whether \p Mode names only modes that read (`QIODevice::ReadOnly |
/// QIODevice::Text`, `std::ios::in | std::ios::binary`).
static bool readModeOnly(const Expr *Mode) {
  bool Reads = false, Writes = false;
  auto Visit = [&](const Stmt *S, auto &Self) -> void {
    if (const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Ref && Ref->getDecl()->getDeclName().isIdentifier()) {
      StringRef Name = Ref->getDecl()->getName();
      Reads |= Name == "ReadOnly" || Name == "in";
      Writes |=
          llvm::is_contained({"WriteOnly", "ReadWrite", "Append", "Truncate",
                              "NewOnly", "out", "app", "trunc"},
                             Name);
    }
    for (const Stmt *Child : S->children())
      if (Child)
        Self(Child, Self);
  };
  Visit(Mode, Visit);
  return Reads && !Writes;
}

bool SideEffectCalls::readsOnly(const Stmt *Call) {
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *Method = Member ? Member->getMethodDecl() : nullptr;
  if (!Method || Method->isConst())
    return Method != nullptr;
  if (!Method->getDeclName().isIdentifier())
    return false;
  StringRef Name = Method->getName();
  if (Name == "open")
    return llvm::any_of(Member->arguments(), readModeOnly);
  return llvm::is_contained({"read", "readAll", "readLine", "getline", "get",
                             "peek", "seek", "seekg", "close", "ignore"},
                            Name);
}

bool SideEffectCalls::onSideEffectObject(const Stmt *Call) const {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    return sideEffectObject(Member->getImplicitObjectArgument());
  // A member operator (`!summary` on a std::ofstream) acts on its first
  // operand.
  const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call);
  return Op && isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee()) &&
         Op->getNumArgs() >= 1 && sideEffectObject(Op->getArg(0));
}

bool SideEffectCalls::constructsSideEffectObject(const Stmt *S) const {
  const auto *Construct = dyn_cast<CXXConstructExpr>(S);
  return Construct && sideEffectObject(Construct);
}

} // namespace txnlint
