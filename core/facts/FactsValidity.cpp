//===- FactsValidity.cpp - Do build facts describe the sources? ----------===//
#include "facts/FactsValidity.h"
#include "llvm/ADT/STLExtras.h"

namespace riskguard {

FactsState factsState(
    const BuiltFacts &Built,
    llvm::function_ref<std::optional<std::string>(const std::string &)> HashOf,
    std::string *Changed) {
  if (!Built.Inputs)
    return FactsState::Unverifiable;
  const std::vector<FactsInput> &Inputs = *Built.Inputs;
  // A file the facts were derived from without a recorded hash could have
  // changed unseen.
  for (const std::string &File : Built.Facts.Files)
    if (!llvm::any_of(Inputs,
                      [&](const FactsInput &In) { return In.Path == File; }))
      return FactsState::Unverifiable;
  for (const FactsInput &In : Inputs) {
    if (HashOf(In.Path) == In.Hash)
      continue;
    if (Changed)
      *Changed = In.Path;
    return FactsState::Stale;
  }
  return FactsState::Current;
}

} // namespace riskguard
