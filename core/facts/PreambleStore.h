//===- PreambleStore.h - Preambles for head and base parses ----*- C++ -*-===//
//
// A changed translation unit is parsed twice, at head and at base, and its
// #includes are usually the same at both. Its preamble (the directives and
// comments before its first declaration) is precompiled once, as clangd
// does, during the head parse, and the base parse loads it instead of
// parsing the headers again, when every file the preamble looked at is the
// same at base.
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CORE_FACTS_PREAMBLESTORE_H
#define RISKGUARD_CORE_FACTS_PREAMBLESTORE_H

#include "facts/Extractor.h"
#include "repo/Snapshot.h"
#include "llvm/ADT/IntrusiveRefCntPtr.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace clang {
class CompilerInvocation;
class PCHContainerOperations;
class PrecompiledPreamble;
} // namespace clang

namespace riskguard {

/// The precompiled preamble of one translation unit, with what is needed to
/// tell whether it holds for another revision of the sources.
struct StoredPreamble {
  StoredPreamble();
  ~StoredPreamble();

  std::unique_ptr<clang::PrecompiledPreamble> PCH;
  /// Every path under the repository root that building it looked up
  /// (absolute), and what was there: a file's identity, "dir" or "none".
  /// Header search tries paths in order, so a header that appears or
  /// disappears changes which one is included.
  std::vector<std::pair<std::string, std::string>> Probes;
  /// The files it read, absolute, as opened: dependencies of a cache entry.
  std::vector<std::string> Read;
  /// The repo files it read, repo-relative: a parse through it does not
  /// enter them, yet they are part of TUFacts::Files.
  std::vector<std::string> Files;
};

/// Builds the preamble of the translation unit that \p Invocation compiles,
/// whose main file has the contents \p Main, in memory, reading the sources
/// through \p FS. Null when the main file has no preamble, or when it does
/// not compile without errors: errors are reported by a plain parse.
std::unique_ptr<StoredPreamble>
buildPreamble(const clang::CompilerInvocation &Invocation,
              const llvm::MemoryBuffer &Main,
              llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
              std::shared_ptr<clang::PCHContainerOperations> PCHContainerOps,
              const PathMapper &Paths);

/// Whether \p P, built for another revision, holds for the translation unit
/// that \p Invocation compiles with the main file \p Main and the sources
/// in \p FS: the same preamble text, and every path it looked up the same.
bool preambleHolds(const StoredPreamble &P,
                   const clang::CompilerInvocation &Invocation,
                   const llvm::MemoryBuffer &Main, llvm::vfs::FileSystem &FS,
                   llvm::StringRef Root);

/// Preambles built while parsing changed translation units at head, each
/// kept until the parse of the same compile command at base takes it.
/// Safe to share between the threads of one indexTranslationUnits call.
class PreambleStore {
public:
  /// \p BaseOverlay is the base revision as the base parse sees it (may be
  /// null: nothing is kept); at most \p Budget bytes of precompiled
  /// preambles are kept at once, and none with a budget of 0.
  explicit PreambleStore(const Snapshot *BaseOverlay,
                         uint64_t Budget = defaultBudget());
  ~PreambleStore();

  /// 1 GiB, or 0 when RISKGUARD_NO_PREAMBLE is set to anything but "0" or
  /// "".
  static uint64_t defaultBudget();

  const Snapshot *baseOverlay() const { return BaseOverlay; }

  /// Whether the head parse of the repo-relative \p MainFile, whose contents
  /// at head are \p HeadContents, should build a preamble: the file exists
  /// at base with other contents, so its translation unit is parsed there
  /// too, and there is room for one more.
  bool wanted(llvm::StringRef MainFile, llvm::StringRef HeadContents) const;

  /// Keeps \p P for the command \p Key; false (and \p P dropped) when it
  /// would not fit the budget.
  bool add(std::string Key, std::unique_ptr<StoredPreamble> P);

  /// Removes and returns the preamble kept for \p Key, if any.
  std::unique_ptr<StoredPreamble> take(llvm::StringRef Key);

  /// Drops every preamble left.
  void clear();

  /// Counts a base parse that loaded a preamble (\p Reused) or parsed its
  /// headers again because one of them differs at base.
  void count(bool Reused);

  unsigned built() const;    ///< Preambles kept so far.
  unsigned reused() const;   ///< Base parses that loaded one.
  unsigned rejected() const; ///< Base parses that found one not holding.

private:
  const Snapshot *BaseOverlay;
  uint64_t Budget;
  mutable std::mutex Lock;
  llvm::StringMap<std::unique_ptr<StoredPreamble>> Kept;
  uint64_t Bytes = 0;
  unsigned Built = 0, Reused = 0, Rejected = 0;
};

} // namespace riskguard

#endif
