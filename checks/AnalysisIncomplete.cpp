//===- AnalysisIncomplete.cpp - analysis-incomplete -----------------------===//
//
// A changed or tier-1 file could not be analyzed. riskguard fails closed:
// what it could not see it cannot pass.
//
//===----------------------------------------------------------------------===//
#include "checks/Check.h"

namespace riskguard {

void AnalysisIncomplete::run(const CheckContext &Ctx,
                             std::vector<Finding> &Out) const {
  for (const IncompleteFile &I : Ctx.Analysis.Incomplete) {
    Finding F = makeFinding(RuleId, I.File, I.Line ? I.Line : 1,
                            I.Column ? I.Column : 1);
    F.Message = "could not analyze '" + I.File + "': " + I.Reason +
                "; riskguard cannot pass what it cannot see";
    setFingerprint(F, I.File);
    Out.push_back(std::move(F));
  }
}

} // namespace riskguard
