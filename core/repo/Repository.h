//===- Repository.h - Git access through libgit2 ----------------*- C++ -*-===//
#ifndef RISKGUARD_CORE_REPO_REPOSITORY_H
#define RISKGUARD_CORE_REPO_REPOSITORY_H

#include "repo/ChangeSet.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <memory>
#include <optional>

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
  llvm::Expected<std::vector<Commit>> commits(llvm::StringRef BaseRev,
                                              llvm::StringRef HeadRev = {}) const;

private:
  Repository(void *Repo, std::string Root);
  void *Repo; // git_repository*
  std::string Root;
};

/// The trailers ("Key: value" lines of the last paragraph) of a commit
/// message, key and value, as `git interpret-trailers` reads them.
llvm::Expected<std::vector<std::pair<std::string, std::string>>>
messageTrailers(llvm::StringRef Message);

/// Whether \p Path is a C/C++ source or header riskguard analyzes, by its
/// extension.
bool isCxxSource(llvm::StringRef Path);

/// The largest C/C++ source of a change riskguard reads, at either side: a
/// bigger one is an error rather than a parse that may exhaust time or
/// memory.
constexpr uint64_t MaxSourceSize = 32 << 20;

/// "N bytes", "N KiB" or "N.N MiB", for messages about sizes.
std::string sizeText(uint64_t Bytes);

/// The repo-relative path that a symbolic link at the repo-relative
/// \p LinkPath with target \p Target names, resolved lexically; nullopt when
/// it leaves the repository (an absolute target, or more ".." than there are
/// directories above the link).
std::optional<std::string> resolveLink(llvm::StringRef LinkPath,
                                       llvm::StringRef Target);

/// An error when the repo-relative \p Path exists in the working tree at
/// \p Root but resolves, through symbolic links, to a file outside \p Root;
/// \p Where names it in the message (default: the path).
llvm::Error checkInsideWorkTree(llvm::StringRef Root, llvm::StringRef Path,
                                const llvm::Twine &Where = {});

/// The error for a symbolic link that leaves the repository: \p Where names
/// the link (its path, with the revision or patch position), \p Target is
/// where it points.
llvm::Error outsideLinkError(const llvm::Twine &Where, llvm::StringRef Target);

} // namespace riskguard

#endif
