//===--- ForwardSolver.h - A forward worklist solver over a CFG -*- C++ -*-===//
//
// The fixpoint loop of a forward dataflow analysis over one clang CFG, with
// nothing of what the facts mean: a Domain supplies them.
//
//   struct Domain {
//     using State = ...;
//     // Runs block B's transfer function on State; may send a state to
//     // another block mid-block (an exception edge) with Solver.joinInto.
//     void transfer(const clang::CFGBlock &B, State &S, ForwardSolver &Solver);
//     // Going round a loop: what the back edge of Loop does to S.
//     void enterNextIteration(const clang::Stmt *Loop, State &S);
//     // Prepares the first state that reaches a block.
//     void normalize(State &S);
//     // Joins From into Into; returns whether Into changed.
//     bool join(State &Into, const State &From);
//     // The successors the analysis follows from B (normally B's own).
//     llvm::SmallVector<const clang::CFGBlock *, 2>
//     successors(const clang::CFGBlock &B);
//     // What the edge from B to its successor number SuccIndex knows more
//     // (a branch condition), and whether the edge to Succ can be taken.
//     State edgeState(const State &Out, const clang::CFGBlock &B,
//                     unsigned SuccIndex);
//     bool edgeIsLive(const clang::CFGBlock &B, const clang::CFGBlock &Succ);
//     // Whether a path can be in State (a branch it took may rule it out).
//     bool feasible(const State &S);
//   };
//
// It is a template so that the transfer functions inline into the loop.
// Edges into the exit block are not followed: the domain reads the states
// leaving its predecessors (out(), reached()) to see how the function ends.
//
// A loop's head keeps the state that enters the loop apart from the one
// that comes round its back edge, and runs each on its own: the first test
// of `while (--retries > 0)` or `for (i = 0; i < 3; ++i)` sees only the
// entry's values, so a domain that knows them can tell that the loop runs
// at least once.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_ANALYSIS_FORWARDSOLVER_H
#define TXNLINT_ANALYSIS_FORWARDSOLVER_H

#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/FlowSensitive/DataflowWorklist.h"
#include "llvm/ADT/DenseMap.h"
#include <vector>

namespace txnlint {

template <typename Domain> class ForwardSolver {
public:
  using State = typename Domain::State;

  ForwardSolver(const clang::CFG &Cfg, clang::PostOrderCFGView &PostOrder,
                Domain &D)
      : Cfg(Cfg), Worklist(Cfg, &PostOrder), D(D) {}

  /// Runs to the fixpoint from \p Entry at the entry block. False when it
  /// took more than \p MaxVisits block visits (the states are then partial).
  bool solve(const State &Entry, unsigned MaxVisits) {
    unsigned NumBlocks = Cfg.getNumBlockIDs();
    In.assign(NumBlocks, Entry);
    Out.assign(NumBlocks, Entry);
    Reached.assign(NumBlocks, false);
    Around.clear();
    joinInto(&Cfg.getEntry(), Entry);
    unsigned Visits = 0;
    while (const clang::CFGBlock *B = Worklist.dequeue()) {
      if (++Visits > MaxVisits)
        return false;
      unsigned Id = B->getBlockID();
      if (Reached[Id])
        run(*B, In[Id], /*Join=*/false);
      if (auto Back = Around.find(Id); Back != Around.end())
        run(*B, Back->second, /*Join=*/Reached[Id]);
    }
    return true;
  }

  /// Joins \p S into the state entering \p B (null: nowhere), and queues B
  /// when that changed it. \p BackEdge: \p S comes round a loop.
  void joinInto(const clang::CFGBlock *B, const State &S,
                bool BackEdge = false) {
    if (!B)
      return;
    unsigned Id = B->getBlockID();
    if (BackEdge) {
      auto [It, Inserted] = Around.try_emplace(Id, S);
      if (Inserted)
        D.normalize(It->second);
      if (Inserted || D.join(It->second, S))
        Worklist.enqueueBlock(B);
      return;
    }
    if (!Reached[Id]) {
      Reached[Id] = true;
      In[Id] = S;
      D.normalize(In[Id]);
      Worklist.enqueueBlock(B);
      return;
    }
    if (D.join(In[Id], S))
      Worklist.enqueueBlock(B);
  }

  bool reached(const clang::CFGBlock &B) const {
    return Reached[B.getBlockID()] || Around.count(B.getBlockID());
  }

  /// The state leaving \p B, before its edges.
  const State &out(const clang::CFGBlock &B) const {
    return Out[B.getBlockID()];
  }

private:
  /// Runs \p B's transfer on \p S, keeps the result as the state leaving
  /// B (joined into what is there when \p Join), and sends it along B's
  /// edges.
  void run(const clang::CFGBlock &B, State S, bool Join) {
    D.transfer(B, S, *this);
    if (Join)
      D.join(Out[B.getBlockID()], S);
    else
      Out[B.getBlockID()] = S;
    if (const clang::Stmt *Loop = B.getLoopTarget())
      D.enterNextIteration(Loop, S);
    unsigned Index = 0;
    for (const clang::CFGBlock *Next : D.successors(B)) {
      if (Next && Next != &Cfg.getExit() && D.edgeIsLive(B, *Next))
        if (State Edge = D.edgeState(S, B, Index); D.feasible(Edge))
          joinInto(Next, Edge, B.getLoopTarget());
      ++Index;
    }
  }

  const clang::CFG &Cfg;
  clang::ForwardDataflowWorklist Worklist;
  Domain &D;
  std::vector<State> In, Out;
  std::vector<bool> Reached;
  /// The state that comes round a loop's back edge into its head, kept
  /// apart from the one entering the loop.
  llvm::DenseMap<unsigned, State> Around;
};

} // namespace txnlint

#endif
