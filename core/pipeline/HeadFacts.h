//===- HeadFacts.h - The build's facts that still describe the head -*- C++
//-*-===//
#ifndef RISKGUARD_CORE_PIPELINE_HEADFACTS_H
#define RISKGUARD_CORE_PIPELINE_HEADFACTS_H

#include "facts/Facts.h"
#include "pipeline/Workspace.h"
#include "llvm/Support/raw_ostream.h"
#include <vector>

namespace riskguard {

/// What became of the facts files of --facts-dir.
struct FactsUse {
  size_t Units = 0;     ///< Translation units at head.
  size_t FromFacts = 0; ///< Of those, the ones the analysis takes from facts.
  size_t Stale = 0, Unverifiable = 0, NotBuilt = 0; ///< Facts files ignored.
};

/// The facts the compiler plugin wrote into \p FactsDir during the build
/// that still describe the head: those of a unit in the compile database
/// whose every input has, at head (\p HeadOverlay over the working tree),
/// the contents it had in the build. With \p Verbose, \p Log says why each
/// other one is ignored. A facts file that cannot be read is an error,
/// never skipped.
llvm::Expected<std::vector<TUFacts>>
readHeadFacts(llvm::StringRef FactsDir, const Workspace &W,
              const Snapshot &HeadOverlay, bool Verbose, llvm::raw_ostream &Log,
              FactsUse &Use);

} // namespace riskguard

#endif
