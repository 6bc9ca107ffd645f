//===- Init.h - The 'riskguard init' command --------------------*- C++ -*-===//
#ifndef RISKGUARD_DRIVER_INIT_H
#define RISKGUARD_DRIVER_INIT_H

#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>

namespace riskguard {

/// The options of 'riskguard init'.
struct InitOptions {
  std::string BuildPath, RepoDir;
  bool Force = false;
  /// --cache-dir as given (empty: no cache); nullopt: the default.
  std::optional<std::string> CacheDir;
  unsigned Jobs = 0;
};

/// Writes a commented starter .riskguard.json at the repository root.
int runInit(const InitOptions &O, llvm::raw_ostream &Out,
            llvm::raw_ostream &Err);

} // namespace riskguard

#endif
