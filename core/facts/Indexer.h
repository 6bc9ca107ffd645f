//===- Indexer.h - Parse translation units into facts -----------*- C++ -*-===//
#ifndef RISKGUARD_CORE_FACTS_INDEXER_H
#define RISKGUARD_CORE_FACTS_INDEXER_H

#include "facts/Extractor.h"
#include "facts/Facts.h"
#include "facts/FactsCache.h"
#include "facts/PreambleStore.h"
#include "repo/Snapshot.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/ArrayRef.h"
#include <functional>

namespace riskguard {

/// How to parse: which files are the project's, and what the sources look
/// like (the working tree, or another revision laid over it).
struct IndexOptions {
  const PathMapper *Paths = nullptr;
  /// Contents that replace the working tree's (nullopt: the file is absent),
  /// keyed by repo-relative path; empty for the working tree itself.
  const Snapshot *Overlay = nullptr;
  unsigned Jobs = 0; ///< 0: one per core.
  /// Where facts are looked up before parsing and stored after; null: none.
  const FactsCache *Cache = nullptr;
  /// Set to one per command whose facts came from the cache; may be null.
  std::vector<uint8_t> *FromCache = nullptr;
  /// Told when the N-th of Total translation units starts being parsed
  /// (cache hits are not parsed); called from one thread at a time.
  std::function<void(size_t N, size_t Total, llvm::StringRef Path)> Progress;
  /// Where the head parse of a changed translation unit leaves its preamble
  /// and the base parse (Overlay is the store's base overlay) takes it;
  /// null: every parse reads its headers.
  PreambleStore *Preambles = nullptr;
};

/// Parses each command's translation unit and returns their facts in the
/// order of \p Commands, whatever the number of jobs.
std::vector<TUFacts>
indexTranslationUnits(llvm::ArrayRef<clang::tooling::CompileCommand> Commands,
                      const IndexOptions &Options);

/// The options that would have made clang load code (-fplugin=,
/// -fpass-plugin=, -Xclang -load/-plugin/-add-plugin, --config) and were
/// dropped from the compile commands parsed so far, sorted.
std::vector<std::string> droppedCodeLoadingOptions();

} // namespace riskguard

#endif
