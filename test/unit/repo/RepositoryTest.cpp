//===- RepositoryTest.cpp - Repository against real git repositories ------===//
//
// Each test builds a small repository with the git command line (fixed
// identity and dates, no user config) and reads it back through libgit2.
//
//===----------------------------------------------------------------------===//

#include "repo/Repository.h"
#include "TestSupport.h"
#include "repo/Paths.h"
#include "repo/SourceFiles.h"
#include "repo/UnifiedDiff.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <cstdlib>

using namespace llvm;
using namespace riskguard;

namespace {

template <typename T> T valueOrFail(Expected<T> Value) {
  if (!Value) {
    ADD_FAILURE() << "unexpected error: " << toString(Value.takeError());
    return T();
  }
  return std::move(*Value);
}

template <typename T> std::string errorText(Expected<T> Value) {
  if (Value)
    return "<no error>";
  return toString(Value.takeError());
}

/// One line per file: status, old and new path, "binary", then the hunks.
std::string describe(const ChangeSet &Changes) {
  return testsupport::describeChanges(Changes);
}

std::string tenLines(StringRef Last) {
  std::string Out;
  for (int I = 1; I < 10; ++I)
    Out += "line number " + std::to_string(I) + " of a longer file\n";
  return Out + Last.str() + "\n";
}

class RepositoryTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    // Reproducible commits, and nothing from the user's or system config
    // (diff.noprefix, color, hooks) may change what git writes.
    testsupport::setReproducibleGitEnvironment();
    ::setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
  }

  void SetUp() override {
    SmallString<128> Tmp, Real;
    ASSERT_FALSE(sys::fs::createUniqueDirectory("riskguard-repo-test", Tmp));
    ASSERT_FALSE(sys::fs::real_path(Tmp, Real));
    Top = std::string(Real);
    Dir = Top + "/work";
    ASSERT_FALSE(sys::fs::create_directory(Dir));
    git("init -q -b main");
  }

  void TearDown() override { sys::fs::remove_directories(Top); }

  void run(const std::string &Command, const std::string &In = "") {
    std::string Full = "cd '" + (In.empty() ? Dir : In) + "' && " + Command;
    ASSERT_EQ(std::system(Full.c_str()), 0) << Full;
  }
  void git(const std::string &Args) { run("git " + Args); }

  /// Writes \p Content byte for byte to \p Path below the working tree.
  void write(StringRef Path, StringRef Content) {
    SmallString<128> Full(Dir);
    sys::path::append(Full, Path);
    ASSERT_FALSE(sys::fs::create_directories(sys::path::parent_path(Full)));
    std::error_code EC;
    raw_fd_ostream OS(Full, EC, sys::fs::OF_None);
    ASSERT_FALSE(EC) << Full.str().str();
    OS << Content;
  }

  void remove(StringRef Path) {
    ASSERT_FALSE(sys::fs::remove(Dir + "/" + Path.str()));
  }

  void commit(StringRef Message) {
    std::error_code EC;
    raw_fd_ostream OS(Top + "/message", EC, sys::fs::OF_None);
    ASSERT_FALSE(EC);
    OS << Message;
    OS.close();
    run("git add -A && git commit -q --allow-empty -F '" + Top + "/message'");
  }

  /// Runs \p Command in the working tree and returns its standard output.
  std::string output(const std::string &Command) {
    std::string OutFile = Top + "/output";
    run(Command + " > '" + OutFile + "'");
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
        MemoryBuffer::getFile(OutFile, /*IsText=*/false,
                              /*RequiresNullTerminator=*/false);
    if (!Buffer) {
      ADD_FAILURE() << "cannot read " << OutFile;
      return "";
    }
    return (*Buffer)->getBuffer().str();
  }

  std::string sha(const std::string &Rev) {
    return StringRef(output("git rev-parse " + Rev)).rtrim().str();
  }

  std::unique_ptr<Repository> openRepo(StringRef Path = {}) {
    return valueOrFail(Repository::open(Path.empty() ? StringRef(Dir) : Path));
  }

  std::string Top; ///< Scratch directory: holds Dir, messages and patches.
  std::string Dir; ///< The working tree.
};

