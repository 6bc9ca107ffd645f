//===- Risk.cpp - How risky a finding's subject is, and why ---------------===//
//
// Reviewers get one word and its reasons. Every reason is a rule of the
// policy that applied: tier-1 code, AI assistance, an `authors` rule, a
// wide blast radius, a missing test or explanation. Tier-1 code is medium
// risk by itself and high with any other reason.
//
//===----------------------------------------------------------------------===//
#include "checks/Check.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace riskguard {

namespace {

int rank(llvm::StringRef Level) {
  return Level == "high" ? 2 : Level == "medium" ? 1 : 0;
}

void add(std::vector<std::string> &Reasons, std::string Reason) {
  if (!llvm::is_contained(Reasons, Reason))
    Reasons.push_back(std::move(Reason));
}

} // namespace

void assessRisk(std::vector<Finding> &Findings, const CheckContext &Ctx,
                RiskAssessment &Overall) {
  const Policy &P = Ctx.Rules;
  // Reasons that hold for the whole change.
  std::vector<std::string> ChangeReasons;
  if (!Ctx.Review.AIAssisted.empty())
    ChangeReasons.push_back("AI-assisted (" + Ctx.Review.AIAssisted + ")");
  for (const AuthorRule *A : authorRules(Ctx))
    ChangeReasons.push_back("author " + Ctx.Review.Author +
                            " falls under authors rule " +
                            llvm::join(A->Members, ", "));
  bool Undocumented = llvm::any_of(Findings, [](const Finding &F) {
    return F.Rule == Tier1UndocumentedChange::RuleId;
  });
  if (Undocumented)
    ChangeReasons.push_back("undocumented");

  for (Finding &F : Findings) {
    std::vector<std::string> Reasons;
    bool Tier1 = false;
    const ChangedFunction *C = nullptr;
    for (const ChangedFunction &Candidate : Ctx.Analysis.Changed)
      if (!F.Function.empty() && Candidate.Facts.Name == F.Function &&
          Candidate.Facts.File == F.File)
        C = &Candidate;
    if (C && C->TierKind == TierKind::Tier1) {
      Tier1 = true;
      add(Reasons, "tier-1 domain '" + C->Domain + "'");
    } else if (C && C->TierKind == TierKind::Indirect) {
      Tier1 = true;
      add(Reasons, "reached by tier-1 code of domain '" + C->Domain + "'");
    } else if (F.Function.empty() && F.Rule == Tier1UnapprovedChange::RuleId) {
      // A price table or feature flag a path rule makes tier-1.
      std::optional<std::string> Domain = P.ruleDomain(F.File, "");
      if (!Domain)
        Domain = Ctx.BaseRules.ruleDomain(F.File, "");
      Tier1 = true;
      add(Reasons, "tier-1 domain '" + Domain.value_or("") + "'");
    } else if (F.Rule == Tier1MarkingRemoved::RuleId ||
               F.Rule == AnalysisIncomplete::RuleId ||
               F.Rule == PolicyChanged::RuleId) {
      Tier1 = true;
      add(Reasons, F.Rule == AnalysisIncomplete::RuleId ? "not analyzed"
                   : F.Rule == PolicyChanged::RuleId
                       ? "policy changed"
                       : "tier-1 marking removed");
    }
    bool Raised = false;
    if (Tier1)
      for (const std::string &R : ChangeReasons) {
        add(Reasons, R);
        Raised = true;
      }
    if (C && C->HeadId) {
      BlastRadius B = blastRadiusOf(*C->HeadId, Ctx);
      std::string High = highBlastRadiusReason(B, P);
      if (!High.empty()) {
        add(Reasons, "high blast radius (" + High + ")");
        Raised = true;
      } else if (P.WarnCallers && B.Callers >= P.WarnCallers) {
        add(Reasons,
            "wide blast radius (" + std::to_string(B.Callers) + " callers)");
        Raised = true;
      }
    }
    if (C && llvm::any_of(Findings, [&](const Finding &Other) {
          return Other.Rule == Tier1UntestedChange::RuleId && Other.Blocking &&
                 Other.Function == F.Function && Other.File == F.File;
        })) {
      add(Reasons, "no test of the change");
      Raised = true;
    }
    if (F.Rule == AnalysisIncomplete::RuleId ||
        F.Rule == Tier1MarkingRemoved::RuleId)
      Raised = true;
    F.Risk.Level =
        Tier1 ? (Raised ? "high" : "medium") : (Raised ? "medium" : "low");
    F.Risk.Reasons = std::move(Reasons);
  }

  // The change is as risky as its riskiest finding, for the same reasons.
  for (const Finding &F : Findings)
    if (rank(F.Risk.Level) > rank(Overall.Level))
      Overall.Level = F.Risk.Level;
  for (const Finding &F : Findings)
    if (F.Risk.Level == Overall.Level)
      for (const std::string &R : F.Risk.Reasons)
        add(Overall.Reasons, R);
}

} // namespace riskguard
