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

void Tier1IndirectChange::run(const CheckContext &Ctx,
                              std::vector<Finding> &Out) const {
  const Policy &P = Ctx.Rules;
  if (P.Indirect == IndirectMode::Ignore)
    return;
  const Program &Head = Ctx.Analysis.Head;
  for (const ChangedFunction &C : Ctx.Analysis.Changed) {
    if (!isLogicChangeAtHead(C, TierKind::Indirect))
      continue;
    // The closest tier-1 callers: those at the smallest call distance.
    std::vector<std::string> Callers, Owners, Domains;
    size_t Distance = 0;
    for (const std::vector<unsigned> &Path : Head.callerPaths(*C.HeadId)) {
      const FunctionFacts &Caller = Head.function(Path.front());
      Tier T = resolveTier(Caller, P);
      if (!T.isTier1() || (Distance && Path.size() > Distance))
        continue;
      Distance = Path.size();
      Callers.push_back("'" + Caller.Name + "' (" + T.Domain + ")");
      Domains.push_back(T.Domain);
      for (std::string &O : ownersOf(Caller, T.Domain, Ctx, P))
        Owners.push_back(std::move(O));
    }
    llvm::sort(Callers);
    llvm::sort(Domains);
    Domains.erase(llvm::unique(Domains), Domains.end());
    llvm::sort(Owners);
    Owners.erase(llvm::unique(Owners), Owners.end());

    Finding F = makeFinding(RuleId, C.Facts);
    F.ChangeSummary = C.Summary;
    F.Blast = blastRadiusOf(*C.HeadId, Ctx);
    F.Message = "logic of '" + C.Facts.Name + "' changed and tier-1 code " +
                "calls it" + (Distance > 2 ? " through other functions" : "") +
                ": " + listNames(Callers);
    if (P.Indirect == IndirectMode::Block) {
      // `indirect: block` makes the rule's warning a blocking error.
      F.Level = Severity::Error;
      F.Blocking = true;
      std::optional<std::string> By = ownerApproval(Owners, Ctx);
      if (By) {
        F.Level = Severity::Note;
        F.Blocking = false;
        F.Message += "; approved by owner " + *By;
      } else {
        F.Message += "; needs an approval from an owner of that code (" +
                     (Owners.empty() ? std::string("none is declared")
                                     : listNames(Owners)) +
                     ")";
      }
    } else {
      std::string Names = Domains.back();
      if (Domains.size() > 1)
        Names = llvm::join(llvm::ArrayRef(Domains).drop_back(), ", ") +
                " and " + Domains.back();
      F.Message += "; review it as a change to " + Names + " code";
    }
    setFingerprint(F, F.Function);
    Out.push_back(std::move(F));
  }
}

} // namespace riskguard