TEST_F(RepositoryTest, OpenFindsTheRootFromASubdirectory) {
  write("src/deep/a.cc", "int a;\n");
  commit("base\n");
  std::unique_ptr<Repository> Repo = openRepo(Dir + "/src/deep");
  ASSERT_TRUE(Repo);
  EXPECT_EQ(Repo->root(), Dir);
}

TEST_F(RepositoryTest, OpenResolvesSymlinksInTheRoot) {
  write("a.cc", "int a;\n");
  commit("base\n");
  ASSERT_FALSE(sys::fs::create_link(Dir, Top + "/link"));
  std::unique_ptr<Repository> Repo = openRepo(Top + "/link/");
  ASSERT_TRUE(Repo);
  EXPECT_EQ(Repo->root(), Dir);
}

TEST_F(RepositoryTest, OpenRejectsABareRepository) {
  run("git init -q --bare bare.git", Top);
  EXPECT_EQ(errorText(Repository::open(Top + "/bare.git")),
            "repository at '" + Top +
                "/bare.git' is bare: riskguard needs a working tree");
}

TEST_F(RepositoryTest, OpenFailsOutsideARepository) {
  ASSERT_FALSE(sys::fs::create_directory(Top + "/plain"));
  std::string Error = errorText(Repository::open(Top + "/plain"));
  EXPECT_TRUE(StringRef(Error).starts_with("cannot open a git repository at '" +
                                           Top + "/plain': "))
      << Error;
}

TEST_F(RepositoryTest, ResolvesRevisionsToCommitIds) {
  write("a.cc", "1\n");
  commit("one\n");
  write("a.cc", "2\n");
  commit("two\n");
  git("tag -a -m release v1");
  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  std::string Head = sha("HEAD"), Parent = sha("HEAD~1");
  ASSERT_EQ(Head.size(), 40u);
  EXPECT_EQ(valueOrFail(Repo->resolve("HEAD")), Head);
  EXPECT_EQ(valueOrFail(Repo->resolve("main")), Head);
  EXPECT_EQ(valueOrFail(Repo->resolve("v1")), Head); // annotated tag, peeled
  EXPECT_EQ(valueOrFail(Repo->resolve("HEAD~1")), Parent);
  EXPECT_EQ(valueOrFail(Repo->resolve(Parent.substr(0, 10))), Parent);
}

TEST_F(RepositoryTest, UnknownRevisionIsNamedInTheError) {
  write("a.cc", "1\n");
  commit("one\n");
  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  EXPECT_EQ(errorText(Repo->resolve("no-such-branch")),
            "unknown revision 'no-such-branch': revspec 'no-such-branch' not "
            "found");
  EXPECT_EQ(errorText(Repo->diff("HEAD~5")),
            "unknown revision 'HEAD~5': parent 0 does not exist");
}

TEST_F(RepositoryTest, DiffBetweenTwoCommits) {
  write("keep.cc", "int keep;\n");
  write("mod.cc", "a\nb\nc\nd\ne\n");
  write("del.cc", "gone\n");
  write("ren_old.cc", tenLines("last"));
  write("bin.dat", StringRef("\0\1\2\3", 4));
  commit("base\n");
  write("mod.cc", "a\nB\nc\nd\ne\nf\ng\n");
  remove("del.cc");
  remove("ren_old.cc");
  write("ren_new.cc", tenLines("the last line changed"));
  write("add.cc", "x\ny\n");
  write("bin.dat", StringRef("\0\1\2\4", 4));
  commit("head\n");

  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  ChangeSet Changes = valueOrFail(Repo->diff("HEAD~1", "HEAD"));
  EXPECT_EQ(Changes.BaseId, sha("HEAD~1"));
  EXPECT_EQ(Changes.HeadId, sha("HEAD"));
  EXPECT_EQ(describe(Changes), "A |add.cc -0,0 +1,2\n"
                               "M bin.dat|bin.dat binary\n"
                               "D del.cc| -1,1 +0,0\n"
                               "M mod.cc|mod.cc -2,1 +2,1 -5,0 +6,2\n"
                               "R ren_old.cc|ren_new.cc -10,1 +10,1\n");
}

