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
  F.Message +=
      "; the waiver in " + W->Commit +
      " does not count without an approval from an owner (" +
      (Owners.empty() ? std::string("none is declared") : listNames(Owners)) +
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

/// Test function id -> the units a change beyond layout changed in it.
using ChangedTestUnits = std::map<unsigned, std::vector<unsigned>>;

/// The tests the change touches beyond layout, with the units each changed.
ChangedTestUnits changedTests(const CheckContext &Ctx) {
  ChangedTestUnits Out;
  for (const ChangedFunction &C : Ctx.Analysis.Changed) {
    if (!C.IsTest || !C.HeadId || C.Kind == ChangeKind::Cosmetic)
      continue;
    const FunctionFacts *Base = C.Kind == ChangeKind::Modified && C.BaseId
                                    ? &Ctx.Analysis.Base.function(*C.BaseId)
                                    : nullptr;
    Out[*C.HeadId] = changedUnits(Ctx.Analysis.Head.function(*C.HeadId), Base);
  }
  return Out;
}

/// One changed tier-1 function and what its judgement reads.
struct Subject {
  const ChangedFunction &C;
  const FunctionFacts &Fn; ///< At head.
  const CheckContext &Ctx;
  const TestInputs &In;
  const CoverageIndex *Cov;
  std::vector<unsigned> Callers; ///< Its transitive callers.
  std::set<unsigned> OnPath;     ///< It and its transitive callers.
  /// Its changed lines, or all of it when none is known.
  std::vector<std::pair<unsigned, unsigned>> Lines;

  /// Whether coverage test \p T ran one of the changed lines.
  bool coversChange(unsigned T) const { return Cov->covers(T, Fn.File, Lines); }
};

/// The subject of changed tier-1 function \p C, which the head has.
Subject subjectOf(const ChangedFunction &C, const CheckContext &Ctx,
                  const TestInputs &In) {
  const Program &Head = Ctx.Analysis.Head;
  Subject S{C, Head.function(*C.HeadId), Ctx, In, In.Coverage, {}, {}, {}};
  S.Callers = Head.transitiveCallers(*C.HeadId);
  S.OnPath.insert(S.Callers.begin(), S.Callers.end());
  S.OnPath.insert(*C.HeadId);
  S.Lines = changedLines(S.Fn, Ctx.Changes, C.Kind == ChangeKind::Added);
  if (S.Lines.empty())
    S.Lines.push_back({S.Fn.Line, S.Fn.EndLine});
  return S;
}

/// The tests that reach a function, by how they reach it.
struct Reach {
  /// Test functions on a call path, linked by RG_TESTED_BY, or seen only
  /// in the coverage (a registry, callback or function pointer).
  std::set<unsigned> Reaching, Linked, Covered;
  std::set<unsigned> Covering; ///< Coverage tests that cover it, by index.
  /// The coverage tests among them that are no test function, by name.
  std::vector<std::string> Names;
};

/// Who reaches \p S's function: its test callers, its RG_TESTED_BY tests
/// and the tests whose coverage has it.
Reach reachOf(const Subject &S) {
  const Program &Head = S.Ctx.Analysis.Head;
  const Policy &P = S.Ctx.Rules;
  Reach R;
  for (unsigned Caller : S.Callers)
    if (isTestFunction(Head.function(Caller), P))
      R.Reaching.insert(Caller);
  for (unsigned Id = 0; Id < Head.functions().size(); ++Id) {
    const FunctionFacts &T = Head.function(Id);
    if (isTestFunction(T, P) &&
        llvm::is_contained(S.C.Facts.TestedBy, testDisplayName(T)))
      R.Linked.insert(Id);
  }
  if (!S.Cov)
    return R;
  for (unsigned T : S.Cov->covering(S.Fn)) {
    R.Covering.insert(T);
    if (std::optional<unsigned> Id = S.Cov->function(T)) {
      R.Covered.insert(*Id);
      continue;
    }
    std::string Name = S.Cov->name(T).str();
    if (const DataTestRule *Rule = P.dataTestRule(Name))
      R.Names.push_back(dataTestName(Name, *Rule));
    else if (llvm::none_of(S.In.DataTests, [&](const ChangedDataTest &D) {
               return S.Cov->ofPath(D.Path) == T;
             }))
      R.Names.push_back(Name + " (coverage)");
  }
  return R;
}

/// What the data tests say of a function: the names of those that reach
/// it, why the changed ones among them do not count, and whether one does.
struct DataEvidence {
  std::vector<std::string> Names, NotCounted;
  bool Met = false;
};

