//===- CheckPipeline.h - From a change to its report ------------*- C++ -*-===//
//
// The flow every frontend shares: load the change and the policies at base
// and head, gather who wrote and approved it, get the facts (from the
// build, the cache or a parse), analyze, and run the rules. The CLI renders
// what this returns; an editor server publishes it.
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CORE_PIPELINE_CHECKPIPELINE_H
#define RISKGUARD_CORE_PIPELINE_CHECKPIPELINE_H

#include "analysis/Coverage.h"
#include "analysis/TestEvidence.h"
#include "checks/Check.h"
#include "pipeline/CachedAnalysis.h"
#include "pipeline/ChangeInput.h"
#include "pipeline/HeadFacts.h"
#include "pipeline/Workspace.h"
#include "report/Report.h"
#include "llvm/Support/raw_ostream.h"
#include <memory>
#include <optional>
#include <string>

namespace riskguard {

/// What a check judges and with which evidence: the CLI's options less
/// its outputs.
struct CheckRequest {
  std::string RepoDir;    ///< Inside the repository; empty: ".".
  std::string PolicyFile; ///< Empty: .riskguard.json at the root.
  std::string BuildPath;  ///< Empty: build/ or the root.
  ChangeSource Change;
  std::string ApprovalsFile, Author, PullRequestFile;
  bool AIAssisted = false;
  std::string FactsDir; ///< Facts from the compiler plugin; empty: parse.
  std::string Coverage; ///< lcov tracefile or directory; empty: none.
  /// --cache-dir as given (empty: no cache); nullopt: the default.
  std::optional<std::string> CacheDir;
  unsigned Jobs = 0;
  bool Verbose = false; ///< Say on the log why build facts are ignored.
  /// Told of each translation unit parsed for the change; null: silent.
  ParseProgress Progress;
};

/// A check's result and everything it was drawn from; the report points
/// into the rest, so a run stays where it was made.
struct CheckRun {
  CheckRun() = default;
  CheckRun(const CheckRun &) = delete;
  CheckRun &operator=(const CheckRun &) = delete;

  Workspace W;
  ChangeInput Change;
  ChangePolicies Policies;
  ReviewContext Review;
  FactsUse BuildFacts; ///< What became of --facts-dir, when given.
  AnalysisResult Analysis;
  std::optional<Coverage> Cov;
  std::optional<CoverageIndex> CovIndex;
  TestInputs Tests;
  Report R;
};

/// Runs the check \p Req asks for. Warnings and -v notes go to \p Log.
/// Errors are bad input, each naming what and where.
llvm::Expected<std::unique_ptr<CheckRun>>
runCheckPipeline(const CheckRequest &Req, llvm::raw_ostream &Log);

} // namespace riskguard

#endif
