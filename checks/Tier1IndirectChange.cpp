//===- Tier1IndirectChange.cpp - tier1-indirect-change --------------------===//
//
// A helper that tier-1 code calls changes what tier-1 code does, though no
// path rule or annotation covers it: the change is called out with the
// closest tier-1 callers, and blocks when the policy says `indirect: block`
// unless an owner of their code approved.
//
//===----------------------------------------------------------------------===//
#include "checks/Check.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace riskguard {

namespace {

/// The tier-1 code that calls a function most closely: the callers at the
/// smallest call distance, their domains and their owners.
struct TierOneCallers {
  std::vector<std::string> Callers;         ///< "'name' (domain)", sorted.
  std::vector<std::string> Domains, Owners; ///< Sorted and unique.
  size_t Distance = 0; ///< Functions on the path, both ends included.
};

/// The closest tier-1 callers of head function \p HeadId.
TierOneCallers closestTier1Callers(unsigned HeadId, const CheckContext &Ctx) {
  const Program &Head = Ctx.Analysis.Head;
  TierOneCallers T;
  for (const std::vector<unsigned> &Path : Head.callerPaths(HeadId)) {
    const FunctionFacts &Caller = Head.function(Path.front());
    Tier CallerTier = resolveTier(Caller, Ctx.Rules);
    if (!CallerTier.isTier1() || (T.Distance && Path.size() > T.Distance))
      continue;
    T.Distance = Path.size();
    T.Callers.push_back("'" + Caller.Name + "' (" + CallerTier.Domain + ")");
    T.Domains.push_back(CallerTier.Domain);
    for (std::string &O : ownersOf(Caller, CallerTier.Domain, Ctx, Ctx.Rules))
      T.Owners.push_back(std::move(O));
  }
  llvm::sort(T.Callers);
  for (std::vector<std::string> *V : {&T.Domains, &T.Owners}) {
    llvm::sort(*V);
    V->erase(llvm::unique(*V), V->end());
  }
  return T;
}

/// Under `indirect: block`, makes \p F a blocking error unless an owner of
/// the callers' code approved; under `warn`, says how to review it.
void applyIndirectMode(Finding &F, const TierOneCallers &T,
                       const CheckContext &Ctx) {
  if (Ctx.Rules.Indirect != IndirectMode::Block) {
    std::string Names = T.Domains.back();
    if (T.Domains.size() > 1)
      Names = llvm::join(llvm::ArrayRef(T.Domains).drop_back(), ", ") +
              " and " + T.Domains.back();
    F.Message += "; review it as a change to " + Names + " code";
    return;
  }
  if (std::optional<std::string> By = ownerApproval(T.Owners, Ctx)) {
    F.Level = Severity::Note;
    F.Blocking = false;
    F.Message += "; approved by owner " + *By;
    return;
  }
  F.Level = Severity::Error;
  F.Blocking = true;
  F.Message += "; needs an approval from an owner of that code (" +
               (T.Owners.empty() ? std::string("none is declared")
                                 : listNames(T.Owners)) +
               ")";
}

} // namespace

void Tier1IndirectChange::run(const CheckContext &Ctx,
                              std::vector<Finding> &Out) const {
  if (Ctx.Rules.Indirect == IndirectMode::Ignore)
    return;
  for (const ChangedFunction &C : Ctx.Analysis.Changed) {
    if (!isLogicChangeAtHead(C, TierKind::Indirect))
      continue;
    TierOneCallers T = closestTier1Callers(*C.HeadId, Ctx);
    Finding F = makeFinding(RuleId, C.Facts);
    F.ChangeSummary = C.Summary;
    F.Blast = blastRadiusOf(*C.HeadId, Ctx);
    F.Message = "logic of '" + C.Facts.Name + "' changed and tier-1 code " +
                "calls it" +
                (T.Distance > 2 ? " through other functions" : "") + ": " +
                listNames(T.Callers);
    applyIndirectMode(F, T, Ctx);
    setFingerprint(F, F.Function);
    Out.push_back(std::move(F));
  }
}

} // namespace riskguard
