//===--- BlockingCalls.cpp ------------------------------------------------===//

#include "BlockingCalls.h"
#include "analysis/BodyWalk.h"
#include "analysis/CallOperands.h"
#include "analysis/TxnEvents.h"
#include "clang/AST/APValue.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;

namespace txnlint {

// Sleeps and backoffs; waits on futures, condition variables, threads and
// processes; blocking socket, HTTP and RPC calls; a nested event loop.
// Reading user input is recognized by its stream (std::cin, stdin).
const char BlockingCalls::DefaultFunctions[] =
    "sleep;usleep;nanosleep;clock_nanosleep;std::this_thread::sleep_for;"
    "std::this_thread::sleep_until;boost::this_thread::sleep*;"
    "QThread::sleep;QThread::msleep;QThread::usleep;QThread::wait;"
    "wxSleep;wxMilliSleep;wxMicroSleep;wxThread::Sleep;wxThread::Wait;"
    "std::future::get;std::future::wait*;std::shared_future::get;"
    "std::shared_future::wait*;std::condition_variable::wait*;"
    "std::condition_variable_any::wait*;std::thread::join;std::jthread::join;"
    "pthread_join;pthread_cond_wait;pthread_cond_timedwait;waitpid;"
    "boost::fibers::future::get;QFuture::waitForFinished;QFuture::result;"
    "QFutureWatcher::waitForFinished;QEventLoop::exec;QProcess::waitFor*;"
    "QAbstractSocket::waitFor*;QNetworkReply::waitFor*;QIODevice::waitFor*;"
    "recv;recvfrom;recvmsg;epoll_wait;"
    "boost::asio::read;boost::asio::read_until;boost::asio::connect;"
    "*::read_some;*::receive;*::receive_from;"
    "grpc::ClientReader*::Read;grpc::CompletionQueue::Next;"
    "httplib::Client::Get;httplib::Client::Post;httplib::Client::Put;"
    "cpr::Get;cpr::Post;cpr::Put";

BlockingCalls::BlockingCalls(StringRef Functions,
                             std::vector<NameGlobs::Error> &Errors)
    : Functions(Functions, Errors) {}

namespace {

/// Whether \p E is std::cin, std::wcin or stdin.
bool isUserInput(const Expr *E) {
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  if (!Ref)
    return false;
  const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
  if (!Var || !Var->getIdentifier())
    return false;
  StringRef Name = Var->getName();
  return (Var->isInStdNamespace() && (Name == "cin" || Name == "wcin")) ||
         Name == "stdin";
}

/// Whether the timed wait \p Call waits for no time at all (a poll such as
/// `f.wait_for(std::chrono::seconds(0))`).
bool waitsForZero(const CallExpr *Call, const ASTContext &Ctx) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee || !Callee->getIdentifier() ||
      !Callee->getName().ends_with("_for") || Call->getNumArgs() == 0)
    return false;
  const Expr *Duration = Call->getArg(isa<CXXOperatorCallExpr>(Call) ? 1 : 0);
  // A condition variable's wait_for(lock, duration[, predicate]).
  if (Call->getNumArgs() >= 2 &&
      Duration->getType()->getAsCXXRecordDecl() &&
      Duration->getType()->getAsCXXRecordDecl()->getName().contains("lock"))
    Duration = Call->getArg(1);
  Expr::EvalResult Result;
  if (!Duration->EvaluateAsRValue(Result, Ctx))
    return false;
  const APValue &V = Result.Val;
  // A std::chrono::duration holds its count as its only field.
  if (V.isStruct() && V.getStructNumFields() == 1 &&
      V.getStructField(0).isInt())
    return V.getStructField(0).getInt() == 0;
  return V.isInt() && V.getInt() == 0;
}

/// Whether \p S ends by leaving the loop around it: `break;`, `return
/// ...;`, or a block ending so.
bool leavesLoop(const Stmt *S) {
  if (const auto *Block = dyn_cast_or_null<CompoundStmt>(S))
    S = Block->body_empty() ? nullptr : Block->body_back();
  return isa_and_nonnull<BreakStmt, ReturnStmt>(S);
}

} // namespace

const FunctionDecl *BlockingCalls::programBody(const FunctionDecl *Callee,
                                               LibraryTest IsLibrary) {
  const FunctionDecl *Definition = nullptr;
  if (!Callee->hasBody(Definition) || IsLibrary(Definition))
    return nullptr;
  return Definition;
}

