//===- Review.h - Gathering who wrote and approved a change ----*- C++ -*-===//
#ifndef RISKGUARD_DRIVER_REVIEW_H
#define RISKGUARD_DRIVER_REVIEW_H

#include "checks/Check.h"
#include "repo/Repository.h"

namespace riskguard {

/// Where the review facts of a check come from.
struct ReviewInputs {
  const Repository *Repo = nullptr; ///< Null in --diff mode: no commits.
  std::string Base, Head;           ///< Revisions; Head empty: HEAD.
  std::string HeadCommit;           ///< For stale approvals; may be empty.
  std::string ApprovalsFile;        ///< --approvals.
  std::string Author;               ///< --author.
  bool AIAssisted = false;          ///< --ai-assisted.
  std::string PolicyFile;           ///< Repo-relative, if inside the repo.
  /// The revision whose CODEOWNERS decides (the base: a change cannot name
  /// its own owners); null for the working tree.
  const Snapshot *OwnersOverlay = nullptr;
};

/// Reads --approvals, the trailers of base..head (Reviewed-by, Approved-by,
/// Riskguard-Waiver, the policy's AI markers) and CODEOWNERS. Errors (bad
/// approvals file, bad CODEOWNERS) name the file.
llvm::Expected<ReviewContext> gatherReview(const ReviewInputs &In,
                                           const Policy &P,
                                           llvm::StringRef Root);

} // namespace riskguard

#endif
