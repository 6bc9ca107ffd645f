//===- Tier1UntestedChange.cpp - tier1-untested-change --------------------===//
//
// A tier-1 function's logic changed without a test that reaches it changing
// too. Reaching is over the whole-program call graph (virtual calls reach
// every override) from test bodies, plus RG_TESTED_BY links. A reaching
// test counts as changed only when its changed statements reach the
// function (analysis/TestEvidence.h), so a no-op edit does not count.
//
//===----------------------------------------------------------------------===//
#include "analysis/TestEvidence.h"
#include "checks/Check.h"
#include "llvm/ADT/STLExtras.h"
#include <map>
#include <set>

namespace riskguard {

namespace {

std::string count(size_t N, llvm::StringRef One, llvm::StringRef Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many).str();
}

/// A "Riskguard-Waiver: <name>: <reason>" trailer lifts the requirement
/// only with an owner's approval; without one it is named in the finding.
void applyWaiver(const ChangedFunction &C, const CheckContext &Ctx,
                 Finding &F) {
  const Waiver *W = nullptr;
  for (const Waiver &Candidate : Ctx.Review.Waivers)
    if (Candidate.Function == C.Facts.QualifiedName ||
        Candidate.Function == C.Facts.Name)
      W = &Candidate;
  if (!W)
    return;
  std::vector<std::string> Owners = ownersOf(C.Facts, C.Domain, Ctx, Ctx.Rules);
  if (std::optional<std::string> By = ownerApproval(Owners, Ctx)) {
    F.Level = Severity::Note;
    F.Blocking = false;
    F.Waiver = W->Reason + " (approved by " + *By + ")";
    F.Message += "; waived in " + W->Commit + ": " + F.Waiver;
    return;
  }
  F.Message += "; the waiver in " + W->Commit +
               " does not count without an approval from an owner (" +
               (Owners.empty() ? std::string("none is declared")
                               : listNames(Owners)) +
               ")";
}

/// "test 'A'" or "tests 'A', 'B'": up to three quoted names.
std::string quotedTests(llvm::ArrayRef<std::string> Names) {
  std::vector<std::string> Quoted;
  for (const std::string &N : Names)
    Quoted.push_back("'" + N + "'");
  return (Names.size() == 1 ? "test " : "tests ") + listNames(Quoted);
}

/// Why the changed tests \p Names, which reach \p Function, do not count.
std::string notCounted(llvm::ArrayRef<std::string> Names,
                       llvm::StringRef Function, llvm::StringRef LinkedBy) {
  std::string Them = Names.size() == 1 ? "it" : "them";
  if (!LinkedBy.empty())
    return quotedTests(Names) + " (linked by " + LinkedBy.str() +
           ") changed, but no " + "changed statement of " + Them +
           " calls a project function or " +
           "asserts on a value computed by one";
  return quotedTests(Names) + " changed, but no changed statement of " + Them +
         " reaches '" + Function.str() + "'";
}

} // namespace

