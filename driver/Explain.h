//===- Explain.h - The 'riskguard explain' command --------------*- C++ -*-===//
#ifndef RISKGUARD_DRIVER_EXPLAIN_H
#define RISKGUARD_DRIVER_EXPLAIN_H

#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>

namespace riskguard {

/// The options of 'riskguard explain'.
struct ExplainOptions {
  std::string BuildPath, RepoDir, PolicyFile;
  std::string Coverage;        ///< lcov tracefile or directory; empty: none.
  std::string Format = "text"; ///< text, json, mermaid or dot.
  std::string Target;          ///< "ns::f", "ns::f(int)" or "FILE:LINE".
  /// --cache-dir as given (empty: no cache); nullopt: the default.
  std::optional<std::string> CacheDir;
  unsigned Jobs = 0;
};

/// Explains one function: tier and domain, owners, approvals a change needs,
/// the tests that reach it with their call paths, callers and entry points.
int runExplain(const ExplainOptions &O, llvm::raw_ostream &Out,
               llvm::raw_ostream &Err);

} // namespace riskguard

#endif