/// The data tests that reach \p S's function: a changed one by its
/// coverage where that is known, else through what its reaches_via reach;
/// those the change leaves alone reach it all the same.
DataEvidence judgeDataTests(const Subject &S, const Reach &R) {
  const Policy &P = S.Ctx.Rules;
  const Program &Head = S.Ctx.Analysis.Head;
  const CoverageIndex *Cov = S.Cov;
  DataEvidence E;
  for (const ChangedDataTest &D : S.In.DataTests) {
    const DataTestRule &Rule = P.DataTests[D.Rule];
    std::optional<unsigned> CT =
        Cov ? Cov->ofPath(D.Path) : std::optional<unsigned>();
    bool Reaches = CT ? R.Covering.count(*CT) != 0
                      : dataTestReaches(Head, P, Rule, *S.C.HeadId);
    if (!Reaches)
      continue;
    if (!CT || !P.dataTestRule(Cov->name(*CT)))
      E.Names.push_back(dataTestName(D.Path, Rule));
    std::string Name = "'" + dataTestName(D.Path, Rule) + "'";
    if (!D.NotCounted.empty())
      E.NotCounted.push_back(Name + " changed, but " + D.NotCounted);
    else if (CT && !S.coversChange(*CT))
      E.NotCounted.push_back(Name + " changed, but its coverage has " +
                             "none of the changed lines of '" + S.C.Facts.Name +
                             "'");
    else
      E.Met = true;
  }
  for (const DataTestRule &Rule : P.DataTests)
    if (dataTestReaches(Head, P, Rule, *S.C.HeadId) &&
        llvm::none_of(S.In.DataTests, [&](const ChangedDataTest &D) {
          return D.Rule == Rule.Index;
        }))
      E.Names.push_back(dataTestName(Rule.Paths.front(), Rule));
  return E;
}

/// How one test that reaches a function stands to its change.
enum class TestVerdict {
  Unchanged,     ///< The change leaves the test alone.
  Counts,        ///< A test of the change.
  MissesLines,   ///< Its coverage has none of the changed lines.
  OffPath,       ///< No changed statement of it reaches the function.
  NoProjectCall, ///< No changed statement calls project code.
};

/// Whether test \p Id, which reaches \p S's function, is a test of its
/// change. A test on a call path counts when a changed statement reaches
/// the function; one RG_TESTED_BY or the coverage links, which has no call
/// path to follow, when a changed statement calls project code or asserts
/// on what it computed: a weaker form of evidence. With coverage of the
/// test, it must also run a changed line.
TestVerdict judgeTest(unsigned Id, const Subject &S, const Reach &R,
                      const ChangedTestUnits &Changed) {
  auto It = Changed.find(Id);
  if (It == Changed.end())
    return TestVerdict::Unchanged;
  const Program &Head = S.Ctx.Analysis.Head;
  const FunctionFacts &T = Head.function(Id);
  if (std::optional<unsigned> CT = S.Cov ? S.Cov->ofFunction(Id) : std::nullopt;
      CT && !S.coversChange(*CT))
    return TestVerdict::MissesLines;
  if (R.Reaching.count(Id))
    return changedUnitsReach(Head, T, It->second,
                             [&](unsigned F) { return S.OnPath.count(F) != 0; })
               ? TestVerdict::Counts
               : TestVerdict::OffPath;
  return changedUnitsReach(Head, T, It->second, [](unsigned) { return true; })
             ? TestVerdict::Counts
             : TestVerdict::NoProjectCall;
}

/// The changed tests that reach a function but do not count, by why.
struct Shortfalls {
  std::vector<std::string> OffPath, Linked, Covered, MissesLines, Data;

  bool any() const {
    return !OffPath.empty() || !Linked.empty() || !Covered.empty() ||
           !MissesLines.empty() || !Data.empty();
  }
};

/// What one function's tests show: the names of every test that reaches
/// it, why the changed ones do not count, and whether the policy's
/// requirement is met.
struct Evidence {
  std::vector<std::string> Names;
  Shortfalls Why;
  bool Met = false;
};

/// The evidence that \p S's change is tested.
Evidence gatherEvidence(const Subject &S, const ChangedTestUnits &Changed) {
  const Program &Head = S.Ctx.Analysis.Head;
  Reach R = reachOf(S);
  DataEvidence D = judgeDataTests(S, R);
  Evidence E;
  E.Names = std::move(R.Names);
  llvm::append_range(E.Names, D.Names);
  E.Why.Data = std::move(D.NotCounted);
  std::set<unsigned> All = R.Reaching;
  All.insert(R.Linked.begin(), R.Linked.end());
  All.insert(R.Covered.begin(), R.Covered.end());
  for (unsigned Id : All)
    E.Names.push_back(testDisplayName(Head.function(Id)));
  if (S.Ctx.Rules.Tests == TestRequirement::Exists) {
    E.Met = !E.Names.empty();
  } else if (D.Met) {
    E.Met = true;
  } else {
    // Every test is judged, not only up to the first that counts: the
    // finding names every reason.
    for (unsigned Id : All) {
      std::string Name = testDisplayName(Head.function(Id));
      switch (judgeTest(Id, S, R, Changed)) {
      case TestVerdict::Unchanged:
        break;
      case TestVerdict::Counts:
        E.Met = true;
        break;
      case TestVerdict::MissesLines:
        E.Why.MissesLines.push_back(Name);
        break;
      case TestVerdict::OffPath:
        E.Why.OffPath.push_back(Name);
        break;
      case TestVerdict::NoProjectCall:
        (R.Linked.count(Id) ? E.Why.Linked : E.Why.Covered).push_back(Name);
        break;
      }
    }
  }
  for (std::vector<std::string> *V : {&E.Names, &E.Why.OffPath, &E.Why.Linked,
                                      &E.Why.Covered, &E.Why.MissesLines}) {
    llvm::sort(*V);
    V->erase(llvm::unique(*V), V->end());
  }
  return E;
}

