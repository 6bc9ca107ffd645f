//===- Tier1UnapprovedChange.cpp - tier1-unapproved-change ----------------===//
//
// A tier-1 change needs the approvals its code asks for: a number
// (RG_MIN_APPROVALS, else the domain's, else the policy's), an owner's when
// the policy or RG_OWNERS asks, and, for an AI-assisted change, more
// approvals and one from the required team. A high-blast-radius change
// (blast_radius.high_callers / high_entry_points), also of code tier-1 code
// reaches, needs blast_radius.high_min_approvals and one from
// high_require_team. A change to a non-C++ file a path rule makes tier-1
// (a price table, a feature flag) is held to its domain's approvals, by the
// head's rules and the base's alike. The author never counts.
//
//===----------------------------------------------------------------------===//
#include "checks/Check.h"
#include "checks/Tier1Change.h"
#include "repo/Repository.h"
#include "llvm/ADT/STLExtras.h"
#include <algorithm>

namespace riskguard {

namespace {

/// What review a change lacks, each problem a phrase after "needs".
struct Shortfall {
  unsigned Need = 0;
  std::vector<std::string> Problems;
};

/// Compares the approvals given with \p Req, raised to
/// blast_radius.high_min_approvals and high_require_team when \p HighWhy
/// (why the change is high-risk) is not empty.
Shortfall shortfall(const ApprovalRequirement &Req, llvm::StringRef HighWhy,
                    llvm::ArrayRef<std::string> Have, const CheckContext &Ctx) {
  const Policy &P = Ctx.Rules;
  bool High = !HighWhy.empty();
  Shortfall S;
  S.Need = Req.Need;
  std::string NeedWhy = Req.NeedWhy;
  bool RaisedByHigh = false;
  if (High && P.HighMinApprovals && *P.HighMinApprovals > S.Need) {
    S.Need = *P.HighMinApprovals;
    NeedWhy = " as a high-blast-radius change (" + HighWhy.str() + ")";
    RaisedByHigh = true;
  }
  bool Short = Have.size() < S.Need;
  if (Short)
    S.Problems.push_back("needs " + approvalCount(S.Need) + NeedWhy + ", has " +
                         std::to_string(Have.size()) +
                         (Have.empty() ? "" : " (" + listNames(Have) + ")"));
  const std::vector<std::string> &Owners = Req.Owners;
  if (Req.NeedsOwner && !ownerApproval(Owners, Ctx))
    S.Problems.push_back(
        Owners.empty()
            ? std::string("needs an owner's approval, but no owner is "
                          "declared for it (RG_OWNERS, the domain's owners "
                          "or CODEOWNERS)")
            : "needs an approval from " + anOwnerOf(Owners));
  std::vector<TeamRequirement> Teams = Req.Teams;
  if (High && !P.HighRequireTeam.empty())
    // The reason goes with the first problem that names it.
    Teams.push_back({P.HighRequireTeam,
                     " as a high-blast-radius change" +
                         (RaisedByHigh && Short ? std::string()
                                                : " (" + HighWhy.str() + ")")});
  // One problem per team, with every reason that asks for it.
  std::vector<std::pair<std::string, std::string>> ByTeam;
  for (const TeamRequirement &T : Teams) {
    if (llvm::any_of(Have, [&](const std::string &Who) {
          return isTeamMember(Who, T.Team, P);
        }))
      continue;
    auto It =
        llvm::find_if(ByTeam, [&](const auto &E) { return E.first == T.Team; });
    if (It == ByTeam.end())
      ByTeam.push_back({T.Team, T.Why});
    else if (!T.Why.empty())
      It->second += " and" + T.Why;
  }
  for (const auto &[Team, Why] : ByTeam)
    S.Problems.push_back("needs an approval from team '" + Team + "'" + Why);
  return S;
}

/// Appends what every finding of the rule says after its problems.
void finish(Finding &F, const Shortfall &S, llvm::ArrayRef<std::string> Have,
            const CheckContext &Ctx) {
  for (size_t I = 0; I < S.Problems.size(); ++I)
    F.Message += (I ? "; it " : "") + S.Problems[I];
  if (!Ctx.Review.AIAssisted.empty())
    F.Message += "; AI-assisted: " + Ctx.Review.AIAssisted;
  if (!Ctx.Review.Ignored.empty())
    F.Message += "; not counted: " + listNames(Ctx.Review.Ignored);
  F.Approvals = ApprovalStatus{std::vector<std::string>(Have), S.Need};
}

} // namespace

void Tier1UnapprovedChange::run(const CheckContext &Ctx,
                                std::vector<Finding> &Out) const {
  const Policy &P = Ctx.Rules;
  std::vector<std::string> Have;
  for (const Approval &A : Ctx.Review.Approvals)
    Have.push_back(A.Who);

  for (const ChangedFunction &C : Ctx.Analysis.Changed) {
    bool Tier1 = isLogicChange(C, TierKind::Tier1);
    if (!Tier1 && (!isLogicChange(C, TierKind::Indirect) || C.IsTest))
      continue;
    std::string HighWhy =
        C.HeadId ? highBlastRadiusReason(blastRadiusOf(*C.HeadId, Ctx), P)
                 : std::string();
    // Code tier-1 code reaches is held only to the high-blast-radius bar.
    if (!Tier1 && HighWhy.empty())
      continue;
    ApprovalRequirement Req;
    if (Tier1)
      Req = approvalRequirement(C.Facts, C.Domain, Ctx);
    Shortfall S = shortfall(Req, HighWhy, Have, Ctx);
    if (S.Problems.empty())
      continue;

    Finding F = makeFinding(RuleId, C.Facts);
    F.ChangeSummary = C.Summary;
    F.Message = Tier1 ? "change to tier-1 function '" + C.Facts.Name +
                            "' (domain '" + C.Domain + "') "
                      : "change to '" + C.Facts.Name +
                            "', which tier-1 code calls (domain '" + C.Domain +
                            "'), ";
    finish(F, S, Have, Ctx);
    setFingerprint(F, F.Function);
    Out.push_back(std::move(F));
  }

  for (const FileChange &FC : Ctx.Changes.Files) {
    const TierRule *Rule = dataFileRule(FC, Ctx);
    if (!Rule)
      continue;
    std::vector<std::string> Paths;
    for (const std::string *Path : {&FC.OldPath, &FC.NewPath})
      if (!Path->empty())
        Paths.push_back(*Path);
    Shortfall S = shortfall(fileApprovalRequirement(Paths, Rule->Domain, Ctx),
                            "", Have, Ctx);
    if (S.Problems.empty())
      continue;
    Finding F = makeFinding(RuleId, FC);
    F.Message = "change to tier-1 file '" + FC.path() + "'" + " (" +
                (FC.Status == FileStatus::Renamed
                     ? "renamed from '" + FC.OldPath + "'; "
                     : std::string()) +
                "domain '" + Rule->Domain + "', policy rule at line " +
                std::to_string(Rule->Line) + ") ";
    finish(F, S, Have, Ctx);
    setFingerprint(F, F.File);
    Out.push_back(std::move(F));
  }
}

} // namespace riskguard