TEST_F(RepositoryTest, DiffAgainstTheWorkingTree) {
  write(".gitignore", "build/\n*.o\n");
  write("mod.cc", "one\ntwo\n");
  write("same.cc", "same\n");
  commit("base\n");
  write("mod.cc", "one\n2\n");
  write("staged.cc", "s\n");
  git("add staged.cc");
  write("staged.cc", "s\nt\n"); // staged, then edited again
  write("newdir/sub/untracked.cc", "u\n");
  write("build/out.cc", "ignored\n");
  write("obj.o", "ignored\n");

  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  ChangeSet Changes = valueOrFail(Repo->diff("HEAD"));
  EXPECT_EQ(Changes.BaseId, sha("HEAD"));
  EXPECT_EQ(Changes.HeadId, "WORKTREE");
  EXPECT_EQ(describe(Changes), "M mod.cc|mod.cc -2,1 +2,1\n"
                               "A |newdir/sub/untracked.cc -0,0 +1,1\n"
                               "A |staged.cc -0,0 +1,2\n");
}

TEST_F(RepositoryTest, DiffSeesAStagedDeletionAndAPlainMove) {
  write("a.cc", tenLines("a"));
  write("b.cc", "b\n");
  commit("base\n");
  git("rm -q b.cc");
  ASSERT_FALSE(sys::fs::rename(Dir + "/a.cc", Dir + "/moved.cc"));
  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  EXPECT_EQ(describe(valueOrFail(Repo->diff("HEAD"))), "D b.cc| -1,1 +0,0\n"
                                                       "R a.cc|moved.cc\n");
}

TEST_F(RepositoryTest, SnapshotHoldsBaseContentsOfDifferingFiles) {
  write(".gitignore", "*.o\n");
  write("mod.cc", "old\n");
  write("del.cc", "deleted\n");
  write("ren.cc", tenLines("renamed"));
  write("same.cc", "same\n");
  commit("base\n");
  write("mod.cc", "new\n");
  remove("del.cc");
  git("mv ren.cc moved.cc");
  write("untracked.cc", "u\n");
  write("obj.o", "ignored\n");

  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  Snapshot Expected = {{"del.cc", std::string("deleted\n")},
                       {"mod.cc", std::string("old\n")},
                       {"moved.cc", std::nullopt},
                       {"ren.cc", tenLines("renamed")},
                       {"untracked.cc", std::nullopt}};
  EXPECT_EQ(valueOrFail(Repo->snapshot("HEAD")), Expected);
}

TEST_F(RepositoryTest, CommitMessagesOldestFirst) {
  write("a.cc", "0\n");
  commit("base\n");
  write("a.cc", "1\n");
  commit("first\n");
  write("a.cc", "2\n");
  commit("second\n\nBody text.\n\nReviewed-by: alice\nAssisted-by: bot\n");
  write("a.cc", "3\n");
  commit("third\n");
  std::string Base = sha("HEAD~3");

  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  EXPECT_EQ(valueOrFail(Repo->commitMessages(Base)),
            (std::vector<std::string>{
                "first\n",
                "second\n\nBody text.\n\nReviewed-by: alice\nAssisted-by: "
                "bot\n",
                "third\n"}));
  EXPECT_EQ(valueOrFail(Repo->commitMessages("HEAD~3", "HEAD~2")),
            std::vector<std::string>{"first\n"});
  EXPECT_EQ(valueOrFail(Repo->commitMessages("HEAD")),
            std::vector<std::string>{});
}

