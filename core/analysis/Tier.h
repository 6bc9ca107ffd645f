//===- Tier.h - Which functions are tier-1 ----------------------*- C++ -*-===//
#ifndef RISKGUARD_CORE_ANALYSIS_TIER_H
#define RISKGUARD_CORE_ANALYSIS_TIER_H

#include "facts/Facts.h"
#include "policy/Policy.h"

namespace riskguard {

/// The tier of one function and what gave it.
struct Tier {
  std::string Domain; ///< Empty when the function is not tier-1.
  std::string Source; ///< "annotation on the class", "policy rule at line 7".
  bool isTier1() const { return !Domain.empty(); }
};

/// Resolves a function's tier: the closest annotation wins (function, class,
/// namespace), RG_NOT_TIER1 opts out of anything farther away, policy rules
/// apply where no annotation decides, and test code is never tier-1.
Tier resolveTier(const FunctionFacts &F, const Policy &P);

/// Whether a function is test code: a test case body, or any function in a
/// file matched by `tests.paths`.
bool isTestFunction(const FunctionFacts &F, const Policy &P);

/// The name a test goes by in messages: "Suite.Name", else its own name.
std::string testDisplayName(const FunctionFacts &F);

} // namespace riskguard

#endif
