//===- UnifiedDiff.h - Changes given as a unified diff ----------*- C++ -*-===//
//
// --diff: a change read from a unified diff or a `git format-patch` series
// instead of two revisions, with the working tree as its head side.
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CORE_REPO_UNIFIEDDIFF_H
#define RISKGUARD_CORE_REPO_UNIFIEDDIFF_H

#include "repo/ChangeSet.h"
#include "repo/Snapshot.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <utility>

namespace riskguard {

/// Parses a unified diff (as `git diff` or `diff -u` writes it: new, deleted,
/// renamed and binary files, "\ No newline at end of file", CRLF lines).
/// Errors name \p FileName and the line. HeadId is "WORKTREE".
llvm::Expected<ChangeSet> parseUnifiedDiff(llvm::StringRef Text,
                                           llvm::StringRef FileName);

/// The base side of a patch whose head side is the working tree at \p Root:
/// each changed file with the patch reversed (nullopt for added files). An
/// error names the file and hunk that do not apply.
llvm::Expected<Snapshot> reversePatch(llvm::StringRef PatchText,
                                      llvm::StringRef FileName,
                                      llvm::StringRef Root);

/// The change and base side of a patch as reversePatch gives them, for a
/// `git format-patch` series too: when several of its commits change one
/// file, each is undone in turn, newest first, and the change is what
/// differs between the first commit's base and the working tree.
llvm::Expected<std::pair<ChangeSet, Snapshot>>
reversePatchSeries(llvm::StringRef Text, llvm::StringRef FileName,
                   llvm::StringRef Root);

} // namespace riskguard

#endif
