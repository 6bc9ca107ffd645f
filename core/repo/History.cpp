//===- History.cpp - Writing commits (for the demo and tests) -------------===//
#include "repo/History.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <ctime>
#include <git2.h>

namespace riskguard {

namespace {

llvm::Error gitError(const llvm::Twine &What) {
  const git_error *E = git_error_last();
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 What + ": " +
                                     (E ? E->message : "unknown error"));
}

/// Frees a libgit2 object when it goes out of scope.
template <typename T, void (*Free)(T *)> struct Owned {
  T *Ptr = nullptr;
  ~Owned() {
    if (Ptr)
      Free(Ptr);
  }
};

} // namespace

std::optional<int64_t> parseUTCTime(llvm::StringRef Text) {
  std::tm T = {};
  unsigned Y, Mo, D, H, Mi, S;
  char Z = 0;
  if (std::sscanf(Text.str().c_str(), "%4u-%2u-%2uT%2u:%2u:%2u%c", &Y, &Mo, &D,
                  &H, &Mi, &S, &Z) != 7 ||
      Z != 'Z')
    return std::nullopt;
  T.tm_year = Y - 1900;
  T.tm_mon = Mo - 1;
  T.tm_mday = D;
  T.tm_hour = H;
  T.tm_min = Mi;
  T.tm_sec = S;
  return static_cast<int64_t>(timegm(&T));
}

llvm::Expected<std::vector<std::string>>
writeHistory(llvm::StringRef Dir, llvm::ArrayRef<CommitSpec> Commits) {
  git_libgit2_init();
  Owned<git_repository, git_repository_free> Repo;
  git_repository_init_options Init;
  git_repository_init_options_init(&Init, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
  Init.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
  Init.initial_head = "main";
  std::string DirStr = Dir.str();
  if (git_repository_init_ext(&Repo.Ptr, DirStr.c_str(), &Init))
    return gitError("cannot create a repository in '" + Dir + "'");

  std::vector<std::string> Ids;
  git_oid Parent;
  bool HaveParent = false;
  for (const CommitSpec &C : Commits) {
    Owned<git_index, git_index_free> Index;
    if (git_repository_index(&Index.Ptr, Repo.Ptr))
      return gitError("cannot open the index");
    for (const auto &[Path, Contents] : C.Files) {
      llvm::SmallString<256> Abs(Dir);
      llvm::sys::path::append(Abs, Path);
      if (!Contents) {
        llvm::sys::fs::remove(Abs);
        if (git_index_remove_bypath(Index.Ptr, Path.c_str()))
          return gitError("cannot remove '" + Path + "'");
        continue;
      }
      llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Abs));
      std::error_code EC;
      llvm::raw_fd_ostream OS(Abs, EC);
      if (EC)
        return llvm::createStringError(EC, "cannot write '" + Abs + "'");
      OS << *Contents;
      OS.close();
      if (git_index_add_bypath(Index.Ptr, Path.c_str()))
        return gitError("cannot add '" + Path + "'");
    }
    git_oid Tree, Commit;
    if (git_index_write(Index.Ptr) || git_index_write_tree(&Tree, Index.Ptr))
      return gitError("cannot write the index");
    Owned<git_tree, git_tree_free> TreeObj;
    Owned<git_signature, git_signature_free> Sig;
    Owned<git_commit, git_commit_free> ParentObj;
    if (git_tree_lookup(&TreeObj.Ptr, Repo.Ptr, &Tree) ||
        git_signature_new(&Sig.Ptr, C.AuthorName.c_str(), C.AuthorEmail.c_str(),
                          C.Time, 0))
      return gitError("cannot prepare a commit");
    if (HaveParent && git_commit_lookup(&ParentObj.Ptr, Repo.Ptr, &Parent))
      return gitError("cannot read the parent commit");
    const git_commit *Parents[] = {ParentObj.Ptr};
    if (git_commit_create(&Commit, Repo.Ptr, "HEAD", Sig.Ptr, Sig.Ptr, nullptr,
                          C.Message.c_str(), TreeObj.Ptr, HaveParent ? 1 : 0,
                          Parents))
      return gitError("cannot create a commit");
    Parent = Commit;
    HaveParent = true;
    char Hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(Hex, sizeof(Hex), &Commit);
    Ids.push_back(Hex);
  }
  return Ids;
}

} // namespace riskguard
