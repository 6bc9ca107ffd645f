//===- Demo.h - The 'riskguard demo' command --------------------*- C++ -*-===//
#ifndef RISKGUARD_DRIVER_DEMO_H
#define RISKGUARD_DRIVER_DEMO_H

#include "llvm/Support/raw_ostream.h"
#include <string>

namespace riskguard {

/// Replays the bundled example's history into a new git repository and
/// checks each commit, printing each check's findings and exit code; returns
/// 0 once every step was checked, 2 when the demo could not be set up.
int runDemo(const std::string &Dir, unsigned Jobs, llvm::raw_ostream &Out,
            llvm::raw_ostream &Err);

} // namespace riskguard

#endif
