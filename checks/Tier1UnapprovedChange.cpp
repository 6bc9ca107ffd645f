//===- Tier1UnapprovedChange.cpp - tier1-unapproved-change ----------------===//
//
// A tier-1 change needs the approvals its code asks for: a number
// (RG_MIN_APPROVALS, else the domain's, else the policy's), an owner's when
// the policy or RG_OWNERS asks, and, for an AI-assisted change, more
// approvals and one from the required team. The author never counts.
//
//===----------------------------------------------------------------------===//
#include "checks/Check.h"
#include "llvm/ADT/STLExtras.h"
#include <algorithm>

namespace riskguard {

void Tier1UnapprovedChange::run(const CheckContext &Ctx,
                                std::vector<Finding> &Out) const {
  const Policy &P = Ctx.Rules;
  const ReviewContext &Review = Ctx.Review;
  std::vector<std::string> Have;
  for (const Approval &A : Review.Approvals)
    Have.push_back(A.Who);

  for (const ChangedFunction &C : Ctx.Analysis.Changed) {
    if (C.TierKind != "tier1" ||
        (C.Kind != ChangeKind::Modified && C.Kind != ChangeKind::Added))
      continue;
    ApprovalRequirement Req = approvalRequirement(C.Facts, C.Domain, Ctx);
    unsigned Need = Req.Need;
    std::vector<std::string> Problems;
    if (Have.size() < Need)
      Problems.push_back("needs " + std::to_string(Need) +
                         (Need == 1 ? " approval" : " approvals") +
                         Req.NeedWhy + ", has " + std::to_string(Have.size()) +
                         (Have.empty() ? "" : " (" + listNames(Have) + ")"));
    const std::vector<std::string> &Owners = Req.Owners;
    if (Req.NeedsOwner && !ownerApproval(Owners, Ctx))
      Problems.push_back(
          Owners.empty()
              ? std::string("needs an owner's approval, but no owner is "
                            "declared for it (RG_OWNERS, the domain's owners "
                            "or CODEOWNERS)")
              : "needs an approval from an owner (" + listNames(Owners) + ")");
    for (const TeamRequirement &T : Req.Teams)
      if (llvm::none_of(Have, [&](const std::string &Who) {
            return isTeamMember(Who, T.Team, P);
          }))
        Problems.push_back("needs an approval from team '" + T.Team + "'" +
                           T.Why);
    if (Problems.empty())
      continue;

    Finding F;
    F.Rule = RuleId.str();
    F.Function = C.Facts.Name;
    F.File = C.Facts.File;
    F.Line = C.Facts.Line;
    F.Column = C.Facts.Column;
    F.EndLine = C.Facts.EndLine;
    F.ChangeSummary = C.Summary;
    F.Approvals = ApprovalStatus{Have, Need};
    F.Message = "change to tier-1 function '" + C.Facts.Name + "' (domain '" +
                C.Domain + "') ";
    for (size_t I = 0; I < Problems.size(); ++I)
      F.Message += (I ? "; it " : "") + Problems[I];
    if (!Review.AIAssisted.empty())
      F.Message += "; AI-assisted: " + Review.AIAssisted;
    if (!Review.Ignored.empty())
      F.Message += "; not counted: " + listNames(Review.Ignored);
    setFingerprint(F, F.Function);
    Out.push_back(std::move(F));
  }
}

} // namespace riskguard
