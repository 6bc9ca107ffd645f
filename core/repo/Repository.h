//===- Repository.h - Git access through libgit2 ----------------*- C++ -*-===//
#ifndef RISKGUARD_CORE_REPO_REPOSITORY_H
#define RISKGUARD_CORE_REPO_REPOSITORY_H

#include "repo/ChangeSet.h"
#include "repo/Snapshot.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace riskguard {

/// A git repository with a working tree, read through libgit2.
class Repository {
public:
  ~Repository();
  Repository(const Repository &) = delete;
  Repository &operator=(const Repository &) = delete;

  /// Opens the repository containing \p Dir (searching upwards).
  static llvm::Expected<std::unique_ptr<Repository>> open(llvm::StringRef Dir);

  /// Absolute path of the working tree root, without a trailing '/'.
  llvm::StringRef root() const { return Root; }

  /// Resolves a revision (sha, branch, tag, "HEAD~1", "origin/main") to a
  /// commit id; an unknown one is an error naming it.
  llvm::Expected<std::string> resolve(llvm::StringRef Rev) const;

  /// The change from \p BaseRev to \p HeadRev, or to the working tree (index
  /// and untracked, not ignored, files included) when \p HeadRev is empty.
  llvm::Expected<ChangeSet> diff(llvm::StringRef BaseRev,
                                 llvm::StringRef HeadRev = {}) const;

  /// The files that differ between the working tree and \p Rev, with their
  /// contents at \p Rev.
  llvm::Expected<Snapshot> snapshot(llvm::StringRef Rev) const;

  /// Commit messages of the commits in BaseRev..HeadRev (HeadRev empty:
  /// HEAD), oldest first.
  llvm::Expected<std::vector<std::string>>
  commitMessages(llvm::StringRef BaseRev, llvm::StringRef HeadRev = {}) const;

  /// One commit of a range, with its trailers as libgit2 parses them.
  struct Commit {
    std::string Id;
    std::string AuthorName, AuthorEmail;
    /// Who wrote the commit object: a review server or merge bot for
    /// commits it made, otherwise mostly the author.
    std::string CommitterName, CommitterEmail;
    std::string Message;
    std::vector<std::pair<std::string, std::string>> Trailers; ///< Key, value.
  };

  /// The commits in BaseRev..HeadRev (HeadRev empty: HEAD), oldest first.
  llvm::Expected<std::vector<Commit>>
  commits(llvm::StringRef BaseRev, llvm::StringRef HeadRev = {}) const;

private:
  Repository(void *Repo, std::string Root);
  void *Repo; // git_repository*
  std::string Root;
};

/// The trailers ("Key: value" lines of the last paragraph) of a commit
/// message, key and value, as `git interpret-trailers` reads them.
llvm::Expected<std::vector<std::pair<std::string, std::string>>>
messageTrailers(llvm::StringRef Message);

/// The changed lines between two texts, as `git diff -U0` numbers them.
llvm::Expected<std::vector<Hunk>> lineHunks(llvm::StringRef Old,
                                            llvm::StringRef New);

} // namespace riskguard

#endif
