//===- StickyApprovals.cpp - Whether an earlier approval still holds ------===//
#include "pipeline/StickyApprovals.h"
#include "analysis/Tier.h"
#include "pipeline/CachedAnalysis.h"
#include "repo/Repository.h"
#include "repo/SourceFiles.h"
#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace riskguard {

namespace {

std::string plural(size_t N, StringRef One, StringRef Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many).str();
}

/// What changed from an approved commit to the head.
struct Since {
  ChangeSet Diff;
  Snapshot Then; ///< The approved commit's files.
};

/// The change from \p Commit to \p Head, less the build directory's files;
/// or why it cannot be known.
Expected<Since> changeSince(StringRef Commit, StringRef Head,
                            const Workspace &W) {
  Expected<std::string> Id = W.Repo->resolve(Commit);
  if (!Id) {
    consumeError(Id.takeError());
    return createStringError(
        inconvertibleErrorCode(),
        "which is not in the repository (fetch the pull request's "
        "commits; with --pull-request, a review of its head needs none): "
        "what changed after it is unknown");
  }
  Expected<ChangeSet> Diff = W.Repo->diff(*Id, Head);
  Expected<Snapshot> Then = W.Repo->snapshot(*Id);
  if (!Diff || !Then) {
    std::string Why = toString(Diff ? Then.takeError() : Diff.takeError());
    if (Diff)
      consumeError(Diff.takeError());
    else if (Then)
      consumeError(Then.takeError());
    return createStringError(inconvertibleErrorCode(),
                             "and what changed after it cannot be read: " +
                                 Why);
  }
  llvm::erase_if(Diff->Files, [&](const FileChange &FC) {
    return !W.Paths->relative(W.Root + "/" + FC.path());
  });
  return Since{std::move(*Diff), std::move(*Then)};
}

/// A file whose change voids approvals whatever the code does: the policy,
/// CODEOWNERS, or a non-C++ file a path rule makes tier-1 (a price table).
std::string changedRuleFile(const ChangeSet &Diff, const Workspace &W,
                            const Policy &Rules) {
  for (const FileChange &FC : Diff.Files)
    for (const std::string *Path : {&FC.OldPath, &FC.NewPath}) {
      if (Path->empty())
        continue;
      if (*Path == W.PolicyRel || StringRef(*Path).ends_with("CODEOWNERS"))
        return "then " + *Path + " changed";
      if (!isCxxSource(*Path) && Rules.ruleDomain(*Path, ""))
        return "then tier-1 file " + *Path + " changed";
    }
  return "";
}

/// What makes code tier-1, who owns it and how many approve it may change
/// without a token of the function changing (an annotation in a header).
std::string changedMarking(const AnalysisResult &A, const Policy &Rules) {
  for (const FunctionFacts &Then : A.Base.functions()) {
    std::optional<unsigned> Now = A.Head.findUSR(Then.USR);
    if (!Now)
      continue;
    const FunctionFacts &F = A.Head.function(*Now);
    Tier Before = resolveTier(Then, Rules), After = resolveTier(F, Rules);
    if ((Before.isTier1() || After.isTier1()) &&
        (Before.Domain != After.Domain || Then.Owners != F.Owners ||
         Then.MinApprovals != F.MinApprovals || Then.TestedBy != F.TestedBy))
      return "then the tier-1 marking of '" + F.Name + "' changed";
  }
  return "";
}

/// The tier-1 and tier-1-reached functions whose logic changed.
std::string changedLogic(const AnalysisResult &A) {
  std::vector<std::string> Names;
  for (const ChangedFunction &C : A.Changed)
    if (C.Kind != ChangeKind::Cosmetic && C.TierKind != TierKind::None)
      Names.push_back(
          (C.TierKind == TierKind::Tier1 ? "tier-1 function '" : "function '") +
          C.Facts.Name +
          (C.TierKind == TierKind::Tier1 ? "'" : "' (reached by tier-1 code)"));
  if (Names.empty())
    return "";
  std::string Why = "then the logic of " + Names.front() + " changed";
  if (Names.size() > 1)
    Why += " (and of " +
           plural(Names.size() - 1, "other function", "other functions") + ")";
  return Why;
}

} // namespace

StickyApprovals::StickyApprovals(const Workspace &W, StringRef Head,
                                 const Snapshot &HeadOverlay,
                                 const Policy &Rules,
                                 std::optional<std::string> CacheDir,
                                 unsigned Jobs)
    : W(W), Head(Head.str()), HeadOverlay(HeadOverlay), Rules(Rules),
      CacheDir(std::move(CacheDir)), Jobs(Jobs) {}

const std::string &StickyApprovals::changedSince(StringRef Commit) {
  auto [It, New] = Answers.try_emplace(Commit.str());
  if (New)
    It->second = analyze(Commit);
  return It->second;
}

std::string StickyApprovals::analyze(StringRef Commit) const {
  Expected<Since> S = changeSince(Commit, Head, W);
  if (!S)
    return toString(S.takeError());
  if (std::string Why = changedRuleFile(S->Diff, W, Rules); !Why.empty())
    return Why;
  AnalysisInput In;
  In.Paths = W.Paths.get();
  In.Changes = &S->Diff;
  In.BaseOverlay = &S->Then;
  In.HeadOverlay = &HeadOverlay;
  In.Commands = W.Commands.get();
  In.CommandsName = W.CommandsName;
  In.Rules = &Rules;
  In.Jobs = Jobs;
  AnalysisResult A = analyzeCached(In, CacheDir, nullptr);
  if (!A.Incomplete.empty())
    return "then " + A.Incomplete.front().File +
           " changed and could not be analyzed";
  if (std::string Why = changedMarking(A, Rules); !Why.empty())
    return Why;
  return changedLogic(A);
}

} // namespace riskguard
