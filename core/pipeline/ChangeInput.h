//===- ChangeInput.h - The change a check judges, and its policies -*- C++
//-*-===//
#ifndef RISKGUARD_CORE_PIPELINE_CHANGEINPUT_H
#define RISKGUARD_CORE_PIPELINE_CHANGEINPUT_H

#include "pipeline/Workspace.h"
#include "repo/ChangeSet.h"
#include "repo/Repository.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace riskguard {

/// Where a check's change comes from: a patch, else two revisions.
struct ChangeSource {
  std::string Diff; ///< A patch file (--diff); empty: the repository.
  std::string Base; ///< --base; empty: the policy's base, else HEAD~1.
  std::string Head; ///< --head; empty: the working tree.
};

/// The change a check judges, as read from the repository or a patch.
struct ChangeInput {
  ChangeSet Changes;
  Snapshot BaseOverlay; ///< The base's contents over the working tree.
  Snapshot HeadOverlay; ///< The head's; empty for the working tree.
  /// The commits a format-patch or mbox --diff carries.
  std::vector<Repository::Commit> PatchCommits;
  std::string BaseRev; ///< The base revision (unused with a patch).
};

/// Reads the change \p From describes in \p W, less the files of the build
/// directory. Errors name the patch or revision. \p From has a patch or
/// revisions, not both.
llvm::Expected<ChangeInput> loadChange(const Workspace &W,
                                       const ChangeSource &From);

/// The policies a change is judged by.
struct ChangePolicies {
  Policy Base;      ///< The base's (the head's stands in for a broken one).
  Policy Head;      ///< The head revision's, else the workspace's.
  Policy Effective; ///< The stricter of the two, with the base's owners.
};

/// The policy at head (\p HeadRev names it in messages) and at base, and
/// what the change is held to: the stricter of the two, so that a change
/// cannot loosen or re-staff its own review. A bad head policy is an
/// error; a bad base policy a warning on \p Log.
llvm::Expected<ChangePolicies> loadPolicies(const Workspace &W,
                                            const ChangeInput &Change,
                                            llvm::StringRef HeadRev,
                                            llvm::raw_ostream &Log);

} // namespace riskguard

#endif
