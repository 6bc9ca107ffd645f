//===- Demo.h - The 'riskguard demo' command --------------------*- C++ -*-===//
#ifndef RISKGUARD_DRIVER_DEMO_H
#define RISKGUARD_DRIVER_DEMO_H

#include "llvm/Support/raw_ostream.h"
#include <string>

namespace riskguard {

/// Replays the bundled example's history into a new git repository and
/// checks each commit; returns 0 when every step reported what it should.
int runDemo(const std::string &Dir, unsigned Jobs, bool Verbose,
            llvm::raw_ostream &Out, llvm::raw_ostream &Err);

} // namespace riskguard

#endif
