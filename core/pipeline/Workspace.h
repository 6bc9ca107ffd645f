//===- Workspace.h - The repository, policy and build a command uses -*- C++
//-*-===//
#ifndef RISKGUARD_CORE_PIPELINE_WORKSPACE_H
#define RISKGUARD_CORE_PIPELINE_WORKSPACE_H

#include "analysis/Coverage.h"
#include "facts/Extractor.h"
#include "policy/Policy.h"
#include "repo/Repository.h"
#include "clang/Tooling/CompilationDatabase.h"
#include <memory>

namespace riskguard {

/// Far more than any real policy, small enough to parse at once; the same
/// for the policy a revision holds.
constexpr uint64_t MaxPolicySize = 1 << 20;

/// What every command that reads code needs: the repository, its policy and
/// the build's compile commands.
struct Workspace {
  std::unique_ptr<Repository> Repo;
  std::string Root;
  Policy Rules;
  std::string PolicyPath; ///< As given or found; empty when there is none.
  std::string PolicyRel;  ///< Repo-relative, empty when outside the repo.
  std::unique_ptr<clang::tooling::CompilationDatabase> Commands;
  std::string CommandsName; ///< "build/compile_commands.json".
  std::string BuildDir;     ///< Absolute, symlink-free; may be the root.
  std::unique_ptr<PathMapper> Paths;
};

/// Opens the repository containing \p RepoDir (default: the current
/// directory), loads the policy (\p PolicyFile, else .riskguard.json at the
/// root) and, unless \p NeedBuild is false, the compile database in
/// \p BuildPath (default: build/ or the root).
llvm::Expected<Workspace> openWorkspace(llvm::StringRef RepoDir,
                                        llvm::StringRef PolicyFile,
                                        llvm::StringRef BuildPath,
                                        bool NeedBuild = true);

/// Reads --coverage \p Path against the head that \p HeadOverlay (may be
/// null: the working tree) lays over the working tree: paths of files
/// outside the project are skipped, those of the project made
/// repo-relative.
llvm::Expected<Coverage> loadCoverage(llvm::StringRef Path, const Workspace &W,
                                      const Snapshot *HeadOverlay);

/// \p Path relative to \p Root when under it, else unchanged.
std::string displayPath(llvm::StringRef Path, llvm::StringRef Root);

} // namespace riskguard

#endif
