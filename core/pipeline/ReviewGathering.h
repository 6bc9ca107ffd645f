//===- ReviewGathering.h - Who wrote and approved a change ------*- C++ -*-===//
#ifndef RISKGUARD_CORE_PIPELINE_REVIEWGATHERING_H
#define RISKGUARD_CORE_PIPELINE_REVIEWGATHERING_H

#include "checks/Check.h"
#include "repo/Repository.h"
#include <functional>

namespace riskguard {

/// Where the review facts of a check come from.
struct ReviewInputs {
  const Repository *Repo = nullptr; ///< Null in --diff mode: no commits.
  std::string Base, Head;           ///< Revisions; Head empty: HEAD.
  /// The commit reviews must approve; empty: the head is the working tree
  /// (an approval of any commit is then one of an earlier version).
  std::string HeadCommit;
  std::string ApprovalsFile;   ///< --approvals.
  std::string Author;          ///< --author.
  bool AIAssisted = false;     ///< --ai-assisted.
  std::string PullRequestFile; ///< --pull-request.
  /// The commits a format-patch or mbox --diff carries (no committer);
  /// null for a plain patch.
  const std::vector<Repository::Commit> *PatchCommits = nullptr;
  /// For `approvals.sticky: "logic"`: why an approval of \p Commit no
  /// longer holds at head ("then the logic of tier-1 function 'f' changed"),
  /// or empty when it still does. Null: only the head commit's approvals
  /// count.
  std::function<std::string(llvm::StringRef Commit)> ChangedSince;
  std::string PolicyFile; ///< Repo-relative, if inside the repo.
  /// The revision whose CODEOWNERS decides (the base: a change cannot name
  /// its own owners); null for the working tree.
  const Snapshot *OwnersOverlay = nullptr;
};

/// Reads --approvals, --pull-request, the trailers of base..head or of the
/// patch's commits (Reviewed-by and Approved-by from trusted committers,
/// Riskguard-Waiver, the policy's AI markers) and CODEOWNERS. Errors (bad
/// approvals or pull-request file, bad CODEOWNERS) name the file.
llvm::Expected<ReviewContext>
gatherReview(const ReviewInputs &In, const Policy &P, llvm::StringRef Root);

} // namespace riskguard

#endif