std::optional<std::string>
BlockingCalls::describe(const Stmt *Call, const ASTContext &Ctx,
                        LibraryTest IsLibrary,
                        StatementTest RunsStatement) const {
  std::optional<std::string> Wait =
      waitOf(Call, Ctx, IsLibrary, RunsStatement, 0);
  const FunctionDecl *Callee = calleeOf(Call);
  const FunctionDecl *Definition =
      Wait && Callee ? programBody(Callee, IsLibrary) : nullptr;
  if (!Definition)
    return Wait;
  const auto *Method = dyn_cast<CXXMethodDecl>(Definition);
  std::string Name = Method && Method->getParent()->isLambda()
                         ? "the lambda"
                         : "'" + modelNameOf(Definition) + "'";
  return Name + ", which waits in " + *Wait + ",";
}

std::optional<std::string>
BlockingCalls::waitInBody(const FunctionDecl *Definition, const ASTContext &Ctx,
                          LibraryTest IsLibrary, StatementTest RunsStatement,
                          unsigned Depth) const {
  if (auto It = BodyWaits.find(Definition); It != BodyWaits.end())
    return It->second;
  BodyWaits[Definition] = std::nullopt; // recursion waits in nothing new
  std::optional<std::string> Wait;
  // A helper's backoff between attempts of its statement (FreeSWITCH's
  // `while (--sane > 0) { ret = sqlite3_exec(...); if (ret == SQLITE_BUSY)
  // { usleep(1000); continue; } break; }`): the wait runs only where the
  // statement could not (SQLite asks for that on SQLITE_BUSY), not on the
  // way of its callers' transactions.
  llvm::SmallPtrSet<const Stmt *, 2> Backoffs;
  if (Depth < 3) {
    const Stmt *Body = Definition->getBody();
    // What contains a statement's run, in one post-order walk whatever the
    // nesting.
    llvm::SmallPtrSet<const Stmt *, 16> RunsInside;
    llvm::SmallVector<std::pair<const Stmt *, bool>, 32> Work{{Body, false}};
    while (!Work.empty()) {
      auto [S, ChildrenDone] = Work.pop_back_val();
      if (!S || isa<LambdaExpr>(S))
        continue;
      if (!ChildrenDone) {
        Work.push_back({S, true});
        for (const Stmt *Child : S->children())
          Work.push_back({Child, false});
      } else if ((isa<CallExpr>(S) && RunsStatement(S)) ||
                 llvm::any_of(S->children(), [&](const Stmt *Child) {
                   return Child && RunsInside.contains(Child);
                 })) {
        RunsInside.insert(S);
      }
    }
    // The variables that hold a statement's result (`rc = sqlite3_step(st)`).
    llvm::SmallPtrSet<const ValueDecl *, 2> Results;
    forEachOutsideLambdas(Body, [&](const Stmt *S) {
      const auto *Assign = dyn_cast<BinaryOperator>(S);
      const auto *Ref =
          Assign && Assign->getOpcode() == BO_Assign
              ? dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts())
              : nullptr;
      if (Ref && RunsStatement(Assign->getRHS()->IgnoreParenImpCasts()))
        Results.insert(Ref->getDecl());
      if (const auto *Declared = dyn_cast<DeclStmt>(S))
        for (const Decl *D : Declared->decls())
          if (const auto *Var = dyn_cast<VarDecl>(D);
              Var && Var->getInit() &&
              RunsStatement(Var->getInit()->IgnoreParenImpCasts()))
            Results.insert(Var);
    });
    auto TestsResult = [&](const Expr *Cond) {
      bool Tests = false;
      forEachOutsideLambdas(Cond, [&](const Stmt *S) {
        const auto *Ref = dyn_cast<DeclRefExpr>(S);
        Tests |= Ref && Results.contains(Ref->getDecl());
      });
      return Tests;
    };
    // The branches of the ifs in such a loop, what follows an `if` that
    // leaves the loop (FlightGear's `if (result != SQLITE_BUSY) break;
    // sleepForMSec(...)`), and the body of a loop that goes on while the
    // statement's result says so (`while (rc == SQLITE_BUSY) { usleep(...);
    // rc = sqlite3_step(st); }`); an inner loop's are the outer one's
    // already.
    llvm::SmallPtrSet<const Stmt *, 4> Covered;
    forEachOutsideLambdas(Body, [&](const Stmt *S) {
      if (!isa<ForStmt, WhileStmt, DoStmt>(S) || !RunsInside.contains(S) ||
          Covered.contains(S))
        return;
      if (const auto *While = dyn_cast<WhileStmt>(S);
          While && TestsResult(While->getCond()))
        Backoffs.insert(While->getBody());
      forEachOutsideLambdas(S, [&](const Stmt *Inner) {
        if (isa<ForStmt, WhileStmt, DoStmt>(Inner))
          Covered.insert(Inner);
        else if (const auto *If = dyn_cast<IfStmt>(Inner)) {
          Backoffs.insert(If->getThen());
          Backoffs.insert(If->getElse());
        } else if (const auto *Block = dyn_cast<CompoundStmt>(Inner)) {
          bool Left = false;
          for (const Stmt *Child : Block->body()) {
            if (Left)
              Backoffs.insert(Child);
            const auto *If = dyn_cast<IfStmt>(Child);
            Left |= If && !If->getElse() && leavesLoop(If->getThen());
          }
        }
      });
    });
    walkOutsideLambdas(Body, [&](const Stmt *S) {
      if (Backoffs.contains(S))
        return WalkNext::SkipChildren;
      if (isa<CallExpr>(S))
        Wait = waitOf(S, Ctx, IsLibrary, RunsStatement, Depth + 1);
      return Wait ? WalkNext::Stop : WalkNext::Descend;
    });
  }
  return BodyWaits[Definition] = Wait;
}

