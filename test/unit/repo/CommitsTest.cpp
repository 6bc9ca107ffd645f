//===- CommitsTest.cpp - Repository::commits against a real repository ----===//
//
// The repository is made with the git command line, with fixed dates, no
// system config and HOME in the scratch directory, so the user's identity,
// hooks and commit templates cannot change what is committed.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"
#include "repo/Repository.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "gtest/gtest.h"
#include <cstdlib>
#include <optional>

using namespace llvm;
using namespace riskguard;

namespace {

using Trailers = std::vector<std::pair<std::string, std::string>>;

class CommitsTest : public ::testing::Test {
protected:
  void SetUp() override {
    SmallString<128> Tmp, Real;
    ASSERT_FALSE(sys::fs::createUniqueDirectory("riskguard-commits-test", Tmp));
    ASSERT_FALSE(sys::fs::real_path(Tmp, Real));
    Top = std::string(Real);
    Dir = Top + "/work";
    ASSERT_FALSE(sys::fs::create_directory(Dir));
    for (const char *Name : {"HOME", "XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL"}) {
      const char *Value = std::getenv(Name);
      Saved.push_back(
          {Name, Value ? std::optional<std::string>(Value) : std::nullopt});
    }
    testsupport::setReproducibleGitEnvironment();
    ::setenv("HOME", Top.c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", Top.c_str(), 1);
    ::unsetenv("GIT_CONFIG_GLOBAL");
    run("git init -q -b main");
  }

  void TearDown() override {
    for (const auto &[Name, Value] : Saved) {
      if (Value)
        ::setenv(Name.c_str(), Value->c_str(), 1);
      else
        ::unsetenv(Name.c_str());
    }
    sys::fs::remove_directories(Top);
  }

  void run(const std::string &Command) {
    std::string Full = "cd '" + Dir + "' && " + Command;
    ASSERT_EQ(std::system(Full.c_str()), 0) << Full;
  }

  /// Commits a change to "a.cc" as \p Author with \p Message, byte for
  /// byte; \p Committer ("Name <email>") when given.
  void commit(StringRef Author, StringRef Email, StringRef Message,
              StringRef CommitterName = {}, StringRef CommitterEmail = {}) {
    testsupport::writeFile(Dir, "a.cc", "// " + std::to_string(++Count) + "\n");
    testsupport::writeFile(Top, "message", Message);
    std::string Committer;
    if (!CommitterName.empty())
      Committer = "GIT_COMMITTER_NAME='" + CommitterName.str() +
                  "' GIT_COMMITTER_EMAIL='" + CommitterEmail.str() + "' ";
    run("git add -A && GIT_AUTHOR_NAME='" + Author.str() +
        "' GIT_AUTHOR_EMAIL='" + Email.str() + "' " + Committer +
        "git commit -q --cleanup=verbatim -F '" + Top + "/message'");
  }

  std::string sha(const std::string &Rev) {
    run("git rev-parse " + Rev + " > '" + Top + "/sha'");
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
        MemoryBuffer::getFile(Top + "/sha");
    if (!Buffer)
      return "";
    return (*Buffer)->getBuffer().rtrim().str();
  }

  std::unique_ptr<Repository> openRepo() {
    Expected<std::unique_ptr<Repository>> Repo = Repository::open(Dir);
    if (!Repo) {
      ADD_FAILURE() << toString(Repo.takeError());
      return nullptr;
    }
    return std::move(*Repo);
  }

  std::string Top; ///< Scratch directory, also HOME.
  std::string Dir; ///< The working tree.
  int Count = 0;
  std::vector<std::pair<std::string, std::optional<std::string>>> Saved;
};

TEST_F(CommitsTest, OldestFirstWithAuthorsMessagesAndTrailers) {
  commit("Base Author", "base@example.com", "base\n");
  commit("Ann Author", "ann@example.com", "first\n");
  commit("Dana Dev", "dana@example.com",
         "second: adjust the discount\n"
         "\n"
         "Body text: not a trailer, it is not in the last paragraph.\n"
         "\n"
         "Reviewed-by: Alice <alice@x.com>\n"
         "Approved-by: bob\n"
         "Assisted-by: Copilot\n");
  commit("Ann Author", "ann@example.com", "third\n\nNo trailers here.\n");
  std::string Base = sha("HEAD~3");

  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  Expected<std::vector<Repository::Commit>> Commits = Repo->commits(Base);
  ASSERT_TRUE(bool(Commits)) << toString(Commits.takeError());
  ASSERT_EQ(Commits->size(), 3u);

  const Repository::Commit &First = (*Commits)[0];
  EXPECT_EQ(First.Id, sha("HEAD~2"));
  EXPECT_EQ(First.AuthorName, "Ann Author");
  EXPECT_EQ(First.AuthorEmail, "ann@example.com");
  EXPECT_EQ(First.Message, "first\n");
  EXPECT_EQ(First.Trailers, Trailers{});

  const Repository::Commit &Second = (*Commits)[1];
  EXPECT_EQ(Second.Id, sha("HEAD~1"));
  EXPECT_EQ(Second.AuthorName, "Dana Dev");
  EXPECT_EQ(Second.AuthorEmail, "dana@example.com");
  EXPECT_EQ(Second.Message,
            "second: adjust the discount\n"
            "\n"
            "Body text: not a trailer, it is not in the last paragraph.\n"
            "\n"
            "Reviewed-by: Alice <alice@x.com>\n"
            "Approved-by: bob\n"
            "Assisted-by: Copilot\n");
  EXPECT_EQ(Second.Trailers, (Trailers{{"Reviewed-by", "Alice <alice@x.com>"},
                                       {"Approved-by", "bob"},
                                       {"Assisted-by", "Copilot"}}));

  const Repository::Commit &Third = (*Commits)[2];
  EXPECT_EQ(Third.Id, sha("HEAD"));
  EXPECT_EQ(Third.Message, "third\n\nNo trailers here.\n");
  EXPECT_EQ(Third.Trailers, Trailers{});
}

TEST_F(CommitsTest, CommitterIsReadApartFromTheAuthor) {
  commit("Base Author", "base@example.com", "base\n");
  commit("Dana Dev", "dana@example.com", "change\n\nReviewed-by: alice\n",
         "Review Server", "gerrit@example.com");
  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  Expected<std::vector<Repository::Commit>> Commits = Repo->commits("HEAD~1");
  ASSERT_TRUE(bool(Commits)) << toString(Commits.takeError());
  ASSERT_EQ(Commits->size(), 1u);
  EXPECT_EQ((*Commits)[0].AuthorEmail, "dana@example.com");
  EXPECT_EQ((*Commits)[0].CommitterName, "Review Server");
  EXPECT_EQ((*Commits)[0].CommitterEmail, "gerrit@example.com");
}

TEST_F(CommitsTest, ExplicitHeadAndEmptyRange) {
  commit("Ann Author", "ann@example.com", "base\n");
  commit("Ann Author", "ann@example.com", "one\n\nApproved-by: bob\n");
  commit("Ann Author", "ann@example.com", "two\n");

  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  Expected<std::vector<Repository::Commit>> One =
      Repo->commits("HEAD~2", "HEAD~1");
  ASSERT_TRUE(bool(One)) << toString(One.takeError());
  ASSERT_EQ(One->size(), 1u);
  EXPECT_EQ((*One)[0].Message, "one\n\nApproved-by: bob\n");
  EXPECT_EQ((*One)[0].Trailers, (Trailers{{"Approved-by", "bob"}}));

  Expected<std::vector<Repository::Commit>> None = Repo->commits("HEAD");
  ASSERT_TRUE(bool(None)) << toString(None.takeError());
  EXPECT_EQ(None->size(), 0u);
}

TEST_F(CommitsTest, MergedBranchesComeParentsFirst) {
  commit("Ann Author", "ann@example.com", "base\n");
  run("git checkout -q -b side");
  commit("Ann Author", "ann@example.com", "side\n");
  run("git checkout -q main");
  testsupport::writeFile(Dir, "b.cc", "b\n");
  run("git add -A && git commit -q -m main");
  run("git merge -q --no-ff -m merge side");

  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  Expected<std::vector<Repository::Commit>> Commits =
      Repo->commits(sha("HEAD~1~1"));
  ASSERT_TRUE(bool(Commits)) << toString(Commits.takeError());
  std::vector<std::string> Messages;
  for (const Repository::Commit &C : *Commits)
    Messages.push_back(C.Message);
  // Both branches precede the merge whatever their (equal) dates say.
  ASSERT_EQ(Messages.size(), 3u);
  EXPECT_EQ(Messages.back(), "merge\n");
  EXPECT_EQ((std::vector<std::string>(Messages.begin(), Messages.end() - 1)),
            (std::vector<std::string>{"main\n", "side\n"}));
}

TEST_F(CommitsTest, UnknownRevisionReadsAsInResolve) {
  commit("Ann Author", "ann@example.com", "base\n");
  std::unique_ptr<Repository> Repo = openRepo();
  ASSERT_TRUE(Repo);
  Expected<std::string> Resolved = Repo->resolve("no-such-branch");
  ASSERT_FALSE(bool(Resolved));
  std::string Want = toString(Resolved.takeError());
  EXPECT_EQ(Want,
            "unknown revision 'no-such-branch': revspec 'no-such-branch' not "
            "found");

  Expected<std::vector<Repository::Commit>> BadBase =
      Repo->commits("no-such-branch");
  ASSERT_FALSE(bool(BadBase));
  EXPECT_EQ(toString(BadBase.takeError()), Want);

  Expected<std::vector<Repository::Commit>> BadHead =
      Repo->commits("HEAD", "no-such-branch");
  ASSERT_FALSE(bool(BadHead));
  EXPECT_EQ(toString(BadHead.takeError()), Want);
}

} // namespace
