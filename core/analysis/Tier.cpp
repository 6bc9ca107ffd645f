//===- Tier.cpp - Which functions are tier-1 ------------------------------===//
#include "analysis/Tier.h"

namespace riskguard {

static const char *levelName(AnnotationLevel L) {
  switch (L) {
  case AnnotationLevel::Function:
    return "annotation on the function";
  case AnnotationLevel::Class:
    return "annotation on the class";
  case AnnotationLevel::Namespace:
    return "annotation on the namespace";
  case AnnotationLevel::None:
    break;
  }
  return "";
}

bool isTestFunction(const FunctionFacts &F, const Policy &P) {
  return !F.TestName.empty() || P.isTestPath(F.File);
}

std::string testDisplayName(const FunctionFacts &F) {
  return F.TestName.empty() ? F.QualifiedName : F.TestName;
}

Tier resolveTier(const FunctionFacts &F, const Policy &P) {
  if (isTestFunction(F, P))
    return {};
  // Levels are ordered from far to close: a closer opt-out wins.
  if (F.Tier1Level != AnnotationLevel::None && F.Tier1Level > F.NotTier1Level)
    return {F.Tier1Domain, levelName(F.Tier1Level)};
  if (F.NotTier1Level != AnnotationLevel::None)
    return {};
  if (const TierRule *Rule = P.matchingRule(F.File, F.QualifiedName))
    return {Rule->Domain, "policy rule at line " + std::to_string(Rule->Line)};
  return {};
}

} // namespace riskguard
