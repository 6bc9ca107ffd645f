//===- Repository.cpp - Git access through libgit2 ------------------------===//
//
// Revisions, diffs, blobs and commit messages are read through libgit2 rather
// than by running git, so the results do not depend on the user's git config,
// aliases or pager, and every failure carries libgit2's own explanation.
//
//===----------------------------------------------------------------------===//

#include "repo/Repository.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include <algorithm>
#include <git2.h>
#include <tuple>

using namespace llvm;

namespace riskguard {
namespace {

template <typename T, void (*Free)(T *)> struct GitDeleter {
  void operator()(T *P) const { Free(P); }
};
template <typename T, void (*Free)(T *)>
using GitPtr = std::unique_ptr<T, GitDeleter<T, Free>>;

using RepoPtr = GitPtr<git_repository, git_repository_free>;
using ObjectPtr = GitPtr<git_object, git_object_free>;
using CommitPtr = GitPtr<git_commit, git_commit_free>;
using TreePtr = GitPtr<git_tree, git_tree_free>;
using DiffPtr = GitPtr<git_diff, git_diff_free>;
using PatchPtr = GitPtr<git_patch, git_patch_free>;
using BlobPtr = GitPtr<git_blob, git_blob_free>;
using RevwalkPtr = GitPtr<git_revwalk, git_revwalk_free>;

/// Initializes libgit2 once per process; returns false if that failed. It is
/// never shut down, because objects owned by other static destructors may
/// still be freed at exit.
bool initLibgit2() {
  static const int Count = git_libgit2_init();
  return Count > 0;
}

/// An error saying what we were doing, followed by libgit2's reason.
Error gitError(const Twine &What) {
  std::string Msg = What.str();
  const git_error *E = git_error_last();
  if (E && E->message) {
    StringRef Reason = StringRef(E->message).rtrim();
    if (!Reason.empty())
      Msg += (": " + Reason).str();
  }
  return createStringError(inconvertibleErrorCode(), Msg);
}

std::string oidString(const git_oid *Id) {
  char Buf[GIT_OID_HEXSZ + 1];
  git_oid_tostr(Buf, sizeof(Buf), Id);
  return Buf;
}

Expected<CommitPtr> lookupCommit(git_repository *R, StringRef Rev) {
  std::string Spec = Rev.str();
  git_object *Obj = nullptr;
  if (git_revparse_single(&Obj, R, Spec.c_str()) < 0)
    return gitError("unknown revision '" + Rev + "'");
  ObjectPtr Owned(Obj);
  git_object *Peeled = nullptr;
  if (git_object_peel(&Peeled, Obj, GIT_OBJECT_COMMIT) < 0)
    return gitError("revision '" + Rev + "' does not name a commit");
  return CommitPtr(reinterpret_cast<git_commit *>(Peeled));
}

Expected<TreePtr> lookupTree(git_repository *R, StringRef Rev,
                             std::string *Id = nullptr) {
  Expected<CommitPtr> Commit = lookupCommit(R, Rev);
  if (!Commit)
    return Commit.takeError();
  if (Id)
    *Id = oidString(git_commit_id(Commit->get()));
  git_tree *Tree = nullptr;
  if (git_commit_tree(&Tree, Commit->get()) < 0)
    return gitError("cannot read the tree of revision '" + Rev + "'");
  return TreePtr(Tree);
}

/// Options shared by diff() and snapshot(): no context, so hunks are exactly
/// the changed lines, and untracked (not ignored) files count as added, with
/// their contents, as they will be part of the next commit.
git_diff_options diffOptions() {
  git_diff_options Opts;
  git_diff_options_init(&Opts, GIT_DIFF_OPTIONS_VERSION);
  Opts.context_lines = 0;
  Opts.interhunk_lines = 0;
  Opts.flags = GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS |
               GIT_DIFF_SHOW_UNTRACKED_CONTENT | GIT_DIFF_INCLUDE_TYPECHANGE;
  // A submodule's own working tree is not part of this change; skipping it
  // also avoids opening every submodule.
  Opts.ignore_submodules = GIT_SUBMODULE_IGNORE_ALL;
  return Opts;
}

/// Base tree to working tree, through the index like `git diff BASE`, so
/// staged and unstaged edits both count.
Expected<DiffPtr> diffToWorktree(git_repository *R, git_tree *Base,
                                 StringRef BaseRev) {
  git_diff_options Opts = diffOptions();
  git_diff *Diff = nullptr;
  if (git_diff_tree_to_workdir_with_index(&Diff, R, Base, &Opts) < 0)
    return gitError("cannot diff revision '" + BaseRev +
                    "' against the working tree");
  return DiffPtr(Diff);
}

/// A gitlink is a submodule's commit, not a file of this repository.
bool isGitlink(const git_diff_delta *Delta) {
  return Delta->old_file.mode == GIT_FILEMODE_COMMIT ||
         Delta->new_file.mode == GIT_FILEMODE_COMMIT;
}

/// Calls \p Visit on each commit of BaseRev..HeadRev (HeadRev empty: HEAD),
/// oldest first, stopping at the first error.
Error walkRange(git_repository *R, StringRef BaseRev, StringRef HeadRev,
                function_ref<Error(git_commit *)> Visit) {
  if (HeadRev.empty())
    HeadRev = "HEAD";
  Expected<CommitPtr> Base = lookupCommit(R, BaseRev);
  if (!Base)
    return Base.takeError();
  Expected<CommitPtr> Head = lookupCommit(R, HeadRev);
  if (!Head)
    return Head.takeError();

  git_revwalk *RawWalk = nullptr;
  if (git_revwalk_new(&RawWalk, R) < 0)
    return gitError("cannot walk the history");
  RevwalkPtr Walk(RawWalk);
  // Topological order does not depend on commit dates, which rebases and
  // fixed test dates make equal or out of order.
  if (git_revwalk_sorting(RawWalk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) <
          0 ||
      git_revwalk_push(RawWalk, git_commit_id(Head->get())) < 0 ||
      git_revwalk_hide(RawWalk, git_commit_id(Base->get())) < 0)
    return gitError("cannot walk " + BaseRev + ".." + HeadRev);

  git_oid Id;
  int Status;
  while ((Status = git_revwalk_next(&Id, RawWalk)) == 0) {
    git_commit *RawCommit = nullptr;
    if (git_commit_lookup(&RawCommit, R, &Id) < 0)
      return gitError("cannot read commit " + oidString(&Id));
    CommitPtr Commit(RawCommit);
    if (Error E = Visit(RawCommit))
      return E;
  }
  if (Status != GIT_ITEROVER)
    return gitError("cannot walk " + BaseRev + ".." + HeadRev);
  return Error::success();
}

} // namespace

Repository::Repository(void *Repo, std::string Root)
    : Repo(Repo), Root(std::move(Root)) {}

Repository::~Repository() {
  git_repository_free(static_cast<git_repository *>(Repo));
}

Expected<std::unique_ptr<Repository>> Repository::open(StringRef Dir) {
  if (!initLibgit2())
    return gitError("cannot initialize libgit2");
  std::string Path = Dir.str();
  git_repository *Raw = nullptr;
  if (git_repository_open_ext(&Raw, Path.c_str(), 0, nullptr) < 0)
    return gitError("cannot open a git repository at '" + Dir + "'");
  RepoPtr R(Raw);
  const char *Workdir = git_repository_workdir(R.get());
  if (git_repository_is_bare(R.get()) || !Workdir)
    return createStringError(
        inconvertibleErrorCode(),
        "repository at '%s' is bare: riskguard needs a working tree",
        Path.c_str());
  SmallString<256> Real;
  if (std::error_code EC = sys::fs::real_path(Workdir, Real))
    return createStringError(EC, "cannot resolve working tree '%s': %s",
                             Workdir, EC.message().c_str());
  StringRef RootDir = Real.str();
  while (RootDir.size() > 1 && RootDir.ends_with("/"))
    RootDir = RootDir.drop_back();
  return std::unique_ptr<Repository>(
      new Repository(R.release(), RootDir.str()));
}

Expected<std::string> Repository::resolve(StringRef Rev) const {
  Expected<CommitPtr> Commit =
      lookupCommit(static_cast<git_repository *>(Repo), Rev);
  if (!Commit)
    return Commit.takeError();
  return oidString(git_commit_id(Commit->get()));
}

Expected<ChangeSet> Repository::diff(StringRef BaseRev,
                                     StringRef HeadRev) const {
  auto *R = static_cast<git_repository *>(Repo);
  ChangeSet Changes;
  Expected<TreePtr> BaseTree = lookupTree(R, BaseRev, &Changes.BaseId);
  if (!BaseTree)
    return BaseTree.takeError();

  DiffPtr Diff;
  if (HeadRev.empty()) {
    Changes.HeadId = "WORKTREE";
    Expected<DiffPtr> D = diffToWorktree(R, BaseTree->get(), BaseRev);
    if (!D)
      return D.takeError();
    Diff = std::move(*D);
  } else {
    Expected<TreePtr> HeadTree = lookupTree(R, HeadRev, &Changes.HeadId);
    if (!HeadTree)
      return HeadTree.takeError();
    git_diff_options Opts = diffOptions();
    git_diff *Raw = nullptr;
    if (git_diff_tree_to_tree(&Raw, R, BaseTree->get(), HeadTree->get(),
                              &Opts) < 0)
      return gitError("cannot diff revision '" + BaseRev + "' against '" +
                      HeadRev + "'");
    Diff.reset(Raw);
  }

  git_diff_find_options Find;
  git_diff_find_options_init(&Find, GIT_DIFF_FIND_OPTIONS_VERSION);
  // Untracked files are rename targets too: a file moved with plain `mv` is
  // as much a rename as one moved with `git mv`.
  Find.flags = GIT_DIFF_FIND_RENAMES | GIT_DIFF_FIND_FOR_UNTRACKED;
  if (git_diff_find_similar(Diff.get(), &Find) < 0)
    return gitError("cannot detect renames");

  for (size_t I = 0, E = git_diff_num_deltas(Diff.get()); I != E; ++I) {
    const git_diff_delta *Delta = git_diff_get_delta(Diff.get(), I);
    if (isGitlink(Delta))
      continue;
    FileChange File;
    switch (Delta->status) {
    case GIT_DELTA_UNMODIFIED:
    case GIT_DELTA_IGNORED:
      continue;
    case GIT_DELTA_ADDED:
    case GIT_DELTA_UNTRACKED:
    case GIT_DELTA_COPIED:
      File.Status = FileStatus::Added;
      File.NewPath = Delta->new_file.path;
      break;
    case GIT_DELTA_DELETED:
      File.Status = FileStatus::Deleted;
      File.OldPath = Delta->old_file.path;
      break;
    case GIT_DELTA_RENAMED:
      File.Status = FileStatus::Renamed;
      File.OldPath = Delta->old_file.path;
      File.NewPath = Delta->new_file.path;
      break;
    case GIT_DELTA_UNREADABLE:
      return createStringError(inconvertibleErrorCode(),
                               "cannot read '%s' in the working tree",
                               Delta->new_file.path);
    default: // Modified, type change, conflicted.
      File.Status = FileStatus::Modified;
      File.OldPath = Delta->old_file.path;
      File.NewPath = Delta->new_file.path;
      break;
    }

    git_patch *RawPatch = nullptr;
    if (git_patch_from_diff(&RawPatch, Diff.get(), I) < 0)
      return gitError("cannot diff '" + File.path() + "'");
    PatchPtr Patch(RawPatch);
    // Loading the patch is what decides whether the file is binary.
    File.Binary = (Delta->flags & GIT_DIFF_FLAG_BINARY) != 0;
    if (Patch) {
      for (size_t H = 0, HE = git_patch_num_hunks(Patch.get()); H != HE; ++H) {
        const git_diff_hunk *GitHunk = nullptr;
        if (git_patch_get_hunk(&GitHunk, nullptr, Patch.get(), H) < 0)
          return gitError("cannot read a hunk of '" + File.path() + "'");
        Hunk Range;
        Range.OldStart = GitHunk->old_start;
        Range.OldLines = GitHunk->old_lines;
        Range.NewStart = GitHunk->new_start;
        Range.NewLines = GitHunk->new_lines;
        File.Hunks.push_back(Range);
      }
    }
    Changes.Files.push_back(std::move(File));
  }
  std::sort(Changes.Files.begin(), Changes.Files.end(),
            [](const FileChange &A, const FileChange &B) {
              return std::tie(A.path(), A.OldPath) <
                     std::tie(B.path(), B.OldPath);
            });
  return Changes;
}

Expected<Snapshot> Repository::snapshot(StringRef Rev) const {
  auto *R = static_cast<git_repository *>(Repo);
  Expected<TreePtr> Tree = lookupTree(R, Rev);
  if (!Tree)
    return Tree.takeError();
  // No rename detection: a renamed file is its old path with its contents
  // plus a new path absent at Rev, which is what a reader of Rev sees.
  Expected<DiffPtr> Diff = diffToWorktree(R, Tree->get(), Rev);
  if (!Diff)
    return Diff.takeError();

  Snapshot Files;
  for (size_t I = 0, E = git_diff_num_deltas(Diff->get()); I != E; ++I) {
    const git_diff_delta *Delta = git_diff_get_delta(Diff->get(), I);
    if (isGitlink(Delta))
      continue;
    switch (Delta->status) {
    case GIT_DELTA_UNMODIFIED:
    case GIT_DELTA_IGNORED:
      continue;
    case GIT_DELTA_ADDED:
    case GIT_DELTA_UNTRACKED:
      Files[Delta->new_file.path] = std::nullopt;
      continue;
    default:
      break;
    }
    git_blob *Raw = nullptr;
    if (git_blob_lookup(&Raw, R, &Delta->old_file.id) < 0)
      return gitError("cannot read '" + Twine(Delta->old_file.path) +
                      "' at revision '" + Rev + "'");
    BlobPtr Blob(Raw);
    Files[Delta->old_file.path] =
        std::string(static_cast<const char *>(git_blob_rawcontent(Raw)),
                    git_blob_rawsize(Raw));
  }
  return Files;
}

Expected<std::vector<std::string>>
Repository::commitMessages(StringRef BaseRev, StringRef HeadRev) const {
  std::vector<std::string> Messages;
  Error Err = walkRange(static_cast<git_repository *>(Repo), BaseRev, HeadRev,
                        [&](git_commit *Raw) {
                          const char *Message = git_commit_message(Raw);
                          Messages.push_back(Message ? Message : "");
                          return Error::success();
                        });
  if (Err)
    return std::move(Err);
  return Messages;
}

Expected<std::vector<Repository::Commit>>
Repository::commits(StringRef BaseRev, StringRef HeadRev) const {
  std::vector<Commit> Commits;
  Error Err = walkRange(
      static_cast<git_repository *>(Repo), BaseRev, HeadRev,
      [&](git_commit *Raw) -> Error {
        Commit C;
        C.Id = oidString(git_commit_id(Raw));
        if (const git_signature *Author = git_commit_author(Raw)) {
          C.AuthorName = Author->name ? Author->name : "";
          C.AuthorEmail = Author->email ? Author->email : "";
        }
        const char *Message = git_commit_message(Raw);
        C.Message = Message ? Message : "";
        // libgit2 applies git's own rules (the last paragraph, mostly
        // "Key: value" lines), so riskguard reads the trailers that
        // `git interpret-trailers` would.
        git_message_trailer_array Trailers{};
        auto Free =
            make_scope_exit([&] { git_message_trailer_array_free(&Trailers); });
        if (git_message_trailers(&Trailers, C.Message.c_str()) < 0)
          return gitError("cannot read the trailers of commit " + C.Id);
        for (size_t I = 0; I < Trailers.count; ++I)
          C.Trailers.emplace_back(Trailers.trailers[I].key,
                                  Trailers.trailers[I].value);
        Commits.push_back(std::move(C));
        return Error::success();
      });
  if (Err)
    return std::move(Err);
  return Commits;
}

} // namespace riskguard
