//===- ChangeSet.h - What a change alters, file by file ---------*- C++ -*-===//
#ifndef RISKGUARD_CORE_REPO_CHANGESET_H
#define RISKGUARD_CORE_REPO_CHANGESET_H

#include <string>
#include <vector>

namespace riskguard {

/// One hunk, in 1-based line numbers as in "@@ -OldStart,OldLines
/// +NewStart,NewLines @@". A pure insertion has OldLines == 0 and a pure
/// deletion NewLines == 0; then the start is the line before the gap.
struct Hunk {
  unsigned OldStart = 0, OldLines = 0;
  unsigned NewStart = 0, NewLines = 0;
};

enum class FileStatus { Added, Deleted, Modified, Renamed };

/// One changed file. Paths are repo-relative with '/'; OldPath is empty for
/// an added file and NewPath for a deleted one.
struct FileChange {
  std::string OldPath;
  std::string NewPath;
  FileStatus Status = FileStatus::Modified;
  bool Binary = false;
  std::vector<Hunk> Hunks;

  /// The path the file has at head, else at base.
  const std::string &path() const {
    return NewPath.empty() ? OldPath : NewPath;
  }
};

/// The change between base and head.
struct ChangeSet {
  std::string BaseId; ///< Commit id of the base; empty for --diff mode.
  std::string HeadId; ///< Commit id of the head, or "WORKTREE".
  std::vector<FileChange> Files; ///< Sorted by path().
};

} // namespace riskguard

#endif
