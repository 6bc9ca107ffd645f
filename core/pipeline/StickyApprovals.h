//===- StickyApprovals.h - Whether an earlier approval still holds -*- C++
//-*-===//
#ifndef RISKGUARD_CORE_PIPELINE_STICKYAPPROVALS_H
#define RISKGUARD_CORE_PIPELINE_STICKYAPPROVALS_H

#include "pipeline/Workspace.h"
#include <map>
#include <optional>
#include <string>

namespace riskguard {

/// For `approvals.sticky: "logic"`: says why an approval of an earlier
/// commit no longer holds at the head, from the analysis of commit..head.
/// Answers are kept per commit.
class StickyApprovals {
public:
  /// \p Head is the revision checked (empty: the working tree), laid over
  /// the working tree by \p HeadOverlay; \p Rules the policy the change is
  /// held to.
  StickyApprovals(const Workspace &W, llvm::StringRef Head,
                  const Snapshot &HeadOverlay, const Policy &Rules,
                  std::optional<std::string> CacheDir, unsigned Jobs);

  /// Why an approval of \p Commit no longer holds ("then the logic of
  /// tier-1 function 'f' changed"); empty when it still does.
  const std::string &changedSince(llvm::StringRef Commit);

private:
  std::string analyze(llvm::StringRef Commit) const;

  const Workspace &W;
  std::string Head;
  const Snapshot &HeadOverlay;
  const Policy &Rules;
  std::optional<std::string> CacheDir;
  unsigned Jobs;
  std::map<std::string, std::string> Answers;
};

} // namespace riskguard

#endif
