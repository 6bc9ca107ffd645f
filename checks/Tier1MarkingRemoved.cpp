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

/// Code that stopped being tier-1, found by one route.
struct Removal {
  const FunctionFacts *At;  ///< Where to report it: at head, or at base.
  const FunctionFacts *Was; ///< As the base has it.
  Tier WasTier;             ///< Its tier at base, by the base policy.
  std::string Message;
};

/// The tier-1 functions the change deleted.
std::vector<Removal> deletedTier1(const CheckContext &Ctx) {
  std::vector<Removal> Out;
  for (const ChangedFunction &C : Ctx.Analysis.Changed) {
    if (C.Kind != ChangeKind::Deleted)
      continue;
    Tier Was = resolveTier(C.Facts, Ctx.BaseRules);
    if (Was.isTier1())
      Out.push_back({&C.Facts, &C.Facts, Was,
                     "tier-1 function '" + C.Facts.Name + "' (domain '" +
                         Was.Domain + "') was deleted"});
  }
  return Out;
}

/// The tier-1 functions of the files the change touches (the base's) that
/// the head has with another domain or none.
std::vector<Removal> unmarkedInChangedFiles(const CheckContext &Ctx) {
  const Program &Head = Ctx.Analysis.Head;
  std::vector<Removal> Out;
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
    Out.push_back({&H, &B, Was,
                   "'" + H.Name + "' is no longer tier-1 code of domain '" +
                       Was.Domain + "': " + why(B, Was, H, Now)});
  }
  return Out;
}

/// Whether the policy's path and name rules differ between \p Base and
/// \p Head in count, globs or domains.
bool tierRulesChanged(const Policy &Base, const Policy &Head) {
  if (Base.Rules.size() != Head.Rules.size())
    return true;
  for (size_t I = 0; I < Head.Rules.size(); ++I) {
    const TierRule &A = Base.Rules[I], &B = Head.Rules[I];
    if (A.PathGlob != B.PathGlob ||
        A.QualifiedNameGlob != B.QualifiedNameGlob || A.Domain != B.Domain)
      return true;
  }
  return false;
}

/// The head functions, in any file, that a policy rule removed or narrowed
/// no longer makes tier-1 code of their base domain.
std::vector<Removal> unmarkedByPolicy(const CheckContext &Ctx) {
  std::vector<Removal> Out;
  if (!tierRulesChanged(Ctx.BaseRules, Ctx.Rules))
    return Out;
  for (const FunctionFacts &H : Ctx.Analysis.Head.functions()) {
    Tier Was = resolveTier(H, Ctx.BaseRules);
    if (!Was.isTier1())
      continue;
    Tier Now = resolveTier(H, Ctx.Rules);
    if (Now.Domain == Was.Domain)
      continue;
    Out.push_back({&H, &H, Was,
                   "'" + H.Name + "' is no longer tier-1 code of domain '" +
                       Was.Domain + "': the base policy's " + Was.Source +
                       (Now.isTier1() ? " gave it another domain than '" +
                                            Now.Domain + "' now"
                                      : " no longer marks it")});
  }
  return Out;
}

/// The finding for \p R: blocking unless an owner of the code, as the base
/// has it, approved.
Finding removalFinding(const Removal &R, const CheckContext &Ctx) {
  Finding F = makeFinding(Tier1MarkingRemoved::RuleId, *R.At);
  std::vector<std::string> Owners =
      ownersOf(*R.Was, R.WasTier.Domain, Ctx, Ctx.BaseRules);
  if (std::optional<std::string> By = ownerApproval(Owners, Ctx)) {
    F.Level = Severity::Note;
    F.Blocking = false;
    F.Message = R.Message + "; approved by owner " + *By;
  } else {
    F.Message =
        R.Message + "; needs an approval from an owner of that code (" +
        (Owners.empty() ? std::string("none is declared") : listNames(Owners)) +
        ")";
  }
  setFingerprint(F, F.Function);
  return F;
}

} // namespace

void Tier1MarkingRemoved::run(const CheckContext &Ctx,
                              std::vector<Finding> &Out) const {
  // Function name -> finding; one per function, by the first route that
  // finds it.
  std::map<std::string, Finding> Found;
  for (auto Route : {deletedTier1, unmarkedInChangedFiles, unmarkedByPolicy})
    for (const Removal &R : Route(Ctx))
      if (!Found.count(R.At->Name))
        Found.emplace(R.At->Name, removalFinding(R, Ctx));
  for (auto &Entry : Found)
    Out.push_back(std::move(Entry.second));
}

} // namespace riskguard
