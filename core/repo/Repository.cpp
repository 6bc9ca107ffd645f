//===- Repository.cpp - Git access through libgit2 ------------------------===//
//
// Revisions, diffs, blobs and commit messages are read through libgit2 rather
// than by running git, so the results do not depend on the user's git config,
// aliases or pager, and every failure carries libgit2's own explanation.
//
//===----------------------------------------------------------------------===//

#include "repo/Repository.h"
#include "repo/Paths.h"
#include "repo/SourceFiles.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include <algorithm>
#include <git2.h>
#include <set>
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

Error fail(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), Message);
}

/// An unknown revision, explained where the repository is the reason: it
/// has no commits yet, or it is a shallow clone whose history is cut.
Error unknownRevision(git_repository *R, StringRef Rev) {
  Error Plain = gitError("unknown revision '" + Rev + "'");
  if (git_repository_head_unborn(R) == 1) {
    consumeError(std::move(Plain));
    return fail("unknown revision '" + Rev +
                "': the repository has no commits yet; commit the code "
                "first, or pass the change as a patch with --diff");
  }
  if (git_repository_is_shallow(R) == 1) {
    consumeError(std::move(Plain));
    return fail("unknown revision '" + Rev +
                "': the repository is a shallow clone and its history does "
                "not reach that revision; fetch more history (git fetch "
                "--deepen=N, or --unshallow) or pass the change as a patch "
                "with --diff");
  }
  return Plain;
}

