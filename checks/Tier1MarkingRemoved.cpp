//===- Tier1MarkingRemoved.cpp - tier1-marking-removed --------------------===//
//
// Code stops being tier-1: an annotation removed or narrowed, RG_NOT_TIER1
// added, a policy rule removed, a function moved out of a tier-1 path, or a
// tier-1 function deleted. Base facts are judged with the base policy, head
// facts with the head policy; an owner's approval lets it through.
//
//===----------------------------------------------------------------------===//
#include "checks/Check.h"
#include <map>

namespace riskguard {

namespace {

std::string why(const FunctionFacts &Base, const Tier &Was,
                const FunctionFacts &Head, const Tier &Now) {
  if (Now.isTier1())
    return "its domain changed from '" + Was.Domain + "' to '" + Now.Domain +
           "'";
  if (Head.NotTier1Level != AnnotationLevel::None &&
      Base.NotTier1Level == AnnotationLevel::None)
    return "RG_NOT_TIER1(\"" + Head.NotTier1Reason + "\") was added";
  if (llvm::StringRef(Was.Source).starts_with("annotation"))
    return "its RG_TIER1 annotation was removed (it had an " + Was.Source + ")";
  if (Base.File != Head.File)
    return "it moved from " + Base.File + " to " + Head.File +
           ", out of the reach of the " + Was.Source;
  return "the " + Was.Source + " no longer applies to it";
}

} // namespace

void Tier1MarkingRemoved::run(const CheckContext &Ctx,
                              std::vector<Finding> &Out) const {
  const Program &Head = Ctx.Analysis.Head;
  // Function name -> finding; one per function whatever the route.
  std::map<std::string, Finding> Found;
  auto Report = [&](const FunctionFacts &At, const FunctionFacts &Was,
                    const Tier &WasTier, std::string Message) {
    if (Found.count(At.Name))
      return;
    Finding F = makeFinding(RuleId, At);
    std::vector<std::string> Owners =
        ownersOf(Was, WasTier.Domain, Ctx, Ctx.BaseRules);
    if (std::optional<std::string> By = ownerApproval(Owners, Ctx)) {
      F.Level = Severity::Note;
      F.Blocking = false;
      F.Message = Message + "; approved by owner " + *By;
    } else {
      F.Message = Message + "; needs an approval from an owner of that code (" +
                  (Owners.empty() ? std::string("none is declared")
                                  : listNames(Owners)) +
                  ")";
    }
    setFingerprint(F, F.Function);
    Found.emplace(At.Name, std::move(F));
  };

  for (const ChangedFunction &C : Ctx.Analysis.Changed) {
    if (C.Kind != ChangeKind::Deleted)
      continue;
    Tier Was = resolveTier(C.Facts, Ctx.BaseRules);
    if (Was.isTier1())
      Report(C.Facts, C.Facts, Was,
             "tier-1 function '" + C.Facts.Name + "' (domain '" + Was.Domain +
                 "') was deleted");
  }

  // Functions of the files the change touches, before and after.
  for (const FunctionFacts &B : Ctx.Analysis.Base.functions()) {
    Tier Was = resolveTier(B, Ctx.BaseRules);
    if (!Was.isTier1())
      continue;
    std::optional<unsigned> Id = Head.findUSR(B.USR);
    if (!Id && Head.findName(B.Name).size() == 1)
      Id = Head.findName(B.Name).front();
    if (!Id)
      continue;
    const FunctionFacts &H = Head.function(*Id);
    Tier Now = resolveTier(H, Ctx.Rules);
    if (Now.Domain == Was.Domain)
      continue;
    Report(H, B, Was,
           "'" + H.Name + "' is no longer tier-1 code of domain '" +
               Was.Domain + "': " + why(B, Was, H, Now));
  }

  // A policy rule removed or narrowed reaches functions in any file.
  bool RulesChanged = Ctx.BaseRules.Rules.size() != Ctx.Rules.Rules.size();
  for (size_t I = 0; !RulesChanged && I < Ctx.Rules.Rules.size(); ++I) {
    const TierRule &A = Ctx.BaseRules.Rules[I], &B = Ctx.Rules.Rules[I];
    RulesChanged = A.PathGlob != B.PathGlob ||
                   A.QualifiedNameGlob != B.QualifiedNameGlob ||
                   A.Domain != B.Domain;
  }
  if (RulesChanged) {
    for (const FunctionFacts &H : Head.functions()) {
      Tier Was = resolveTier(H, Ctx.BaseRules);
      if (!Was.isTier1())
        continue;
      Tier Now = resolveTier(H, Ctx.Rules);
      if (Now.Domain == Was.Domain)
        continue;
      Report(H, H, Was,
             "'" + H.Name + "' is no longer tier-1 code of domain '" +
                 Was.Domain + "': the base policy's " + Was.Source +
                 (Now.isTier1() ? " gave it another domain than '" +
                                      Now.Domain + "' now"
                                : " no longer marks it"));
    }
  }
  for (auto &Entry : Found)
    Out.push_back(std::move(Entry.second));
}

} // namespace riskguard