/// "; test 'A' changed, but ..." for each changed test that reaches
/// \p Function and does not count.
std::string shortfallText(const Shortfalls &W, llvm::StringRef Function) {
  std::string S;
  if (!W.OffPath.empty())
    S += "; " + notCounted(W.OffPath, Function, "");
  if (!W.Linked.empty())
    S += "; " + notCounted(W.Linked, Function, "RG_TESTED_BY");
  if (!W.Covered.empty())
    S += "; " + notCounted(W.Covered, Function, "its coverage");
  if (!W.MissesLines.empty())
    S += "; " + quotedTests(W.MissesLines) + " changed, but " +
         (W.MissesLines.size() == 1 ? "its" : "their") +
         " coverage has none of the changed lines of '" + Function.str() + "'";
  for (const std::string &D : W.Data)
    S += "; data test " + D;
  return S;
}

/// The message's start: what changed, and which tests reach it or that
/// none does.
std::string reachText(const Subject &S, const Evidence &E) {
  const ChangedFunction &C = S.C;
  std::string What = "logic of tier-1 function '" + C.Facts.Name +
                     "' (domain '" + C.Domain + "') ";
  // Without coverage only the call graph speaks, and it cannot follow a
  // registry, a stored callback or a plugin table.
  std::string NoTest =
      S.Cov ? "changed and no test reaches it, in the call graph or in the "
              "coverage of " +
                  count(S.Cov->size(), "test", "tests")
            : "changed and no statically visible test reaches it";
  std::string Reaching = count(E.Names.size(), "test reaches", "tests reach") +
                         " it (" + listNames(E.Names) + ")";
  if (S.Ctx.Rules.Tests == TestRequirement::Exists && E.Names.empty())
    return What + NoTest + ": add a test that calls it";
  if (E.Names.empty())
    return What + NoTest +
           ": add or change a test that calls it in the same change";
  if (E.Why.any())
    return What + "changed without a test change that reaches it: " + Reaching +
           shortfallText(E.Why, C.Facts.Name);
  return What +
         "changed without a change to a test that reaches it: " + Reaching +
         " and none is part of the change";
}

/// "; 2 coverage records of src/a.cc ignored as stale", or empty.
std::string staleCoverageText(const Subject &S) {
  if (!S.Cov || S.In.CoverageIgnored.empty())
    return {};
  const std::string &File = S.Fn.File;
  size_t Stale =
      llvm::count_if(S.In.CoverageIgnored, [&](const std::string &N) {
        return llvm::StringRef(N).contains(" " + File + ":") ||
               llvm::StringRef(N).contains(" " + File + " ");
      });
  if (!Stale)
    return {};
  return "; " + count(Stale, "coverage record", "coverage records") + " of " +
         File + " ignored as stale";
}

/// The finding's message for a function whose evidence falls short;
/// \p ChangedCount tests, data tests included, changed in all.
std::string untestedMessage(const Subject &S, const Evidence &E,
                            size_t ChangedCount) {
  std::string Message = reachText(S, E);
  // Changed tests that reach it are named above, with why they do not
  // count; otherwise say that the changed tests are elsewhere.
  if (!E.Why.any() && ChangedCount) {
    std::string None =
        "none of the " + count(ChangedCount, "changed test", "changed tests");
    Message +=
        E.Names.empty() ? " (" + None + " does)" : "; " + None + " reaches it";
  }
  if (E.Names.empty() && !S.Cov)
    Message += "; a test that reaches it through a registry or callback "
               "counts with --coverage or RG_TESTED_BY";
  return Message + staleCoverageText(S);
}

} // namespace

void Tier1UntestedChange::run(const CheckContext &Ctx,
                              std::vector<Finding> &Out) const {
  if (Ctx.Rules.Tests == TestRequirement::None)
    return;
  const TestInputs NoInputs;
  const TestInputs &In = Ctx.Tests ? *Ctx.Tests : NoInputs;
  ChangedTestUnits Changed = changedTests(Ctx);
  size_t ChangedCount = Changed.size() + In.DataTests.size();
  for (const ChangedFunction &C : Ctx.Analysis.Changed) {
    if (!isLogicChangeAtHead(C, TierKind::Tier1))
      continue;
    Subject S = subjectOf(C, Ctx, In);
    Evidence E = gatherEvidence(S, Changed);
    if (E.Met)
      continue;
    Finding F = makeFinding(RuleId, C.Facts);
    F.TestsReaching = E.Names;
    F.ChangeSummary = C.Summary;
    F.Blast = blastRadiusOf(*C.HeadId, Ctx);
    F.Message = untestedMessage(S, E, ChangedCount);
    applyWaiver(C, Ctx, F);
    setFingerprint(F, F.Function);
    Out.push_back(std::move(F));
  }
}

} // namespace riskguard
