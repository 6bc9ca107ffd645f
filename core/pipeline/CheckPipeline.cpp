//===- CheckPipeline.cpp - From a change to its report --------------------===//
#include "pipeline/CheckPipeline.h"
#include "pipeline/ReviewGathering.h"
#include "pipeline/StickyApprovals.h"
#include "repo/Snapshot.h"

using namespace llvm;

namespace riskguard {

namespace {

/// Who wrote and approved the change, with sticky approvals judged by what
/// changed since the approved commit.
Expected<ReviewContext> reviewOf(const CheckRequest &Req, const CheckRun &Run,
                                 std::optional<StickyApprovals> &Sticky) {
  const ChangeInput &C = Run.Change;
  ReviewInputs RI;
  if (Req.Change.Diff.empty()) {
    RI.Repo = Run.W.Repo.get();
    RI.Base = C.BaseRev;
    RI.Head = Req.Change.Head;
    RI.HeadCommit = C.Changes.HeadId == "WORKTREE" ? "" : C.Changes.HeadId;
  } else if (!C.PatchCommits.empty()) {
    RI.PatchCommits = &C.PatchCommits;
  }
  RI.PullRequestFile = Req.PullRequestFile;
  RI.ApprovalsFile = Req.ApprovalsFile;
  RI.Author = Req.Author;
  RI.AIAssisted = Req.AIAssisted;
  RI.PolicyFile = Run.W.PolicyRel;
  RI.OwnersOverlay = &C.BaseOverlay;
  const Policy &Effective = Run.Policies.Effective;
  if (Effective.Approvals.Sticky == StickyMode::Logic && Run.W.Repo) {
    Sticky.emplace(Run.W, Req.Change.Head, C.HeadOverlay, Effective,
                   Req.CacheDir, Req.Jobs);
    RI.ChangedSince = [&Sticky](StringRef Commit) {
      return Sticky->changedSince(Commit);
    };
  }
  return gatherReview(RI, Effective, Run.W.Root);
}

/// The analysis of the change, with the build's facts for the head where
/// they still describe it.
AnalysisResult analyze(const CheckRequest &Req, const CheckRun &Run,
                       const std::vector<TUFacts> *HeadFacts) {
  const Workspace &W = Run.W;
  AnalysisInput In;
  In.HeadFacts = HeadFacts;
  In.Paths = W.Paths.get();
  In.Changes = &Run.Change.Changes;
  In.BaseOverlay = &Run.Change.BaseOverlay;
  In.HeadOverlay = &Run.Change.HeadOverlay;
  In.Commands = W.Commands.get();
  In.CommandsName = W.CommandsName;
  In.Rules = &Run.Policies.Effective;
  In.Jobs = Req.Jobs;
  ParseProgress Progress;
  if (Req.Progress)
    Progress = [&](size_t N, size_t Total, StringRef Path) {
      Req.Progress(N, Total, displayPath(Path, W.Root));
    };
  return analyzeCached(In, Req.CacheDir, std::move(Progress));
}

/// What the project says of its tests beyond the call graph: the data
/// tests the change touches and, with --coverage, who ran what.
void gatherTests(CheckRun &Run) {
  const ChangeInput &C = Run.Change;
  Run.Tests.DataTests = changedDataTests(
      C.Changes, Run.Policies.Effective, [&](StringRef Path, bool AtHead) {
        return readThrough(AtHead ? &C.HeadOverlay : &C.BaseOverlay, Run.W.Root,
                           Path.str());
      });
  if (!Run.Cov)
    return;
  Run.CovIndex.emplace(*Run.Cov, Run.Analysis.Head, Run.Policies.Effective);
  Run.Tests.Coverage = &*Run.CovIndex;
  Run.Tests.CoverageIgnored = Run.Cov->Ignored;
}

/// The rules' findings, and what the report says beside them.
void judge(CheckRun &Run) {
  Report &R = Run.R;
  const ChangeSet &Changes = Run.Change.Changes;
  R.BaseId = Changes.BaseId;
  R.HeadId = Changes.HeadId;
  CheckContext Ctx(Run.Analysis, Run.Policies.Effective, Run.Policies.Base,
                   Changes, Run.Review);
  Ctx.Tests = &Run.Tests;
  R.Findings = runChecks(Ctx, &R.Risk);
  for (const ChangedDataTest &D : Run.Tests.DataTests)
    R.DataTests.push_back(D.NotCounted.empty() ? D.Path
                                               : D.Path + ": " + D.NotCounted);
  if (Run.Cov) {
    R.CoverageFiles = Run.Cov->Files;
    R.CoverageTests = Run.Cov->Tests.size();
    R.CoverageIgnored = Run.Cov->Ignored;
  }
  R.Changed = Run.Analysis.Changed;
  R.TUsParsed = Run.Analysis.TUsParsed;
  R.TUsCached = Run.Analysis.TUsCached;
  R.Analysis = &Run.Analysis;
  R.Changes = &Changes;
  R.Rules = &Run.Policies.Effective;
  R.Author = Run.Review.Author;
  R.AISource = Run.Review.AISource;
  R.AIReason = Run.Review.AIAssisted;
  R.Messages = Run.Review.Messages;
  R.NotCounted = Run.Review.Ignored;
}

} // namespace

Expected<std::unique_ptr<CheckRun>> runCheckPipeline(const CheckRequest &Req,
                                                     raw_ostream &Log) {
  const ChangeSource &From = Req.Change;
  if (!From.Diff.empty() && (!From.Head.empty() || !From.Base.empty()))
    return createStringError(inconvertibleErrorCode(),
                             "--diff takes the change from a patch; it cannot "
                             "be combined with --base or --head");
  auto Run = std::make_unique<CheckRun>();
  Expected<Workspace> W =
      openWorkspace(Req.RepoDir, Req.PolicyFile, Req.BuildPath);
  if (!W)
    return W.takeError();
  Run->W = std::move(*W);
  Expected<ChangeInput> Change = loadChange(Run->W, From);
  if (!Change)
    return Change.takeError();
  Run->Change = std::move(*Change);
  // Read before the long parse: a malformed tracefile is bad input.
  if (!Req.Coverage.empty()) {
    Expected<Coverage> Read =
        loadCoverage(Req.Coverage, Run->W, &Run->Change.HeadOverlay);
    if (!Read)
      return Read.takeError();
    Run->Cov = std::move(*Read);
  }
  Expected<ChangePolicies> Policies =
      loadPolicies(Run->W, Run->Change, From.Head, Log);
  if (!Policies)
    return Policies.takeError();
  Run->Policies = std::move(*Policies);

  std::optional<StickyApprovals> Sticky;
  Expected<ReviewContext> Review = reviewOf(Req, *Run, Sticky);
  if (!Review)
    return Review.takeError();
  Run->Review = std::move(*Review);

  std::optional<std::vector<TUFacts>> HeadFacts;
  if (!Req.FactsDir.empty()) {
    Expected<std::vector<TUFacts>> Read =
        readHeadFacts(Req.FactsDir, Run->W, Run->Change.HeadOverlay,
                      Req.Verbose, Log, Run->BuildFacts);
    if (!Read)
      return Read.takeError();
    HeadFacts = std::move(*Read);
  }
  Run->Analysis = analyze(Req, *Run, HeadFacts ? &*HeadFacts : nullptr);
  gatherTests(*Run);
  judge(*Run);
  return Run;
}

} // namespace riskguard