void Tier1UntestedChange::run(const CheckContext &Ctx,
                              std::vector<Finding> &Out) const {
  const Policy &P = Ctx.Rules;
  if (P.Tests == TestRequirement::None)
    return;
  const Program &Head = Ctx.Analysis.Head;
  const TestInputs NoInputs;
  const TestInputs &In = Ctx.Tests ? *Ctx.Tests : NoInputs;
  const CoverageIndex *Cov = In.Coverage;

  // Tests with a change beyond layout, and the units each changed.
  std::map<unsigned, std::vector<unsigned>> ChangedTests;
  for (const ChangedFunction &C : Ctx.Analysis.Changed) {
    if (!C.IsTest || !C.HeadId || C.Kind == ChangeKind::Cosmetic)
      continue;
    const FunctionFacts *Base = C.Kind == ChangeKind::Modified && C.BaseId
                                    ? &Ctx.Analysis.Base.function(*C.BaseId)
                                    : nullptr;
    ChangedTests[*C.HeadId] = changedUnits(Head.function(*C.HeadId), Base);
  }
  size_t ChangedCount = ChangedTests.size() + In.DataTests.size();

  for (const ChangedFunction &C : Ctx.Analysis.Changed) {
    if (!isLogicChangeAtHead(C, TierKind::Tier1))
      continue;
    const FunctionFacts &Fn = Head.function(*C.HeadId);
    std::vector<unsigned> Callers = Head.transitiveCallers(*C.HeadId);
    // Test functions by how they reach it: on a call path, by RG_TESTED_BY,
    // or only in the coverage (a registry, callback or function pointer).
    std::set<unsigned> Reaching, Linked, Covered;
    for (unsigned Caller : Callers)
      if (isTestFunction(Head.function(Caller), P))
        Reaching.insert(Caller);
    for (unsigned Id = 0; Id < Head.functions().size(); ++Id) {
      const FunctionFacts &T = Head.function(Id);
      if (isTestFunction(T, P) &&
          llvm::is_contained(C.Facts.TestedBy, testDisplayName(T)))
        Linked.insert(Id);
    }
    std::vector<std::string> Names;
    std::set<unsigned> Covering; // Coverage tests, by index.
    if (Cov)
      for (unsigned T : Cov->covering(Fn)) {
        Covering.insert(T);
        if (std::optional<unsigned> Id = Cov->function(T)) {
          Covered.insert(*Id);
          continue;
        }
        std::string Name = Cov->name(T).str();
        if (const DataTestRule *R = P.dataTestRule(Name))
          Names.push_back(dataTestName(Name, *R));
        else if (llvm::none_of(In.DataTests, [&](const ChangedDataTest &D) {
                   return Cov->ofPath(D.Path) == T;
                 }))
          Names.push_back(Name + " (coverage)");
      }
    std::set<unsigned> OnPath(Callers.begin(), Callers.end());
    OnPath.insert(*C.HeadId);
    std::vector<std::pair<unsigned, unsigned>> Lines =
        changedLines(Fn, Ctx.Changes, C.Kind == ChangeKind::Added);
    if (Lines.empty())
      Lines.push_back({Fn.Line, Fn.EndLine});
    auto CoversChange = [&](unsigned T) {
      return Cov->covers(T, Fn.File, Lines);
    };

    // Why the changed tests that reach it do not count.
    std::vector<std::string> OnPathChanged, LinkedChanged, CoveredChanged,
        MissedChange, DataNotCounted;
    // A test on a call path counts when a changed statement reaches the
    // function; one RG_TESTED_BY or the coverage links, which has no call
    // path to follow, when a changed statement calls project code or
    // asserts on what it computed: a weaker form of evidence. With
    // coverage of the test, it must also run a changed line.
    auto Counts = [&](unsigned Id) {
      auto It = ChangedTests.find(Id);
      if (It == ChangedTests.end())
        return false;
      const FunctionFacts &T = Head.function(Id);
      std::string Name = testDisplayName(T);
      if (std::optional<unsigned> CT = Cov ? Cov->ofFunction(Id) : std::nullopt;
          CT && !CoversChange(*CT)) {
        MissedChange.push_back(Name);
        return false;
      }
      if (Reaching.count(Id)) {
        if (changedUnitsReach(Head, T, It->second,
                              [&](unsigned F) { return OnPath.count(F) != 0; }))
          return true;
        OnPathChanged.push_back(Name);
        return false;
      }
      if (changedUnitsReach(Head, T, It->second, [](unsigned) { return true; }))
        return true;
      (Linked.count(Id) ? LinkedChanged : CoveredChanged).push_back(Name);
      return false;
    };
    // A changed data test reaches it by its coverage where that is known,
    // else through what its reaches_via reach.
    bool DataMet = false;
    for (const ChangedDataTest &D : In.DataTests) {
      const DataTestRule &R = P.DataTests[D.Rule];
      std::optional<unsigned> CT =
          Cov ? Cov->ofPath(D.Path) : std::optional<unsigned>();
      bool Reaches = CT ? Covering.count(*CT) != 0
                        : dataTestReaches(Head, P, R, *C.HeadId);
      if (!Reaches)
        continue;
      if (!CT || !P.dataTestRule(Cov->name(*CT)))
        Names.push_back(dataTestName(D.Path, R));
      std::string Name = "'" + dataTestName(D.Path, R) + "'";
      if (!D.NotCounted.empty())
        DataNotCounted.push_back(Name + " changed, but " + D.NotCounted);
      else if (CT && !CoversChange(*CT))
        DataNotCounted.push_back(Name + " changed, but its coverage has " +
                                 "none of the changed lines of '" +
                                 C.Facts.Name + "'");
      else
        DataMet = true;
    }
    // Data tests the change leaves alone reach it all the same.
    for (const DataTestRule &R : P.DataTests)
      if (dataTestReaches(Head, P, R, *C.HeadId) &&
          llvm::none_of(In.DataTests, [&](const ChangedDataTest &D) {
            return D.Rule == R.Index;
          }))
        Names.push_back(dataTestName(R.Paths.front(), R));

    std::set<unsigned> All = Reaching;
    All.insert(Linked.begin(), Linked.end());
    All.insert(Covered.begin(), Covered.end());
    for (unsigned Id : All)
      Names.push_back(testDisplayName(Head.function(Id)));
    bool Met = false;
    if (P.Tests == TestRequirement::Exists)
      Met = !Names.empty();
    else if (DataMet)
      Met = true;
    else
      for (unsigned Id : All)
        Met |= Counts(Id); // Not any_of: every reason is collected.
    if (Met)
      continue;
    for (std::vector<std::string> *V : {&Names, &OnPathChanged, &LinkedChanged,
                                        &CoveredChanged, &MissedChange}) {
      llvm::sort(*V);
      V->erase(llvm::unique(*V), V->end());
    }
    bool ChangedReaching = !OnPathChanged.empty() || !LinkedChanged.empty() ||
                           !CoveredChanged.empty() || !MissedChange.empty() ||
                           !DataNotCounted.empty();

    Finding F = makeFinding(RuleId, C.Facts);
    F.TestsReaching = Names;
    F.ChangeSummary = C.Summary;
    F.Blast = blastRadiusOf(*C.HeadId, Ctx);
    std::string What = "logic of tier-1 function '" + C.Facts.Name +
                       "' (domain '" + C.Domain + "') ";
    // Without coverage only the call graph speaks, and it cannot follow a
    // registry, a stored callback or a plugin table.
    std::string NoTest =
        Cov ? "changed and no test reaches it, in the call graph or in the "
              "coverage of " +
                  count(Cov->size(), "test", "tests")
            : "changed and no statically visible test reaches it";
    std::string Unseen = Cov ? ""
                             : "; a test that reaches it through a "
                               "registry or callback counts with "
                               "--coverage or RG_TESTED_BY";
    if (P.Tests == TestRequirement::Exists && Names.empty()) {
      F.Message = What + NoTest + ": add a test that calls it";
    } else if (Names.empty()) {
      F.Message = What + NoTest +
                  ": add or change a test that calls it in the same change";
    } else if (ChangedReaching) {
      F.Message = What + "changed without a test change that reaches it: " +
                  count(Names.size(), "test reaches", "tests reach") + " it (" +
                  listNames(Names) + ")";
      if (!OnPathChanged.empty())
        F.Message += "; " + notCounted(OnPathChanged, C.Facts.Name, "");
      if (!LinkedChanged.empty())
        F.Message +=
            "; " + notCounted(LinkedChanged, C.Facts.Name, "RG_TESTED_BY");
      if (!CoveredChanged.empty())
        F.Message +=
            "; " + notCounted(CoveredChanged, C.Facts.Name, "its coverage");
      if (!MissedChange.empty())
        F.Message += "; " + quotedTests(MissedChange) + " changed, but " +
                     (MissedChange.size() == 1 ? "its" : "their") +
                     " coverage has none of the changed lines of '" +
                     C.Facts.Name + "'";
      for (const std::string &D : DataNotCounted)
        F.Message += "; data test " + D;
    } else {
      F.Message = What + "changed without a change to a test that reaches "
                         "it: " +
                  count(Names.size(), "test reaches", "tests reach") +
                  " it (" + listNames(Names) + ") and none is part of the " +
                  "change";
    }
    // Changed tests that reach it are named above, with why they do not
    // count; otherwise say that the changed tests are elsewhere.
    if (!ChangedReaching && ChangedCount) {
      std::string None =
          "none of the " + count(ChangedCount, "changed test", "changed tests");
      F.Message +=
          Names.empty() ? " (" + None + " does)" : "; " + None + " reaches it";
    }
    if (Names.empty())
      F.Message += Unseen;
    if (Cov && !In.CoverageIgnored.empty()) {
      size_t Stale =
          llvm::count_if(In.CoverageIgnored, [&](const std::string &N) {
            return llvm::StringRef(N).contains(" " + Fn.File + ":") ||
                   llvm::StringRef(N).contains(" " + Fn.File + " ");
          });
      if (Stale)
        F.Message += "; " +
                     count(Stale, "coverage record", "coverage records") +
                     " of " + Fn.File + " ignored as stale";
    }
    applyWaiver(C, Ctx, F);
    setFingerprint(F, F.Function);
    Out.push_back(std::move(F));
  }
}

} // namespace riskguard
