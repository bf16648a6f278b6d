//===--- FaultSim.h - `txnlint faultsim` ------------------------*- C++ -*-===//
//
// Runs a test command once per database call it makes, with that call
// failing (libtxnfault.so), and reports the runs that leave the database
// neither as it was nor as after the successful run: partial writes.
// See docs/faultsim.md.
//
//===----------------------------------------------------------------------===//

#ifndef TXNLINT_TOOL_FAULTSIM_H
#define TXNLINT_TOOL_FAULTSIM_H

namespace txnlint {

/// `txnlint faultsim [options] -- <command>...`; argv[1] is "faultsim".
/// Exit status: 0 every run all-or-nothing, 1 problems found, 2 error.
int runFaultSim(int argc, const char **argv);

} // namespace txnlint

#endif
