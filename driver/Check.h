//===- Check.h - The 'riskguard check' command ------------------*- C++ -*-===//
#ifndef RISKGUARD_DRIVER_CHECK_H
#define RISKGUARD_DRIVER_CHECK_H

#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>
#include <vector>

namespace riskguard {

/// The options of 'riskguard check', as given on the command line.
struct CheckOptions {
  std::string BuildPath, RepoDir, Base, Head, Diff, PolicyFile;
  std::string ApprovalsFile, Author, PullRequestFile;
  std::string FactsDir; ///< Facts from the compiler plugin; empty: parse.
  std::string Coverage; ///< lcov tracefile or directory; empty: none.
  /// --cache-dir as given (empty: no cache); nullopt: the default.
  std::optional<std::string> CacheDir;
  bool AIAssisted = false;
  unsigned Jobs = 0;
  std::vector<std::string> Formats; ///< "FMT" or "FMT=PATH".
  std::string FailOn = "error";
  bool Verbose = false, Quiet = false;
  /// Whether to say where the facts came from (the demo's output shows the
  /// check, not the state of the user's cache).
  bool ShowFactsUse = true;
};

/// Runs a check; returns 0 (nothing blocks), 1 (blocking findings) or 2
/// (bad usage or input, said on \p Err; no output file is written).
int runCheck(const CheckOptions &O, llvm::raw_ostream &Out,
             llvm::raw_ostream &Err);

} // namespace riskguard

#endif
