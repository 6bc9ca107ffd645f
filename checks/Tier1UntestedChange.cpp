//===- Tier1UntestedChange.cpp - tier1-untested-change --------------------===//
//
// A tier-1 function's logic changed without a test that reaches it changing
// too. Reaching is over the whole-program call graph (virtual calls reach
// every override) from test bodies, plus RG_TESTED_BY links.
//
//===----------------------------------------------------------------------===//
#include "checks/Check.h"
#include "llvm/ADT/STLExtras.h"
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

} // namespace

void Tier1UntestedChange::run(const CheckContext &Ctx,
                              std::vector<Finding> &Out) const {
  const Policy &P = Ctx.Rules;
  if (P.Tests == TestRequirement::None)
    return;
  const Program &Head = Ctx.Analysis.Head;

  std::set<unsigned> ChangedTests;
  for (const ChangedFunction &C : Ctx.Analysis.Changed)
    if (C.IsTest && C.HeadId && C.Kind != ChangeKind::Cosmetic)
      ChangedTests.insert(*C.HeadId);

  for (const ChangedFunction &C : Ctx.Analysis.Changed) {
    if (C.TierKind != "tier1" || !C.HeadId ||
        (C.Kind != ChangeKind::Modified && C.Kind != ChangeKind::Added))
      continue;
    std::set<unsigned> Reaching;
    for (unsigned Caller : Head.transitiveCallers(*C.HeadId))
      if (isTestFunction(Head.function(Caller), P))
        Reaching.insert(Caller);
    for (unsigned Id = 0; Id < Head.functions().size(); ++Id) {
      const FunctionFacts &T = Head.function(Id);
      if (isTestFunction(T, P) &&
          llvm::is_contained(C.Facts.TestedBy, testDisplayName(T)))
        Reaching.insert(Id);
    }
    bool Met = P.Tests == TestRequirement::Exists
                   ? !Reaching.empty()
                   : llvm::any_of(Reaching, [&](unsigned Id) {
                       return ChangedTests.count(Id) != 0;
                     });
    if (Met)
      continue;

    std::vector<std::string> Names;
    for (unsigned Id : Reaching)
      Names.push_back(testDisplayName(Head.function(Id)));
    llvm::sort(Names);
    Names.erase(llvm::unique(Names), Names.end());

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
    } else {
      F.Message = What + "changed without a change to a test that reaches "
                         "it: " +
                  count(Names.size(), "test reaches", "tests reach") +
                  " it (" + listNames(Names) + ") and none is part of the " +
                  "change";
    }
    if (!ChangedTests.empty() && !Names.empty())
      F.Message += "; none of the " +
                   count(ChangedTests.size(), "changed test", "changed tests") +
                   " reaches it";
    else if (!ChangedTests.empty())
      F.Message += " (none of the " +
                   count(ChangedTests.size(), "changed test", "changed tests") +
                   " does)";
    applyWaiver(C, Ctx, F);
    setFingerprint(F, F.Function);
    Out.push_back(std::move(F));
  }
}

} // namespace riskguard