/// Builds base and head commits covering every kind of change reversePatch
/// must undo; returns the expected base side.
class ReversePatchRoundTrip : public RepositoryTest {
protected:
  void SetUp() override {
    RepositoryTest::SetUp();
    std::string A;
    for (int I = 1; I <= 12; ++I)
      A += "int v" + std::to_string(I) + " = " + std::to_string(I) + ";\n";
    Base = {{"a.cc", A},
            {"noeol.cc", std::string("x\ny")},
            {"gains_eol.cc", std::string("p\nq")},
            {"loses_eol.cc", std::string("p\nq\n")},
            {"crlf.cc", std::string("one\r\ntwo\r\nthree\r\n")},
            {"mixed.cc", std::string("a\r\nb\nc\r\nd\n")},
            {"del.cc", std::string("bye\nnow\n")},
            {"ren_old.cc", tenLines("old last")},
            {"pure_old.cc", tenLines("pure")}};
    for (const auto &[Path, Content] : Base)
      write(Path, *Content);
    write("same.cc", "same\n");
    write("logo.png", StringRef("\x89PNG\0\1", 6));
    commit("base\n");

    std::string NewA = A;
    NewA.replace(NewA.find("int v2 = 2;"), 11, "int v2 = 20;");
    NewA.replace(NewA.find("int v7 = 7;\nint v8 = 8;\n"), 24,
                 "int v7 = 70;\nint v7b = 71;\nint v8 = 80;\n");
    NewA.erase(NewA.find("int v10 = 10;\n"), 14);
    NewA += "int v13 = 13;\n";
    write("a.cc", NewA);
    write("noeol.cc", "x\nz");
    write("gains_eol.cc", "p\nq\n");
    write("loses_eol.cc", "p\nq");
    write("crlf.cc", "one\r\nTWO\r\nthree\r\nfour\r\n");
    write("mixed.cc", "a\r\nB\nc\r\nd\n");
    remove("del.cc");
    remove("ren_old.cc");
    write("ren_new.cc", tenLines("new last"));
    git("mv pure_old.cc pure_new.cc");
    write("added.cc", "fresh\n");
    write("empty_added.cc", "");
    write("logo.png", StringRef("\x89PNG\0\2", 6));
    commit("head\n");

    Base["added.cc"] = std::nullopt;
    Base["empty_added.cc"] = std::nullopt;
    Base["ren_new.cc"] = std::nullopt;
    Base["pure_new.cc"] = std::nullopt;
  }

  Snapshot Base;
};

TEST_F(ReversePatchRoundTrip, GivesBackTheBaseByteForByte) {
  for (std::string Options : {"", "-U0", "-U1", "--binary", "-U0 --binary"}) {
    SCOPED_TRACE("git diff " + Options);
    std::string Patch =
        output("git diff --no-color --no-ext-diff " + Options + " HEAD~1 HEAD");
    Expected<Snapshot> Result = reversePatch(Patch, "change.diff", Dir);
    ASSERT_TRUE(bool(Result)) << toString(Result.takeError());
    EXPECT_EQ(*Result, Base);

    // The same patch after a trip through a tool that wrote CRLF.
    std::string CRLFPatch;
    for (char C : Patch)
      CRLFPatch += C == '\n' ? std::string("\r\n") : std::string(1, C);
    Result = reversePatch(CRLFPatch, "change.diff", Dir);
    ASSERT_TRUE(bool(Result)) << toString(Result.takeError());
    EXPECT_EQ(*Result, Base);
  }
}

TEST_F(ReversePatchRoundTrip, ParsedPatchMatchesTheRepositoryDiff) {
  std::string Patch =
      output("git diff --no-color --no-ext-diff -U0 HEAD~1 HEAD");
  ChangeSet Parsed = valueOrFail(parseUnifiedDiff(Patch, "change.diff"));
  EXPECT_EQ(Parsed.BaseId, "");
  EXPECT_EQ(Parsed.HeadId, "WORKTREE");
  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  std::string FromRepo = describe(valueOrFail(Repo->diff("HEAD~1", "HEAD")));
  EXPECT_EQ(describe(Parsed), FromRepo);
  EXPECT_EQ(FromRepo,
            "M a.cc|a.cc -2,1 +2,1 -7,2 +7,3 -10,1 +10,0 -12,0 +13,1\n"
            "A |added.cc -0,0 +1,1\n"
            "M crlf.cc|crlf.cc -2,1 +2,1 -3,0 +4,1\n"
            "D del.cc| -1,2 +0,0\n"
            "A |empty_added.cc\n"
            "M gains_eol.cc|gains_eol.cc -2,1 +2,1\n"
            "M logo.png|logo.png binary\n"
            "M loses_eol.cc|loses_eol.cc -2,1 +2,1\n"
            "M mixed.cc|mixed.cc -2,1 +2,1\n"
            "M noeol.cc|noeol.cc -2,1 +2,1\n"
            "R pure_old.cc|pure_new.cc\n"
            "R ren_old.cc|ren_new.cc -10,1 +10,1\n");
}

