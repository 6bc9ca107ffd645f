//===- Tier1HighBlastRadius.cpp - tier1-high-blast-radius -----------------===//
//
// A changed function with more transitive callers than the policy's
// blast_radius.warn_callers: a small edit there spreads far.
//
//===----------------------------------------------------------------------===//
#include "checks/Check.h"

namespace riskguard {

void Tier1HighBlastRadius::run(const CheckContext &Ctx,
                               std::vector<Finding> &Out) const {
  unsigned Limit = Ctx.Rules.WarnCallers;
  if (Limit == 0)
    return;
  for (const ChangedFunction &C : Ctx.Analysis.Changed) {
    if (!C.HeadId || C.IsTest || C.Kind != ChangeKind::Modified)
      continue;
    BlastRadius B = blastRadiusOf(*C.HeadId, Ctx);
    if (B.Callers <= Limit)
      continue;
    Finding F;
    F.Rule = RuleId.str();
    F.Level = Severity::Warning;
    F.Blocking = false;
    F.Function = C.Facts.Name;
    F.File = C.Facts.File;
    F.Line = C.Facts.Line;
    F.Column = C.Facts.Column;
    F.EndLine = C.Facts.EndLine;
    F.ChangeSummary = C.Summary;
    F.Message = "'" + C.Facts.Name + "' has " + std::to_string(B.Callers) +
                " transitive callers, more than the " + std::to_string(Limit) +
                " the policy allows before calling it out (blast_radius." +
                "warn_callers); entry points: " +
                (B.EntryPoints.empty() ? std::string("none")
                                       : listNames(B.EntryPoints));
    F.Blast = std::move(B);
    setFingerprint(F, F.Function);
    Out.push_back(std::move(F));
  }
}

} // namespace riskguard