Expected<CommitPtr> lookupCommit(git_repository *R, StringRef Rev) {
  std::string Spec = Rev.str();
  git_object *Obj = nullptr;
  if (git_revparse_single(&Obj, R, Spec.c_str()) < 0)
    return unknownRevision(R, Rev);
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

/// The hunks of one file's patch; \p What names it in errors.
Expected<std::vector<Hunk>> hunksOf(git_patch *Patch, StringRef What) {
  std::vector<Hunk> Hunks;
  for (size_t H = 0, HE = git_patch_num_hunks(Patch); H != HE; ++H) {
    const git_diff_hunk *GitHunk = nullptr;
    if (git_patch_get_hunk(&GitHunk, nullptr, Patch, H) < 0)
      return gitError("cannot read a hunk of " + What);
    Hunks.push_back({static_cast<unsigned>(GitHunk->old_start),
                     static_cast<unsigned>(GitHunk->old_lines),
                     static_cast<unsigned>(GitHunk->new_start),
                     static_cast<unsigned>(GitHunk->new_lines)});
  }
  return Hunks;
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

/// The bytes of blob \p Id; \p What names it in an error.
Expected<std::string> blobText(git_repository *R, const git_oid *Id,
                               const Twine &What) {
  git_blob *Raw = nullptr;
  if (git_blob_lookup(&Raw, R, Id) < 0)
    return gitError("cannot read " + What);
  BlobPtr Blob(Raw);
  return std::string(static_cast<const char *>(git_blob_rawcontent(Raw)),
                     git_blob_rawsize(Raw));
}

/// The contents of \p Path at a revision whose tree is \p Tree, following
/// symbolic links inside the tree as a checkout would; nullopt when a link
/// dangles or names a directory. A link that leaves the repository is an
/// error.
Expected<std::optional<std::string>>
readAtRevision(git_repository *R, git_tree *Tree, std::string Path, git_oid Id,
               uint32_t Mode, StringRef Rev) {
  // As many links as Linux follows before giving up with ELOOP.
  for (unsigned Hops = 0; Hops <= 40; ++Hops) {
    Expected<std::string> Text =
        blobText(R, &Id, "'" + Twine(Path) + "' at revision '" + Rev + "'");
    if (!Text)
      return Text.takeError();
    if (Mode != GIT_FILEMODE_LINK)
      return std::optional<std::string>(std::move(*Text));
    std::optional<std::string> Target = resolveLink(Path, *Text);
    if (!Target)
      return outsideLinkError(Twine(Path) + " at revision '" + Rev + "'",
                              *Text);
    git_tree_entry *Entry = nullptr;
    if (git_tree_entry_bypath(&Entry, Tree, Target->c_str()) < 0)
      return std::optional<std::string>();
    auto Free = make_scope_exit([&] { git_tree_entry_free(Entry); });
    if (git_tree_entry_type(Entry) != GIT_OBJECT_BLOB)
      return std::optional<std::string>();
    Id = *git_tree_entry_id(Entry);
    Mode = git_tree_entry_filemode(Entry);
    Path = std::move(*Target);
  }
  return fail(Twine(Path) + " at revision '" + Rev +
              "': too many levels of symbolic links");
}

/// A C/C++ source too big to analyze, at either side of \p Delta.
Error checkSourceSize(const git_diff_delta *Delta, StringRef Path) {
  uint64_t Size = std::max(Delta->old_file.size, Delta->new_file.size);
  if (Size <= MaxSourceSize || !isCxxSource(Path))
    return Error::success();
  return fail(Path + ": source file of " + sizeText(Size) +
              ", more than riskguard reads (" + sizeText(MaxSourceSize) +
              "); generate big sources into the build directory (-p) "
              "instead of committing them");
}

/// A gitlink is a submodule's commit, not a file of this repository.
bool isGitlink(const git_diff_delta *Delta) {
  return Delta->old_file.mode == GIT_FILEMODE_COMMIT ||
         Delta->new_file.mode == GIT_FILEMODE_COMMIT;
}

/// The parents of \p C that the repository has: a shallow clone lacks those
/// beyond its boundary.
std::vector<CommitPtr> presentParents(git_repository *R, git_commit *C) {
  std::vector<CommitPtr> Out;
  for (unsigned I = 0, E = git_commit_parentcount(C); I != E; ++I) {
    git_commit *Parent = nullptr;
    if (git_commit_lookup(&Parent, R, git_commit_parent_id(C, I)) == 0)
      Out.emplace_back(Parent);
  }
  return Out;
}

/// walkRange in a shallow clone, whose missing parents libgit2's revwalk
/// cannot step over: every commit reachable from \p Head and not from
/// \p Base, parents before children, the history ending at the boundary.
Error walkShallowRange(git_repository *R, git_commit *Base, git_commit *Head,
                       function_ref<Error(git_commit *)> Visit) {
  std::set<std::string> Seen;
  std::vector<CommitPtr> Stack;
  git_commit *Copy = nullptr;
  if (git_commit_dup(&Copy, Base) < 0)
    return gitError("cannot read the base commit");
  Stack.emplace_back(Copy);
  while (!Stack.empty()) {
    CommitPtr C = std::move(Stack.back());
    Stack.pop_back();
    if (!Seen.insert(oidString(git_commit_id(C.get()))).second)
      continue;
    for (CommitPtr &P : presentParents(R, C.get()))
      Stack.push_back(std::move(P));
  }
  // Post-order from the head puts each commit after its parents.
  std::vector<std::pair<CommitPtr, bool>> Work;
  if (git_commit_dup(&Copy, Head) < 0)
    return gitError("cannot read the head commit");
  Work.emplace_back(CommitPtr(Copy), false);
  while (!Work.empty()) {
    auto [C, Expanded] = std::move(Work.back());
    Work.pop_back();
    std::string Id = oidString(git_commit_id(C.get()));
    if (Expanded) {
      if (Error E = Visit(C.get()))
        return E;
      continue;
    }
    if (!Seen.insert(Id).second)
      continue;
    std::vector<CommitPtr> Parents = presentParents(R, C.get());
    Work.emplace_back(std::move(C), true);
    for (auto It = Parents.rbegin(); It != Parents.rend(); ++It)
      Work.emplace_back(std::move(*It), false);
  }
  return Error::success();
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

  if (git_repository_is_shallow(R) == 1)
    return walkShallowRange(R, Base->get(), Head->get(), Visit);

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
  TreePtr HeadTree;
  if (HeadRev.empty()) {
    Changes.HeadId = "WORKTREE";
    Expected<DiffPtr> D = diffToWorktree(R, BaseTree->get(), BaseRev);
    if (!D)
      return D.takeError();
    Diff = std::move(*D);
  } else {
    Expected<TreePtr> Tree = lookupTree(R, HeadRev, &Changes.HeadId);
    if (!Tree)
      return Tree.takeError();
    HeadTree = std::move(*Tree);
    git_diff_options Opts = diffOptions();
    git_diff *Raw = nullptr;
    if (git_diff_tree_to_tree(&Raw, R, BaseTree->get(), HeadTree.get(), &Opts) <
        0)
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

    // The head side is what the analysis reads; it may not lead outside.
    if (!File.NewPath.empty() && HeadRev.empty()) {
      if (Error E = checkInsideWorkTree(Root, File.NewPath))
        return std::move(E);
    } else if (!File.NewPath.empty() &&
               Delta->new_file.mode == GIT_FILEMODE_LINK) {
      // Through every link of a chain, as the checkout of HeadRev has it.
      Expected<std::optional<std::string>> Text =
          readAtRevision(R, HeadTree.get(), File.NewPath, Delta->new_file.id,
                         Delta->new_file.mode, HeadRev);
      if (!Text)
        return Text.takeError();
    }

    git_patch *RawPatch = nullptr;
    if (git_patch_from_diff(&RawPatch, Diff.get(), I) < 0)
      return gitError("cannot diff '" + File.path() + "'");
    PatchPtr Patch(RawPatch);
    // Loading the patch is what decides whether the file is binary, and
    // fills in the sizes.
    File.Binary = (Delta->flags & GIT_DIFF_FLAG_BINARY) != 0;
    if (!File.Binary)
      if (Error E = checkSourceSize(Delta, File.path()))
        return std::move(E);
    if (Patch) {
      Expected<std::vector<Hunk>> Hunks =
          hunksOf(Patch.get(), "'" + File.path() + "'");
      if (!Hunks)
        return Hunks.takeError();
      File.Hunks = std::move(*Hunks);
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
    // A link reads as the file it names at Rev, as a checkout would have it.
    Expected<std::optional<std::string>> Text =
        readAtRevision(R, Tree->get(), Delta->old_file.path, Delta->old_file.id,
                       Delta->old_file.mode, Rev);
    if (!Text)
      return Text.takeError();
    Files[Delta->old_file.path] = std::move(*Text);
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
        if (const git_signature *Committer = git_commit_committer(Raw)) {
          C.CommitterName = Committer->name ? Committer->name : "";
          C.CommitterEmail = Committer->email ? Committer->email : "";
        }
        const char *Message = git_commit_message(Raw);
        C.Message = Message ? Message : "";
        Expected<std::vector<std::pair<std::string, std::string>>> Trailers =
            messageTrailers(C.Message);
        if (!Trailers)
          return gitError("cannot read the trailers of commit " + C.Id);
        C.Trailers = std::move(*Trailers);
        Commits.push_back(std::move(C));
        return Error::success();
      });
  if (Err)
    return std::move(Err);
  return Commits;
}

Expected<std::vector<std::pair<std::string, std::string>>>
messageTrailers(StringRef Message) {
  // libgit2 applies git's own rules (the last paragraph, mostly "Key: value"
  // lines), so riskguard reads the trailers that `git interpret-trailers`
  // would.
  if (!initLibgit2())
    return gitError("cannot initialize libgit2");
  git_message_trailer_array Trailers{};
  auto Free =
      make_scope_exit([&] { git_message_trailer_array_free(&Trailers); });
  std::string Text = Message.str();
  if (git_message_trailers(&Trailers, Text.c_str()) < 0)
    return gitError("cannot read the trailers of a commit message");
  std::vector<std::pair<std::string, std::string>> Out;
  for (size_t I = 0; I < Trailers.count; ++I)
    Out.emplace_back(Trailers.trailers[I].key, Trailers.trailers[I].value);
  return Out;
}

Expected<std::vector<Hunk>> lineHunks(StringRef Old, StringRef New) {
  if (!initLibgit2())
    return gitError("cannot initialize libgit2");
  git_diff_options Opts = diffOptions();
  git_patch *Raw = nullptr;
  if (git_patch_from_buffers(&Raw, Old.data(), Old.size(), nullptr, New.data(),
                             New.size(), nullptr, &Opts) < 0)
    return gitError("cannot compare two versions of a file");
  PatchPtr Patch(Raw);
  return hunksOf(Patch.get(), "two versions of a file");
}

} // namespace riskguard