TEST_F(ReversePatchRoundTrip, RejectsAWorkingTreeThePatchDoesNotDescribe) {
  std::string Patch =
      output("git diff --no-color --no-ext-diff -U0 HEAD~1 HEAD");
  write("a.cc", "int v1 = 1;\nint v2 = 2;\n");
  size_t HunkLine =
      1 + count(StringRef(Patch).take_front(Patch.find("@@ -2 +2 @@")), '\n');
  EXPECT_EQ(errorText(reversePatch(Patch, "change.diff", Dir)),
            "change.diff:" + std::to_string(HunkLine) +
                ": patch does not apply to a.cc: hunk @@ -2,1 +2,1 @@ "
                "expects line 2 to be \"int v2 = 20;\", found \"int v2 = 2;\"");
}

TEST_F(RepositoryTest, ShallowCloneWithoutTheBase) {
  write("a.cc", "int a = 1;\n");
  commit("base\n");
  write("a.cc", "int a = 2;\n");
  write("b.cc", "int b;\n");
  commit("head\n");
  std::string Patch = output("git diff --no-color --no-ext-diff HEAD~1 HEAD");
  run("git clone -q --depth 1 'file://" + Dir + "' shallow", Top);
  std::string Shallow = Top + "/shallow";
  ASSERT_TRUE(sys::fs::exists(Shallow + "/.git/shallow"));

  std::unique_ptr<Repository> Repo = openRepo(Shallow);
  ASSERT_TRUE(Repo);
  EXPECT_EQ(Repo->root(), Shallow);
  EXPECT_EQ(errorText(Repo->resolve("HEAD~1")),
            "unknown revision 'HEAD~1': the repository is a shallow clone "
            "and its history does not reach that revision; fetch more "
            "history (git fetch --deepen=N, or --unshallow) or pass the "
            "change as a patch with --diff");
  EXPECT_EQ(describe(valueOrFail(Repo->diff("HEAD"))), "");

  Snapshot Expected = {{"a.cc", std::string("int a = 1;\n")},
                       {"b.cc", std::nullopt}};
  EXPECT_EQ(valueOrFail(reversePatch(Patch, "pr.diff", Repo->root())),
            Expected);
}

TEST_F(RepositoryTest, ARepositoryWithoutCommitsSaysSo) {
  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  EXPECT_EQ(errorText(Repo->resolve("HEAD~1")),
            "unknown revision 'HEAD~1': the repository has no commits yet; "
            "commit the code first, or pass the change as a patch with "
            "--diff");
}

TEST_F(RepositoryTest, CommitsOfAShallowCloneEndAtItsBoundary) {
  for (int I = 1; I <= 3; ++I) {
    write("a.cc", "int a = " + std::to_string(I) + ";\n");
    commit("commit " + std::to_string(I) + "\n");
  }
  run("git clone -q --depth 2 'file://" + Dir + "' shallow", Top);
  std::unique_ptr<Repository> Repo = openRepo(Top + "/shallow");
  ASSERT_TRUE(Repo);
  std::vector<Repository::Commit> Commits =
      valueOrFail(Repo->commits("HEAD~1", "HEAD"));
  ASSERT_EQ(Commits.size(), 1u);
  EXPECT_EQ(Commits[0].Message, "commit 3\n");
  EXPECT_EQ(valueOrFail(Repo->commits("HEAD~1")).size(), 1u);
}

TEST(ResolveLink, StaysInsideOrLeaves) {
  EXPECT_EQ(resolveLink("src/a.cc", "../gen/a.cc"), "gen/a.cc");
  EXPECT_EQ(resolveLink("src/a.cc", "./b.cc"), "src/b.cc");
  EXPECT_EQ(resolveLink("a.cc", "x//y/../b.cc"), "x/b.cc");
  EXPECT_EQ(resolveLink("src/a.cc", "../../a.cc"), std::nullopt);
  EXPECT_EQ(resolveLink("a.cc", "../a.cc"), std::nullopt);
  EXPECT_EQ(resolveLink("a.cc", "/etc/passwd"), std::nullopt);
  EXPECT_EQ(resolveLink("src/a.cc", ".."), std::nullopt);
  EXPECT_EQ(resolveLink("src/a.cc", ""), std::nullopt);
}

