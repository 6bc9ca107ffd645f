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

/// The reasons that hold for the whole change: AI assistance, `authors`
/// rules its author falls under, and a missing explanation.
std::vector<std::string> changeReasons(llvm::ArrayRef<Finding> Findings,
                                       const CheckContext &Ctx) {
  std::vector<std::string> Reasons;
  if (!Ctx.Review.AIAssisted.empty())
    Reasons.push_back("AI-assisted (" + Ctx.Review.AIAssisted + ")");
  for (const AuthorRule *A : authorRules(Ctx))
    Reasons.push_back("author " + Ctx.Review.Author +
                      " falls under authors rule " +
                      llvm::join(A->Members, ", "));
  if (llvm::any_of(Findings, [](const Finding &F) {
        return F.Rule == Tier1UndocumentedChange::RuleId;
      }))
    Reasons.push_back("undocumented");
  return Reasons;
}

/// The changed function \p F is about (the last of that name in its
/// file), or null for a finding about no changed function. An invalid
/// annotation is about the annotation, not the logic of what carries it.
const ChangedFunction *changedFunctionOf(const Finding &F,
                                         const CheckContext &Ctx) {
  const ChangedFunction *C = nullptr;
  if (F.Rule == AnnotationInvalid::RuleId)
    return C;
  for (const ChangedFunction &Candidate : Ctx.Analysis.Changed)
    if (!F.Function.empty() && Candidate.Facts.Name == F.Function &&
        Candidate.Facts.File == F.File)
      C = &Candidate;
  return C;
}

/// Why what \p F is about counts as tier-1 (its domain, tier-1 callers, a
/// tier-1 data file, or a rule about tier-1 marking, analysis or policy),
/// or nothing when it does not.
std::optional<std::string> tierReason(const Finding &F,
                                      const ChangedFunction *C,
                                      const CheckContext &Ctx) {
  if (C && C->TierKind == TierKind::Tier1)
    return "tier-1 domain '" + C->Domain + "'";
  if (C && C->TierKind == TierKind::Indirect)
    return "reached by tier-1 code of domain '" + C->Domain + "'";
  if (F.Function.empty() && F.Rule == Tier1UnapprovedChange::RuleId) {
    // A price table or feature flag a path rule makes tier-1.
    std::optional<std::string> Domain = Ctx.Rules.ruleDomain(F.File, "");
    if (!Domain)
      Domain = Ctx.BaseRules.ruleDomain(F.File, "");
    return "tier-1 domain '" + Domain.value_or("") + "'";
  }
  if (F.Rule == AnalysisIncomplete::RuleId)
    return std::string("not analyzed");
  if (F.Rule == PolicyChanged::RuleId)
    return std::string("policy changed");
  if (F.Rule == Tier1MarkingRemoved::RuleId)
    return std::string("tier-1 marking removed");
  return std::nullopt;
}

/// The blast-radius reason of changed function \p C, or empty when its
/// callers are few.
std::string blastReason(const ChangedFunction &C, const CheckContext &Ctx) {
  if (!C.HeadId)
    return {};
  BlastRadius B = blastRadiusOf(*C.HeadId, Ctx);
  std::string High = highBlastRadiusReason(B, Ctx.Rules);
  if (!High.empty())
    return "high blast radius (" + High + ")";
  if (Ctx.Rules.WarnCallers && B.Callers >= Ctx.Rules.WarnCallers)
    return "wide blast radius (" + std::to_string(B.Callers) + " callers)";
  return {};
}

/// The risk of \p F among \p Findings: medium for tier-1 code, high with
/// any other reason (low and medium for other code).
RiskAssessment assessFinding(const Finding &F, llvm::ArrayRef<Finding> Findings,
                             llvm::ArrayRef<std::string> ChangeReasons,
                             const CheckContext &Ctx) {
  RiskAssessment Risk;
  const ChangedFunction *C = changedFunctionOf(F, Ctx);
  std::optional<std::string> Tier1 = tierReason(F, C, Ctx);
  bool Raised = false;
  if (Tier1) {
    add(Risk.Reasons, *Tier1);
    for (const std::string &R : ChangeReasons) {
      add(Risk.Reasons, R);
      Raised = true;
    }
  }
  if (std::string Blast = C ? blastReason(*C, Ctx) : ""; !Blast.empty()) {
    add(Risk.Reasons, Blast);
    Raised = true;
  }
  if (C && llvm::any_of(Findings, [&](const Finding &Other) {
        return Other.Rule == Tier1UntestedChange::RuleId && Other.Blocking &&
               Other.Function == F.Function && Other.File == F.File;
      })) {
    add(Risk.Reasons, "no test of the change");
    Raised = true;
  }
  if (F.Rule == AnalysisIncomplete::RuleId ||
      F.Rule == Tier1MarkingRemoved::RuleId)
    Raised = true;
  Risk.Level =
      Tier1 ? (Raised ? "high" : "medium") : (Raised ? "medium" : "low");
  return Risk;
}

} // namespace

void assessRisk(std::vector<Finding> &Findings, const CheckContext &Ctx,
                RiskAssessment &Overall) {
  std::vector<std::string> ChangeReasons = changeReasons(Findings, Ctx);
  for (Finding &F : Findings)
    F.Risk = assessFinding(F, Findings, ChangeReasons, Ctx);

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
