//===- Tier1HighBlastRadius.cpp - tier1-high-blast-radius -----------------===//
//
// A changed function with more transitive callers than the policy's
// blast_radius.warn_callers: a small edit there spreads far. When it is
// high-risk (blast_radius.high_callers / high_entry_points) the message says
// so, and what tier1-unapproved-change asks of it.
//
//===----------------------------------------------------------------------===//
#include "checks/Check.h"
#include "llvm/ADT/StringExtras.h"

namespace riskguard {

void Tier1HighBlastRadius::run(const CheckContext &Ctx,
                               std::vector<Finding> &Out) const {
  const Policy &P = Ctx.Rules;
  unsigned Limit = P.WarnCallers;
  bool HighSet = P.HighCallers || P.HighEntryPoints;
  if (Limit == 0 && !HighSet)
    return;
  for (const ChangedFunction &C : Ctx.Analysis.Changed) {
    if (!C.HeadId || C.IsTest || C.Kind != ChangeKind::Modified)
      continue;
    BlastRadius B = blastRadiusOf(*C.HeadId, Ctx);
    bool Over = Limit && B.Callers > Limit;
    std::string HighWhy = highBlastRadiusReason(B, P);
    if (!Over && HighWhy.empty())
      continue;
    Finding F = makeFinding(RuleId, C.Facts);
    F.ChangeSummary = C.Summary;
    F.Message = "'" + C.Facts.Name + "' has " + std::to_string(B.Callers) +
                " transitive callers" +
                (Over ? ", more than the " + std::to_string(Limit) +
                            " the policy allows before calling it out "
                            "(blast_radius.warn_callers)"
                      : std::string()) +
                "; entry points: " +
                (B.EntryPoints.empty() ? std::string("none")
                                       : listNames(B.EntryPoints));
    if (!HighWhy.empty()) {
      F.Message += "; it is a high-blast-radius change (" + HighWhy + ")";
      std::vector<std::string> Needs;
      if (P.HighMinApprovals)
        Needs.push_back(
            std::to_string(*P.HighMinApprovals) +
            (*P.HighMinApprovals == 1 ? " approval" : " approvals"));
      if (!P.HighRequireTeam.empty())
        Needs.push_back("an approval from team '" + P.HighRequireTeam + "'");
      if (!Needs.empty() && C.TierKind != TierKind::None)
        F.Message += " and needs " + llvm::join(Needs, " and ");
    }
    F.Blast = std::move(B);
    setFingerprint(F, F.Function);
    Out.push_back(std::move(F));
  }
}

} // namespace riskguard
