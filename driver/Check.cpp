//===- Check.cpp - The 'riskguard check' command --------------------------===//
#include "driver/Check.h"
#include "analysis/Analyzer.h"
#include "checks/Check.h"
#include "driver/Index.h"
#include "driver/Review.h"
#include "driver/Workspace.h"
#include "facts/Extractor.h"
#include "facts/FactsCache.h"
#include "facts/FactsIO.h"
#include "facts/FactsValidity.h"
#include "facts/Indexer.h"
#include "policy/Policy.h"
#include "repo/Patch.h"
#include "repo/Repository.h"
#include "report/Report.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <map>
#include <set>

using namespace llvm;

namespace riskguard {

namespace {

/// A bad input: the message for stderr, exit code 2.
struct InputError {
  std::string Message;
};

/// One requested output: a format and where it goes (empty: stdout).
struct Output {
  Format Fmt;
  std::string Path;
};

Expected<std::vector<Output>> parseOutputs(ArrayRef<std::string> Specs) {
  std::vector<Output> Outputs;
  for (StringRef Spec : Specs) {
    auto [Name, Path] = Spec.split('=');
    std::optional<Format> F = parseFormat(Name);
    if (!F)
      return createStringError(inconvertibleErrorCode(),
                               "unknown format '" + Name + "' in --format " +
                                   Spec + " (expected one of: " +
                                   formatNames() + ")");
    if (Spec.contains('=') && Path.empty())
      return createStringError(inconvertibleErrorCode(),
                               "--format " + Spec + " names no file after '='");
    Outputs.push_back({*F, Path.str()});
  }
  if (Outputs.empty())
    Outputs.push_back({Format::Text, ""});
  if (count_if(Outputs, [](const Output &O) { return O.Path.empty(); }) > 1)
    return createStringError(inconvertibleErrorCode(),
                             "more than one --format writes to stdout; give "
                             "the others a file with FMT=PATH");
  return Outputs;
}

/// Writes \p Contents to \p Path through a temporary file and a rename, so
/// that readers never see half a report.
Error writeAtomically(StringRef Path, StringRef Contents) {
  if (Error E = writeToOutput(Path, [&](raw_ostream &OS) {
        OS << Contents;
        return Error::success();
      }))
    return createStringError(inconvertibleErrorCode(),
                             "cannot write " + toString(std::move(E)));
  return Error::success();
}

std::string plural(size_t N, StringRef One, StringRef Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many).str();
}

/// What became of the facts files of --facts-dir.
struct FactsUse {
  size_t Units = 0;     ///< Translation units at head.
  size_t FromFacts = 0; ///< Of those, the ones analyzeChange takes from facts.
  size_t Stale = 0, Unverifiable = 0, NotBuilt = 0; ///< Facts files ignored.
};

/// The facts of \p Built that describe the head: those of a unit in the
/// compile database whose every input has, at head, the contents it had in
/// the build. The rest are parsed; -v says why.
std::vector<TUFacts> headFacts(std::vector<BuiltFacts> Built,
                               const Workspace &W, const Snapshot &HeadOverlay,
                               bool Verbose, raw_ostream &Err, FactsUse &Use) {
  std::set<std::string> Units;
  for (const clang::tooling::CompileCommand &Cmd :
       projectCommands(*W.Commands, *W.Paths))
    Units.insert(*W.Paths->relative(Cmd.Filename, Cmd.Directory));
  Use.Units = Units.size();
  // Many units read one header: hash it once.
  StringMap<std::optional<std::string>> Hashes;
  auto HashOf = [&](const std::string &Path) {
    auto [It, New] = Hashes.try_emplace(Path);
    if (New)
      if (std::optional<std::string> Text =
              readThrough(&HeadOverlay, W.Root, Path))
        It->second = contentHash(*Text);
    return It->second;
  };
  std::vector<TUFacts> Valid;
  std::set<std::string> Used;
  for (BuiltFacts &B : Built) {
    std::string Name = displayPath(B.FileName, W.Root);
    const std::string &Main = B.Facts.MainFile;
    if (!Units.count(Main)) {
      ++Use.NotBuilt;
      if (Verbose)
        Err << "riskguard: ignoring facts file '" << Name << "': '" << Main
            << "' is not in " << W.CommandsName << "\n";
      continue;
    }
    std::string Changed;
    switch (factsState(B, HashOf, &Changed)) {
    case FactsState::Stale:
      ++Use.Stale;
      if (Verbose)
        Err << "riskguard: ignoring facts file '" << Name << "': '" << Changed
            << "' changed since the build; parsing '" << Main << "'\n";
      continue;
    case FactsState::Unverifiable:
      ++Use.Unverifiable;
      if (Verbose)
        Err << "riskguard: ignoring facts file '" << Name
            << "': it records no hash of some file it read (an older "
               "plugin?); parsing '"
            << Main << "'\n";
      continue;
    case FactsState::Current:
      break;
    }
    // analyzeChange parses a unit that reads a file --head replaces.
    if (llvm::none_of(B.Facts.Files, [&](const std::string &F) {
          return HeadOverlay.count(F);
        }))
      Used.insert(Main);
    Valid.push_back(std::move(B.Facts));
  }
  Use.FromFacts = Used.size();
  return Valid;
}

/// Says where the facts of the translation units came from, so that a cold
/// cache shows: "riskguard: facts: 65 of 66 translation units from the
/// cache, 1 parsed (65 at head, 1 at base)". \p HeadUnits is how many the
/// head has, \p FromFacts how many of them --facts-dir gave.
void printFactsUse(const AnalysisResult &A, size_t HeadUnits, size_t FromFacts,
                   bool CacheOn, raw_ostream &Err) {
  size_t Needed = A.TUsParsed + A.TUsCached - FromFacts;
  if (!Needed)
    return;
  size_t Head = HeadUnits - FromFacts;
  std::string Sides = " (" + std::to_string(Head) + " at head, " +
                      std::to_string(Needed - Head) + " at base)";
  Err << "riskguard: facts: ";
  if (CacheOn)
    Err << A.TUsCached - FromFacts << " of "
        << plural(Needed, "translation unit", "translation units")
        << " from the cache, " << A.TUsParsed << " parsed" << Sides << "\n";
  else
    Err << plural(Needed, "translation unit", "translation units") << " parsed"
        << Sides << "; the facts cache is off\n";
}

/// Why an approval of \p Commit no longer holds at the head \p O checks
/// (empty when it does): what the analysis of Commit..head finds changed in
/// tier-1 or tier-1-reached logic, in the policy, or could not analyze.
std::string changedSince(StringRef Commit, const CheckOptions &O,
                         const Workspace &W, const Snapshot &HeadOverlay,
                         const Policy &Rules, raw_ostream &Err) {
  Expected<std::string> Id = W.Repo->resolve(Commit);
  if (!Id) {
    consumeError(Id.takeError());
    return "which is not in the repository (fetch the pull request's "
           "commits; with --pull-request, a review of its head needs none): "
           "what changed after it is unknown";
  }
  Expected<ChangeSet> Diff = W.Repo->diff(*Id, O.Head);
  Expected<Snapshot> Then = W.Repo->snapshot(*Id);
  if (!Diff || !Then) {
    std::string Why = toString(Diff ? Then.takeError() : Diff.takeError());
    if (Diff)
      consumeError(Diff.takeError());
    else if (Then)
      consumeError(Then.takeError());
    return "and what changed after it cannot be read: " + Why;
  }
  const PathMapper &Paths = *W.Paths;
  llvm::erase_if(Diff->Files, [&](const FileChange &FC) {
    return !Paths.relative(W.Root + "/" + FC.path());
  });
  for (const FileChange &FC : Diff->Files)
    for (const std::string *Path : {&FC.OldPath, &FC.NewPath}) {
      if (Path->empty())
        continue;
      if (*Path == W.PolicyRel || StringRef(*Path).ends_with("CODEOWNERS"))
        return "then " + *Path + " changed";
      // A price table or feature flag a path rule makes tier-1.
      if (!isCxxSource(*Path) && Rules.ruleDomain(*Path, ""))
        return "then tier-1 file " + *Path + " changed";
    }
  AnalysisInput In;
  In.Paths = &Paths;
  In.Changes = &*Diff;
  In.BaseOverlay = &*Then;
  In.HeadOverlay = &HeadOverlay;
  In.Commands = W.Commands.get();
  In.CommandsName = W.CommandsName;
  In.Rules = &Rules;
  In.Jobs = O.Jobs;
  AnalysisResult A = analyzeCached(In, O.CacheDir, /*Quiet=*/true, W.Root, Err);
  if (!A.Incomplete.empty())
    return "then " + A.Incomplete.front().File +
           " changed and could not be analyzed";
  // What makes code tier-1, who owns it and how many approve it may change
  // without a token of the function changing (an annotation in a header).
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

int runCheck(const CheckOptions &O, raw_ostream &Out, raw_ostream &Err) {
  auto Fail = [&](const Twine &Message) {
    Err << "riskguard: error: " << Message << "\n";
    return 2;
  };
  auto FailWith = [&](Error E) { return Fail(toString(std::move(E))); };

  Expected<std::vector<Output>> Outputs = parseOutputs(O.Formats);
  if (!Outputs)
    return FailWith(Outputs.takeError());
  if (O.FailOn != "error" && O.FailOn != "warning" && O.FailOn != "never")
    return Fail("--fail-on must be error, warning or never, not '" + O.FailOn +
                "'");
  if (!O.Diff.empty() && (!O.Head.empty() || !O.Base.empty()))
    return Fail("--diff takes the change from a patch; it cannot be combined "
                "with --base or --head");

  Expected<Workspace> W = openWorkspace(O.RepoDir, O.PolicyFile, O.BuildPath);
  if (!W)
    return FailWith(W.takeError());
  const std::string &Root = W->Root;
  const Policy &Rules = W->Rules;
  const PathMapper &Paths = *W->Paths;

  ChangeSet Changes;
  Snapshot BaseOverlay, HeadOverlay;
  std::vector<Repository::Commit> PatchMails;
  std::string BaseRev = !O.Base.empty()       ? O.Base
                        : !Rules.Base.empty() ? Rules.Base
                                              : std::string("HEAD~1");
  if (!O.Diff.empty()) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Patch =
        MemoryBuffer::getFile(O.Diff, /*IsText=*/false);
    if (!Patch)
      return Fail("cannot read patch '" + O.Diff +
                  "': " + Patch.getError().message());
    Expected<std::pair<ChangeSet, Snapshot>> Reversed =
        reversePatchSeries((*Patch)->getBuffer(), O.Diff, Root);
    if (!Reversed)
      return FailWith(Reversed.takeError());
    Expected<std::vector<Repository::Commit>> Mails =
        patchCommits((*Patch)->getBuffer(), O.Diff);
    if (!Mails)
      return FailWith(Mails.takeError());
    PatchMails = std::move(*Mails);
    Changes = std::move(Reversed->first);
    BaseOverlay = std::move(Reversed->second);
  } else {
    Expected<ChangeSet> Diff = W->Repo->diff(BaseRev, O.Head);
    if (!Diff)
      return FailWith(Diff.takeError());
    Expected<Snapshot> BaseSnap = W->Repo->snapshot(BaseRev);
    if (!BaseSnap)
      return FailWith(BaseSnap.takeError());
    Changes = std::move(*Diff);
    BaseOverlay = std::move(*BaseSnap);
    if (!O.Head.empty()) {
      Expected<Snapshot> HeadSnap = W->Repo->snapshot(O.Head);
      if (!HeadSnap)
        return FailWith(HeadSnap.takeError());
      HeadOverlay = std::move(*HeadSnap);
    }
  }
  // The build directory's own files are not part of the change.
  llvm::erase_if(Changes.Files, [&](const FileChange &FC) {
    return !Paths.relative(Root + "/" + FC.path());
  });
  // Read before the long parse: a malformed tracefile is bad input.
  std::optional<Coverage> Cov;
  if (!O.Coverage.empty()) {
    Expected<Coverage> Read = loadCoverage(O.Coverage, *W, &HeadOverlay);
    if (!Read)
      return FailWith(Read.takeError());
    Cov = std::move(*Read);
  }

  // A --head revision has its own policy; the base is judged by the base's
  // policy; and the change is held to the stricter of the two, with the
  // base's owners, so that it cannot loosen or re-staff its own review.
  const std::string &PolicyRel = W->PolicyRel;
  Policy HeadRules = Rules;
  if (auto It = HeadOverlay.find(PolicyRel);
      !PolicyRel.empty() && It != HeadOverlay.end()) {
    HeadRules = Policy();
    if (It->second) {
      if (It->second->size() > MaxPolicySize)
        return Fail(PolicyRel + " at " + O.Head + ": policy of " +
                    sizeText(It->second->size()) +
                    ", more than riskguard reads (" +
                    sizeText(MaxPolicySize) + ")");
      Expected<Policy> Parsed =
          parsePolicy(*It->second, PolicyRel + " at " + O.Head);
      if (!Parsed)
        return FailWith(Parsed.takeError());
      HeadRules = std::move(*Parsed);
    }
  }
  Policy BaseRules = HeadRules;
  if (auto It = BaseOverlay.find(PolicyRel);
      !PolicyRel.empty() && It != BaseOverlay.end()) {
    if (!It->second) {
      BaseRules = Policy();
    } else if (It->second->size() > MaxPolicySize) {
      return Fail(PolicyRel + " at base: policy of " +
                  sizeText(It->second->size()) +
                  ", more than riskguard reads (" + sizeText(MaxPolicySize) +
                  ")");
    } else if (Expected<Policy> Parsed =
                   parsePolicy(*It->second, PolicyRel + " at base")) {
      BaseRules = std::move(*Parsed);
    } else {
      // A broken base policy cannot be judged by; the head's stands in.
      Err << "riskguard: warning: " << toString(Parsed.takeError())
          << "; using the head's policy for the base\n";
    }
  }
  const Policy Effective = effectivePolicy(BaseRules, HeadRules);

  ReviewInputs RI;
  if (O.Diff.empty()) {
    RI.Repo = W->Repo.get();
    RI.Base = BaseRev;
    RI.Head = O.Head;
    RI.HeadCommit = Changes.HeadId == "WORKTREE" ? "" : Changes.HeadId;
  } else if (!PatchMails.empty())
    RI.PatchCommits = &PatchMails;
  RI.PullRequestFile = O.PullRequestFile;
  RI.ApprovalsFile = O.ApprovalsFile;
  RI.Author = O.Author;
  RI.AIAssisted = O.AIAssisted;
  RI.PolicyFile = PolicyRel;
  RI.OwnersOverlay = &BaseOverlay;
  // Sticky by logic: an approval of an earlier commit holds while nothing
  // tier-1 changed between it and the head. Answers are kept per commit.
  std::map<std::string, std::string> SinceCache;
  if (Effective.Approvals.Sticky == StickyMode::Logic && W->Repo)
    RI.ChangedSince = [&](StringRef Commit) -> std::string {
      auto [It, New] = SinceCache.try_emplace(Commit.str());
      if (New)
        It->second = changedSince(Commit, O, *W, HeadOverlay, Effective, Err);
      return It->second;
    };
  Expected<ReviewContext> Review = gatherReview(RI, Effective, Root);
  if (!Review)
    return FailWith(Review.takeError());

  // Facts the compiler plugin wrote during the build stand in for parsing
  // the head where they still describe it; a facts file that cannot be read
  // is bad input, never skipped.
  std::vector<TUFacts> HeadFacts;
  FactsUse Use;
  if (!O.FactsDir.empty()) {
    Expected<std::vector<BuiltFacts>> Read = readFactsDir(O.FactsDir);
    if (!Read)
      return FailWith(Read.takeError());
    HeadFacts =
        headFacts(std::move(*Read), *W, HeadOverlay, O.Verbose, Err, Use);
  }

  AnalysisInput In;
  In.HeadFacts = O.FactsDir.empty() ? nullptr : &HeadFacts;
  In.Paths = &Paths;
  In.Changes = &Changes;
  In.BaseOverlay = &BaseOverlay;
  In.HeadOverlay = &HeadOverlay;
  In.Commands = W->Commands.get();
  In.CommandsName = W->CommandsName;
  In.Rules = &Effective;
  In.Jobs = O.Jobs;
  AnalysisResult Analysis = analyzeCached(In, O.CacheDir, O.Quiet, Root, Err);
  if (!O.FactsDir.empty() && !O.Quiet) {
    Err << "riskguard: head: " << Use.FromFacts << " of "
        << plural(Use.Units, "translation unit", "translation units")
        << " from --facts-dir, " << Use.Units - Use.FromFacts
        << " parsed or from the cache";
    std::vector<std::string> Ignored;
    if (Use.Stale)
      Ignored.push_back(std::to_string(Use.Stale) + " out of date");
    if (Use.Unverifiable)
      Ignored.push_back(std::to_string(Use.Unverifiable) +
                        " without input hashes");
    if (Use.NotBuilt)
      Ignored.push_back(std::to_string(Use.NotBuilt) + " not in " +
                        W->CommandsName);
    if (!Ignored.empty())
      Err << "; facts files ignored: " << llvm::join(Ignored, ", ")
          << (O.Verbose ? "" : " (-v names them)");
    Err << "\n";
  }
  if (!O.Quiet && O.ShowFactsUse)
    printFactsUse(Analysis, projectCommands(*W->Commands, Paths).size(),
                  Use.FromFacts, FactsCache::directory(O.CacheDir).has_value(),
                  Err);

  TestInputs Tests;
  Tests.DataTests =
      changedDataTests(Changes, Effective, [&](StringRef Path, bool AtHead) {
        return readThrough(AtHead ? &HeadOverlay : &BaseOverlay, Root,
                           Path.str());
      });
  std::optional<CoverageIndex> CovIndex;
  if (Cov) {
    CovIndex.emplace(*Cov, Analysis.Head, Effective);
    Tests.Coverage = &*CovIndex;
    Tests.CoverageIgnored = Cov->Ignored;
    if (!O.Quiet) {
      Err << "riskguard: coverage: "
          << plural(Cov->Tests.size(), "test", "tests") << " from "
          << plural(Cov->Files, "tracefile", "tracefiles") << "\n";
      // Stale coverage of a busy file is one note per test: a few show
      // the problem, the JSON report has them all.
      size_t Shown = O.Verbose ? Cov->Ignored.size()
                               : std::min<size_t>(Cov->Ignored.size(), 10);
      for (size_t I = 0; I < Shown; ++I)
        Err << "riskguard: warning: coverage: " << Cov->Ignored[I] << "\n";
      if (Shown < Cov->Ignored.size())
        Err << "riskguard: warning: coverage: "
            << Cov->Ignored.size() - Shown
            << " more ignored (-v lists them, as does the JSON report)\n";
    }
  }

  Report R;
  R.BaseId = Changes.BaseId;
  R.HeadId = Changes.HeadId;
  CheckContext Ctx(Analysis, Effective, BaseRules, Changes, *Review);
  Ctx.Tests = &Tests;
  R.Findings = runChecks(Ctx, &R.Risk);
  for (const ChangedDataTest &D : Tests.DataTests)
    R.DataTests.push_back(D.NotCounted.empty() ? D.Path
                                               : D.Path + ": " + D.NotCounted);
  if (Cov) {
    R.CoverageFiles = Cov->Files;
    R.CoverageTests = Cov->Tests.size();
    R.CoverageIgnored = Cov->Ignored;
  }
  R.Changed = Analysis.Changed;
  R.TUsParsed = Analysis.TUsParsed;
  R.TUsCached = Analysis.TUsCached;
  R.Analysis = &Analysis;
  R.Changes = &Changes;
  R.Rules = &Effective;
  R.Author = Review->Author;
  R.AISource = Review->AISource;
  R.AIReason = Review->AIAssisted;
  R.Messages = Review->Messages;
  R.NotCounted = Review->Ignored;

  if (O.Verbose) {
    std::vector<std::string> Dropped = droppedCodeLoadingOptions();
    if (!Dropped.empty())
      Err << "riskguard: dropped from the compile commands, since they would "
             "load code into riskguard: "
          << llvm::join(Dropped, ", ") << "\n";
  }
  if (O.Verbose)
    for (const ChangedFunction &C : R.Changed)
      Err << "riskguard: " << C.Facts.File << ':' << C.Facts.Line << ": "
          << changeKindName(C.Kind) << ' ' << tierKindName(C.TierKind) << ' '
          << C.Facts.Name << '\n';

  // Render everything first: a failure leaves no file half-written.
  std::vector<std::string> Rendered;
  for (const Output &Dest : *Outputs) {
    std::string Text;
    raw_string_ostream OS(Text);
    writeReport(R, Dest.Fmt, OS);
    Rendered.push_back(std::move(OS.str()));
  }
  for (size_t I = 0; I < Outputs->size(); ++I) {
    if ((*Outputs)[I].Path.empty()) {
      Out << Rendered[I];
      Out.flush();
    } else if (Error E = writeAtomically((*Outputs)[I].Path, Rendered[I])) {
      return FailWith(std::move(E));
    }
  }

  size_t Blocking = count_if(R.Findings, [](const Finding &F) { return F.Blocking; });
  size_t Warnings = count_if(R.Findings, [](const Finding &F) {
    return !F.Blocking && F.Level != Severity::Note;
  });
  if (!O.Quiet) {
    size_t Tier1 = count_if(R.Changed, [](const ChangedFunction &C) {
      return C.TierKind == TierKind::Tier1 && C.Kind != ChangeKind::Cosmetic;
    });
    size_t Indirect = count_if(R.Changed, [](const ChangedFunction &C) {
      return C.TierKind == TierKind::Indirect && C.Kind != ChangeKind::Cosmetic;
    });
    size_t Cosmetic = count_if(R.Changed, [](const ChangedFunction &C) {
      return C.Kind == ChangeKind::Cosmetic;
    });
    Err << "riskguard: " << plural(R.Changed.size() - Cosmetic, "function", "functions")
        << " changed in logic (" << Tier1 << " tier-1, " << Indirect
        << " reached by tier-1 code), " << Cosmetic << " only in layout; "
        << plural(Blocking, "blocking finding", "blocking findings") << ", "
        << plural(Warnings, "warning", "warnings") << "\n";
    if (!R.Findings.empty())
      Err << "riskguard: risk " << R.Risk.Level
          << (R.Risk.Reasons.empty() ? "" : ": ")
          << llvm::join(R.Risk.Reasons, "; ") << "\n";
  }
  if (O.FailOn == "never")
    return 0;
  if (Blocking || (O.FailOn == "warning" && Warnings))
    return 1;
  return 0;
}

} // namespace riskguard
