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
                       llvm::StringRef Function, bool Linked) {
  std::string Them = Names.size() == 1 ? "it" : "them";
  if (Linked)
    return quotedTests(Names) + " (linked by RG_TESTED_BY) changed, but no " +
           "changed statement of " + Them + " calls a project function or " +
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

  for (const ChangedFunction &C : Ctx.Analysis.Changed) {
    if (C.TierKind != "tier1" || !C.HeadId ||
        (C.Kind != ChangeKind::Modified && C.Kind != ChangeKind::Added))
      continue;
    std::vector<unsigned> Callers = Head.transitiveCallers(*C.HeadId);
    std::set<unsigned> Reaching, Linked;
    for (unsigned Caller : Callers)
      if (isTestFunction(Head.function(Caller), P))
        Reaching.insert(Caller);
    for (unsigned Id = 0; Id < Head.functions().size(); ++Id) {
      const FunctionFacts &T = Head.function(Id);
      if (isTestFunction(T, P) &&
          llvm::is_contained(C.Facts.TestedBy, testDisplayName(T)))
        Linked.insert(Id);
    }
    std::set<unsigned> OnPath(Callers.begin(), Callers.end());
    OnPath.insert(*C.HeadId);
    // A test on a call path counts when a changed statement reaches the
    // function; one RG_TESTED_BY links, which has no call path to follow,
    // when a changed statement calls project code or asserts on what it
    // computed: a weaker form of evidence, declared by the function.
    auto Counts = [&](unsigned Id) {
      auto It = ChangedTests.find(Id);
      if (It == ChangedTests.end())
        return false;
      const FunctionFacts &T = Head.function(Id);
      if (Reaching.count(Id) &&
          changedUnitsReach(Head, T, It->second,
                            [&](unsigned F) { return OnPath.count(F) != 0; }))
        return true;
      return Linked.count(Id) &&
             changedUnitsReach(Head, T, It->second,
                               [](unsigned) { return true; });
    };
    std::set<unsigned> All = Reaching;
    All.insert(Linked.begin(), Linked.end());
    bool Met = P.Tests == TestRequirement::Exists ? !All.empty()
                                                  : llvm::any_of(All, Counts);
    if (Met)
      continue;
    // Reaching tests that changed without counting, by why.
    std::vector<std::string> OnPathChanged, LinkedChanged;
    if (P.Tests == TestRequirement::Changed)
      for (unsigned Id : All)
        if (ChangedTests.count(Id))
          (Reaching.count(Id) ? OnPathChanged : LinkedChanged)
              .push_back(testDisplayName(Head.function(Id)));
    std::vector<std::string> Names;
    for (unsigned Id : All)
      Names.push_back(testDisplayName(Head.function(Id)));
    for (std::vector<std::string> *V :
         {&Names, &OnPathChanged, &LinkedChanged}) {
      llvm::sort(*V);
      V->erase(llvm::unique(*V), V->end());
    }
    bool ChangedReaching = !OnPathChanged.empty() || !LinkedChanged.empty();

    Finding F;
    F.Rule = RuleId.str();
    F.Function = C.Facts.Name;
    F.File = C.Facts.File;
    F.Line = C.Facts.Line;
    F.Column = C.Facts.Column;
    F.EndLine = C.Facts.EndLine;
    F.TestsReaching = Names;
    F.ChangeSummary = C.Summary;
    F.Blast = blastRadiusOf(*C.HeadId, Ctx);
    std::string What = "logic of tier-1 function '" + C.Facts.Name +
                       "' (domain '" + C.Domain + "') ";
    if (P.Tests == TestRequirement::Exists) {
      F.Message = What + "changed and no test reaches it: add a test that "
                         "calls it";
    } else if (Names.empty()) {
      F.Message = What + "changed and no test reaches it: add or change a "
                         "test that calls it in the same change";
    } else if (ChangedReaching) {
      F.Message = What + "changed without a test change that reaches it: " +
                  count(Names.size(), "test reaches", "tests reach") + " it (" +
                  listNames(Names) + ")";
      if (!OnPathChanged.empty())
        F.Message += "; " + notCounted(OnPathChanged, C.Facts.Name, false);
      if (!LinkedChanged.empty())
        F.Message += "; " + notCounted(LinkedChanged, C.Facts.Name, true);
    } else {
      F.Message = What + "changed without a change to a test that reaches "
                         "it: " +
                  count(Names.size(), "test reaches", "tests reach") +
                  " it (" + listNames(Names) + ") and none is part of the " +
                  "change";
    }
    // Changed tests that reach it are named above, with why they do not
    // count; otherwise say that the changed tests are elsewhere.
    if (!ChangedReaching && !ChangedTests.empty()) {
      std::string None =
          "none of the " +
          count(ChangedTests.size(), "changed test", "changed tests");
      F.Message +=
          Names.empty() ? " (" + None + " does)" : "; " + None + " reaches it";
    }
    applyWaiver(C, Ctx, F);
    setFingerprint(F, F.Function);
    Out.push_back(std::move(F));
  }
}

} // namespace riskguard
