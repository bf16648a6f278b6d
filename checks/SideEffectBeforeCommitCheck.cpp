//===--- SideEffectBeforeCommitCheck.cpp - txn-side-effect-before-commit --===//

#include "SideEffectBeforeCommitCheck.h"
#include "analysis/CallOperands.h"
#include "analysis/TxnStateAnalysis.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Lex/Lexer.h"

using namespace clang;

namespace txnlint {

// libcurl, Qt network, Boost.Asio, sockets, message queues, mail and push
// notifications. Calls on objects of SideEffectTypes that write count too.
static const char DefaultSideEffectFunctions[] =
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
static const char DefaultSideEffectTypes[] =
    "std::basic_ofstream;std::basic_fstream;QFile;QTcpSocket;QUdpSocket;"
    "QLocalSocket";

SideEffectBeforeCommitCheck::SideEffectBeforeCommitCheck(
    StringRef Name, tidy::ClangTidyContext *Context)
    : TransactionCheck(Name, Context),
      SideEffectFunctionsOption(
          Options.get("SideEffectFunctions", DefaultSideEffectFunctions)),
      SideEffectTypesOption(
          Options.get("SideEffectTypes", DefaultSideEffectTypes)),
      SideEffectFunctions(SideEffectFunctionsOption, OptionErrors),
      SideEffectTypes(SideEffectTypesOption, OptionErrors) {
  for (const auto &[Glob, Reason] : OptionErrors)
    configurationDiag("invalid glob '%0' in a side-effect option: %1")
        << Glob << Reason;
}

void SideEffectBeforeCommitCheck::storeOptions(
    tidy::ClangTidyOptions::OptionMap &Opts) {
  TransactionCheck::storeOptions(Opts);
  Options.store(Opts, "SideEffectFunctions", SideEffectFunctionsOption);
  Options.store(Opts, "SideEffectTypes", SideEffectTypesOption);
}

std::optional<std::string>
SideEffectBeforeCommitCheck::sideEffectOf(const Stmt *Call,
                                          const ASTContext &Ctx) const {
  const FunctionDecl *Callee = calleeOf(Call);
  if (!Callee)
    return std::nullopt;
  if (SideEffectFunctions.matches(Callee))
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
  const CXXRecordDecl *Record =
      Target->getType()->getPointeeOrArrayElementType()->getAsCXXRecordDecl();
  if (!Record || !SideEffectTypes.matches(Record))
    return std::nullopt;
  StringRef Spelling = Lexer::getSourceText(
      CharSourceRange::getTokenRange(Target->getSourceRange()),
      Ctx.getSourceManager(), Ctx.getLangOpts());
  return "writing to '" +
         (Spelling.empty() || Spelling.size() > 40 ? Record->getName() : Spelling)
             .str() +
         "'";
}

void SideEffectBeforeCommitCheck::checkFunction(
    const FunctionTxnResult &Analysis, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const CallInTransaction &Call : Analysis.CallsInTransactions) {
    std::optional<std::string> Effect = sideEffectOf(Call.Site, Ctx);
    if (!Effect)
      continue;
    // The commit that follows: the first, in source order, of those a path
    // from the call reaches while its transaction is open. An effect on an
    // error path that rolls back first reaches none.
    const TxnEvent *Commit = nullptr;
    for (unsigned Id : Call.CommitsAfter) {
      const TxnEvent &E = Analysis.Events[Id];
      bool EndsOpen = llvm::any_of(Call.Begins, [&](unsigned B) {
        const TxnEvent &Begin = Analysis.Events[B];
        return Begin.HandleKey == E.HandleKey ||
               (!Begin.ConnectionKey.empty() &&
                Begin.ConnectionKey == E.ConnectionKey);
      });
      if (EndsOpen && (!Commit || SM.isBeforeInTranslationUnit(
                                      eventLocation(E), eventLocation(*Commit))))
        Commit = &E;
    }
    if (!Commit)
      continue;
    diag(Call.Site->getBeginLoc(),
         "%0 has an effect outside the database but runs before %1 "
         "commits; a rollback or a failed commit cannot undo it, so move it "
         "after the commit or record it in an outbox table")
        << *Effect << transactionSpelling(*Commit, Ctx);
    diag(eventLocation(*Commit), "the transaction commits here",
         DiagnosticIDs::Note);
  }
}

} // namespace txnlint
