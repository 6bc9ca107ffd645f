//===- FactsValidity.h - Do build facts describe the sources? --*- C++ -*-===//
//
// The compiler plugin records the repository files each translation unit
// read and a hash of each; facts are used for a revision only while every one
// of those files still has that contents there, as the facts cache checks
// its entries. Paths and hashes are all a facts file holds about its inputs,
// so facts from any checkout of the same sources, on any machine, are valid.
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CORE_FACTS_FACTSVALIDITY_H
#define RISKGUARD_CORE_FACTS_FACTSVALIDITY_H

#include "facts/FactsIO.h"
#include "llvm/ADT/STLExtras.h"
#include <optional>
#include <string>

namespace riskguard {

enum class FactsState {
  Current,      ///< Every file it read has the recorded contents.
  Stale,        ///< A file it read changed or is gone.
  Unverifiable, ///< It records no inputs, or not one for each file it read.
};

/// The state of \p Built, given \p HashOf, the contentHash() of a
/// repo-relative path in the sources checked (nullopt: absent). For a stale
/// one, \p Changed (if given) is set to the first input that differs.
FactsState factsState(
    const BuiltFacts &Built,
    llvm::function_ref<std::optional<std::string>(const std::string &)> HashOf,
    std::string *Changed = nullptr);

} // namespace riskguard

#endif