std::optional<std::string> BlockingCalls::waitOf(const Stmt *Call,
                                                 const ASTContext &Ctx,
                                                 LibraryTest IsLibrary,
                                                 StatementTest RunsStatement,
                                                 unsigned Depth) const {
  const FunctionDecl *Callee = calleeOf(Call);
  const auto *CE = dyn_cast<CallExpr>(Call);
  if (!Callee || !CE)
    return std::nullopt;
  // The program's own function, body in view: what it calls decides.
  if (const FunctionDecl *Definition = programBody(Callee, IsLibrary))
    return waitInBody(Definition, Ctx, IsLibrary, RunsStatement, Depth);
  // Reading user input: std::getline(std::cin, ...), std::cin >> x,
  // scanf, fgets(..., stdin).
  StringRef Name = Callee->getIdentifier() ? Callee->getName() : "";
  bool Reads = Callee->getOverloadedOperator() == OO_GreaterGreater ||
               llvm::is_contained({"getline", "get", "read", "fgets", "getc",
                                   "fgetc", "fscanf", "ignore"},
                                  Name);
  if (Reads)
    for (const Expr *Operand : operandsOf(Call))
      if (isUserInput(Operand))
        return std::string("reading user input");
  if (llvm::is_contained({"scanf", "getchar", "gets"}, Name) &&
      !isa<CXXMethodDecl>(Callee))
    return std::string("reading user input");
  // A method matches by its qualified name: "sleep" is ::sleep, not a
  // class's own sleep().
  // Named without template arguments: std::future::get.
  std::string Qualified = modelNameOf(Callee);
  bool Listed = isa<CXXMethodDecl>(Callee) ? Functions.matchesQualified(Qualified)
                                           : Functions.matches(Qualified);
  // A method inherited from a base of the library's own is named by the
  // class it is called on: libstdc++'s std::future<T>::wait is
  // std::__basic_future<T>::wait.
  const auto *Member = dyn_cast<CXXMemberCallExpr>(CE);
  // The object as written, before its conversion to the base.
  QualType ObjectType = Member ? Member->getImplicitObjectArgument()
                                     ->IgnoreParenImpCasts()
                                     ->getType()
                               : QualType();
  if (!ObjectType.isNull() && ObjectType->isPointerType())
    ObjectType = ObjectType->getPointeeType();
  if (!Listed && !ObjectType.isNull())
    if (const CXXRecordDecl *Object = ObjectType->getAsCXXRecordDecl();
        Object && Object != cast<CXXMethodDecl>(Callee)->getParent()) {
      std::string AsCalled = modelNameOf(Object) + "::" + Name.str();
      if (Functions.matchesQualified(AsCalled)) {
        Listed = true;
        Qualified = std::move(AsCalled);
      }
    }
  // A glob for any class's method (`*::receive`, for socket classes) says
  // nothing of a method of the program's own class whose body is in
  // another file (a repository's receive()): only its own name can.
  if (Listed && isa<CXXMethodDecl>(Callee) && !IsLibrary(Callee) &&
      Functions.matchesQualified("(any class)::" + Name.str()))
    return std::nullopt;
  if (!Listed || waitsForZero(CE, Ctx))
    return std::nullopt;
  return "'" + Qualified + "'";
}

} // namespace txnlint
