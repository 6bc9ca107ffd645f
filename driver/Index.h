//===- Index.h - The 'riskguard index' command ------------------*- C++ -*-===//
#ifndef RISKGUARD_DRIVER_INDEX_H
#define RISKGUARD_DRIVER_INDEX_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace riskguard {

/// The options of 'riskguard index'.
struct IndexCommandOptions {
  std::string BuildPath, RepoDir;
  /// --cache-dir as given (empty: no cache); nullopt: the default.
  std::optional<std::string> CacheDir;
  unsigned Jobs = 0;
  bool Quiet = false;
};

/// Parses every translation unit of the compile database into the facts
/// cache; returns 0, or 2 on bad usage or input (said on \p Err).
int runIndex(const IndexCommandOptions &O, llvm::raw_ostream &Err);

/// `[n/N] parsing path` lines on \p Err, each overwriting the last, when
/// stderr is a terminal and \p Quiet is false; otherwise nothing. Paths
/// under \p Root are shown relative to it (an empty one: as given).
class Progress {
public:
  Progress(bool Quiet, llvm::StringRef Root, llvm::raw_ostream &Err);
  ~Progress() { finish(); }

  /// The callback for IndexOptions / AnalysisInput; null when silent.
  std::function<void(size_t N, size_t Total, llvm::StringRef Path)> callback();
  /// Clears the last progress line.
  void finish();

private:
  bool Enabled;
  bool Shown = false;
  std::string Root;
  llvm::raw_ostream &Err;
};

} // namespace riskguard

#endif