TEST_F(RepositoryTest, SnapshotReadsThroughLinksInsideTheRepository) {
  write("gen/a.cc", "int a = 1;\n");
  ASSERT_FALSE(sys::fs::create_directories(Dir + "/src"));
  ASSERT_FALSE(sys::fs::create_link("../gen/a.cc", Dir + "/src/a.cc"));
  ASSERT_FALSE(sys::fs::create_link("a.cc", Dir + "/src/b.cc"));
  ASSERT_FALSE(sys::fs::create_link("missing.cc", Dir + "/src/c.cc"));
  commit("base\n");
  remove("src/a.cc");
  remove("src/b.cc");
  remove("src/c.cc");
  write("src/a.cc", "int a = 2;\n");
  write("src/b.cc", "int b = 2;\n");
  write("src/c.cc", "int c = 2;\n");
  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  Snapshot Expected = {{"src/a.cc", std::string("int a = 1;\n")},
                       {"src/b.cc", std::string("int a = 1;\n")},
                       {"src/c.cc", std::nullopt}};
  EXPECT_EQ(valueOrFail(Repo->snapshot("HEAD")), Expected);
}

TEST_F(RepositoryTest, LinksOutOfTheRepositoryAreErrors) {
  write("a.cc", "int a = 1;\n");
  commit("base\n");
  ASSERT_FALSE(sys::fs::create_link("../../outside.cc", Dir + "/b.cc"));
  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  const std::string Why =
      "' leaves the repository; riskguard reads only files of the "
      "repository (commit the file itself, or a link that stays inside)";
  // The working tree: only a link to an existing file can be read.
  write("../outside.cc", "int outside;\n");
  ASSERT_FALSE(sys::fs::create_link(Top + "/outside.cc", Dir + "/c.cc"));
  EXPECT_EQ(errorText(Repo->diff("HEAD")),
            "c.cc: symbolic link to '" + Top + "/outside.cc" + Why);
  remove("c.cc");
  // Committed: at the head, also at the end of a chain, then at the base.
  ASSERT_FALSE(sys::fs::create_link("b.cc", Dir + "/chain.cc"));
  commit("link\n");
  EXPECT_EQ(errorText(Repo->diff("HEAD~1", "HEAD")),
            "b.cc at revision 'HEAD': symbolic link to '../../outside.cc" +
                Why);
  remove("chain.cc");
  commit("no chain\n");
  // Only the link to the link changes.
  ASSERT_FALSE(sys::fs::create_link("b.cc", Dir + "/chain.cc"));
  commit("chain\n");
  EXPECT_EQ(errorText(Repo->diff("HEAD~1", "HEAD")),
            "b.cc at revision 'HEAD': symbolic link to '../../outside.cc" +
                Why);
  remove("b.cc");
  write("b.cc", "int b;\n");
  EXPECT_EQ(errorText(Repo->snapshot("HEAD")),
            "b.cc at revision 'HEAD': symbolic link to '../../outside.cc" +
                Why);
}

TEST_F(RepositoryTest, OversizedSourcesAreErrors) {
  write("data.txt", "x\n");
  write("a.cc", "int a;\n");
  commit("base\n");
  std::string Big(MaxSourceSize + 1, 'x');
  Big.back() = '\n';
  write("a.cc", "//" + Big);
  write("data.txt", Big); // Not a source: not limited.
  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  EXPECT_EQ(errorText(Repo->diff("HEAD")),
            "a.cc: source file of 32.0 MiB, more than riskguard reads (32.0 "
            "MiB); generate big sources into the build directory (-p) "
            "instead of committing them");
  write("a.cc", "int a;\n");
  EXPECT_TRUE(static_cast<bool>(Repo->diff("HEAD")));
}

} // namespace
