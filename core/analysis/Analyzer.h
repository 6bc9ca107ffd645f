//===- Analyzer.h - From a change to the functions it alters ----*- C++ -*-===//
#ifndef RISKGUARD_CORE_ANALYSIS_ANALYZER_H
#define RISKGUARD_CORE_ANALYSIS_ANALYZER_H

#include "analysis/Program.h"
#include "analysis/Tier.h"
#include "facts/Extractor.h"
#include "facts/FactsCache.h"
#include "repo/ChangeSet.h"
#include "repo/Snapshot.h"
#include "clang/Tooling/CompilationDatabase.h"
#include <functional>

namespace riskguard {

enum class ChangeKind { Modified, Added, Deleted, Cosmetic };
llvm::StringRef changeKindName(ChangeKind K);

/// How a changed function stands to tier-1 code: tier-1 itself, reached by
/// tier-1 code, or neither.
enum class TierKind { None, Tier1, Indirect };
/// "none", "tier1" or "indirect", as the JSON report spells it.
llvm::StringRef tierKindName(TierKind K);

/// A function the change touches.
struct ChangedFunction {
  FunctionFacts Facts;            ///< At head; at base for a deleted one.
  std::optional<unsigned> HeadId; ///< Its id in the head program.
  /// Its id in the base program, when it has a base (not when added).
  std::optional<unsigned> BaseId;
  ChangeKind Kind = ChangeKind::Modified;
  Tier Tier1; ///< Its own tier.
  riskguard::TierKind TierKind = riskguard::TierKind::None;
  std::string Domain; ///< Its domain, or that of the closest tier-1 caller.
  bool IsTest = false;
  /// What changed, token by token ("literal 50 -> 75"), for modified ones.
  std::vector<std::string> Summary;
};

/// A file that could not be analyzed.
struct IncompleteFile {
  std::string File; ///< The file that could not be analyzed.
  std::string At;   ///< Where it went wrong ("src/a.cc:3:7"), may be empty.
  unsigned Line = 0, Column = 0;
  std::string Reason;
};

/// What the analysis needs.
struct AnalysisInput {
  const PathMapper *Paths = nullptr;
  const ChangeSet *Changes = nullptr;
  const Snapshot *BaseOverlay = nullptr; ///< Base contents over the worktree.
  const Snapshot *HeadOverlay = nullptr; ///< Head contents over the worktree.
  /// The build's compile commands; files without one get one inferred only
  /// for parsing the base of a deleted file.
  const clang::tooling::CompilationDatabase *Commands = nullptr;
  std::string CommandsName; ///< For messages: "build/compile_commands.json".
  const Policy *Rules = nullptr;
  unsigned Jobs = 0;
  /// Facts written by the compiler plugin during the build, used for the
  /// head side instead of parsing the translation units they cover (one per
  /// main file; the first wins). Null: parse everything.
  const std::vector<TUFacts> *HeadFacts = nullptr;
  /// Facts of earlier parses, for both sides; null: parse everything.
  const FactsCache *Cache = nullptr;
  /// Told when a translation unit starts being parsed (see IndexOptions).
  std::function<void(size_t N, size_t Total, llvm::StringRef Path)> Progress;
};

/// What the change does to the program.
struct AnalysisResult {
  Program Head;
  Program Base; ///< Only the translation units the change touches.
  std::vector<ChangedFunction> Changed;   ///< Sorted by file, line.
  std::vector<IncompleteFile> Incomplete; ///< Sorted by file.
  /// C and C++ files the change touches, by head path (base path for a
  /// deleted file), sorted.
  std::vector<std::string> ChangedFiles;
  /// The head's riskguard annotations, and its classes with floating-point
  /// members, merged over its translation units.
  std::vector<AnnotationFacts> Annotations;
  std::vector<ClassFacts> Classes;
  /// Translation units parsed, and those whose facts came from the build's
  /// facts or the cache instead.
  unsigned TUsParsed = 0, TUsCached = 0;
};

/// The compile commands of the project's translation units, one per main
/// file (the smallest command line of a file built twice), by path.
std::vector<clang::tooling::CompileCommand>
projectCommands(const clang::tooling::CompilationDatabase &DB,
                const PathMapper &Paths);

/// Parses the program at head, the touched translation units at base, and
/// classifies every function the change touches.
AnalysisResult analyzeChange(const AnalysisInput &In);

} // namespace riskguard

#endif
