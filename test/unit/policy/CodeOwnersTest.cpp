//===- CodeOwnersTest.cpp - Tests for reading CODEOWNERS ------------------===//

#include "TestSupport.h"
#include "policy/Review.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "gtest/gtest.h"
#include <string>
#include <vector>

using namespace riskguard;

namespace {

using Owners = std::vector<std::string>;

/// Parses \p Text, failing the test on an error.
CodeOwners parseOk(llvm::StringRef Text) {
  llvm::Expected<CodeOwners> Result = CodeOwners::parse(Text, "CODEOWNERS");
  if (!Result) {
    ADD_FAILURE() << llvm::toString(Result.takeError());
    return CodeOwners();
  }
  return std::move(*Result);
}

/// The error message of parsing \p Text, or "<no error>".
std::string parseError(llvm::StringRef Text) {
  llvm::Expected<CodeOwners> Result = CodeOwners::parse(Text, "CODEOWNERS");
  if (Result)
    return "<no error>";
  return llvm::toString(Result.takeError());
}

TEST(CodeOwnersTest, LastMatchingPatternWins) {
  CodeOwners C = parseOk("*       @acme/everyone\n"
                         "*.cc    @cpp-people\n"
                         "/src/pricing/ @acme/pricing alice@shop.example\n");
  EXPECT_EQ(C.ownersOf("README.md"), Owners{"@acme/everyone"});
  EXPECT_EQ(C.ownersOf("lib/a.cc"), Owners{"@cpp-people"});
  EXPECT_EQ(C.ownersOf("src/pricing/a.cc"),
            (Owners{"@acme/pricing", "alice@shop.example"}));
  EXPECT_EQ(C.ownersOf("src/pricing/deep/b.h"),
            (Owners{"@acme/pricing", "alice@shop.example"}));
}

TEST(CodeOwnersTest, EarlierSpecificPatternLosesToLaterGeneralOne) {
  // Order, not specificity, decides.
  CodeOwners C = parseOk("/src/pricing/ @pricing\n"
                         "*.cc @cpp\n");
  EXPECT_EQ(C.ownersOf("src/pricing/a.cc"), Owners{"@cpp"});
  EXPECT_EQ(C.ownersOf("src/pricing/a.h"), Owners{"@pricing"});
}

TEST(CodeOwnersTest, NothingMatches) {
  CodeOwners C = parseOk("/src/ @src\n");
  EXPECT_EQ(C.ownersOf("docs/a.md"), Owners{});
  EXPECT_EQ(parseOk("").ownersOf("a.cc"), Owners{});
}

TEST(CodeOwnersTest, LeadingSlashAnchorsAtTheRoot) {
  CodeOwners C = parseOk("/build/logs/ @logs\n");
  EXPECT_EQ(C.ownersOf("build/logs/a.log"), Owners{"@logs"});
  EXPECT_EQ(C.ownersOf("build/logs/x/y.log"), Owners{"@logs"});
  EXPECT_EQ(C.ownersOf("sub/build/logs/a.log"), Owners{});
}

TEST(CodeOwnersTest, MiddleSlashAnchorsAtTheRoot) {
  CodeOwners C = parseOk("src/pricing @pricing\n");
  EXPECT_EQ(C.ownersOf("src/pricing/a.cc"), Owners{"@pricing"});
  EXPECT_EQ(C.ownersOf("lib/src/pricing/a.cc"), Owners{});
}

TEST(CodeOwnersTest, PatternWithoutSlashMatchesAtAnyDepth) {
  CodeOwners C = parseOk("*.js @js\n"
                         "apps/ @apps\n"
                         "Makefile @build\n");
  EXPECT_EQ(C.ownersOf("a.js"), Owners{"@js"});
  EXPECT_EQ(C.ownersOf("x/y/a.js"), Owners{"@js"});
  EXPECT_EQ(C.ownersOf("apps/a.cc"), Owners{"@apps"});
  EXPECT_EQ(C.ownersOf("x/apps/y/a.cc"), Owners{"@apps"});
  EXPECT_EQ(C.ownersOf("Makefile"), Owners{"@build"});
  EXPECT_EQ(C.ownersOf("sub/Makefile"), Owners{"@build"});
  EXPECT_EQ(C.ownersOf("Makefile.in"), Owners{});
}

TEST(CodeOwnersTest, TrailingSlashMeansTheDirectoryAndBelow) {
  CodeOwners C = parseOk("/apps/ @apps\n");
  EXPECT_EQ(C.ownersOf("apps/a.cc"), Owners{"@apps"});
  EXPECT_EQ(C.ownersOf("apps/x/y/z.cc"), Owners{"@apps"});
  // A file called "apps" is not the directory.
  EXPECT_EQ(C.ownersOf("apps"), Owners{});
  EXPECT_EQ(C.ownersOf("appsx/a.cc"), Owners{});
}

TEST(CodeOwnersTest, PatternNamingADirectoryOwnsWhatIsBelowIt) {
  CodeOwners C = parseOk("/apps/github @gh\n");
  EXPECT_EQ(C.ownersOf("apps/github"), Owners{"@gh"});
  EXPECT_EQ(C.ownersOf("apps/github/a/b.cc"), Owners{"@gh"});
  EXPECT_EQ(C.ownersOf("apps/githubx/a.cc"), Owners{});
}

TEST(CodeOwnersTest, SingleStarStaysInTheDirectory) {
  CodeOwners C = parseOk("docs/* @docs\n");
  EXPECT_EQ(C.ownersOf("docs/getting-started.md"), Owners{"@docs"});
  EXPECT_EQ(C.ownersOf("docs/build-app/troubleshooting.md"), Owners{});
  EXPECT_EQ(C.ownersOf("sub/docs/a.md"), Owners{});
}

TEST(CodeOwnersTest, DoubleStarCrossesDirectories) {
  CodeOwners C = parseOk("docs/** @docs\n"
                         "**/logs @logs\n"
                         "src/**/test.cc @tests\n");
  EXPECT_EQ(C.ownersOf("docs/build-app/troubleshooting.md"), Owners{"@docs"});
  EXPECT_EQ(C.ownersOf("docs/a.md"), Owners{"@docs"});
  EXPECT_EQ(C.ownersOf("logs/a.log"), Owners{"@logs"});
  EXPECT_EQ(C.ownersOf("deep/er/logs/a.log"), Owners{"@logs"});
  EXPECT_EQ(C.ownersOf("src/test.cc"), Owners{"@tests"});
  EXPECT_EQ(C.ownersOf("src/a/b/test.cc"), Owners{"@tests"});
  EXPECT_EQ(C.ownersOf("lib/src/a/test.cc"), Owners{});
}

TEST(CodeOwnersTest, StarAndQuestionMarkWithinASegment) {
  CodeOwners C = parseOk("/src/*_test.cc @tests\n"
                         "/v?.txt @v\n");
  EXPECT_EQ(C.ownersOf("src/cart_test.cc"), Owners{"@tests"});
  EXPECT_EQ(C.ownersOf("src/sub/cart_test.cc"), Owners{});
  EXPECT_EQ(C.ownersOf("v1.txt"), Owners{"@v"});
  EXPECT_EQ(C.ownersOf("v10.txt"), Owners{});
}

TEST(CodeOwnersTest, PatternWithoutOwnersUnowns) {
  CodeOwners C = parseOk("/apps/ @octocat\n"
                         "/apps/github\n");
  EXPECT_EQ(C.ownersOf("apps/a.cc"), Owners{"@octocat"});
  EXPECT_EQ(C.ownersOf("apps/github/a.cc"), Owners{});
  ASSERT_EQ(C.entries().size(), 2u);
  EXPECT_EQ(C.entries()[1].Owners, Owners{});
  EXPECT_EQ(C.entries()[1].Line, 2u);
}

TEST(CodeOwnersTest, CommentsAndBlankLines) {
  CodeOwners C = parseOk("# Owners of the shop\n"
                         "\n"
                         "   # indented comment\n"
                         "*.cc @cpp # the C++ people\n"
                         "\t\r\n"
                         "*.md @docs\t# tab before the comment\r\n");
  ASSERT_EQ(C.entries().size(), 2u);
  EXPECT_EQ(C.entries()[0].Pattern, "*.cc");
  EXPECT_EQ(C.entries()[0].Owners, Owners{"@cpp"});
  EXPECT_EQ(C.entries()[0].Line, 4u);
  EXPECT_EQ(C.entries()[1].Pattern, "*.md");
  EXPECT_EQ(C.entries()[1].Owners, Owners{"@docs"});
  EXPECT_EQ(C.entries()[1].Line, 6u);
  EXPECT_EQ(C.ownersOf("a.md"), Owners{"@docs"});
  // Only a '#' that starts a word starts a comment.
  EXPECT_EQ(parseError("*.h @cpp @headers#x\n"),
            "CODEOWNERS:1: bad owner '@headers#x' (expected @user, @org/team "
            "or an e-mail)");
}

TEST(CodeOwnersTest, EscapedHashAndSpace) {
  CodeOwners C = parseOk("\\#notes.md @notes\n"
                         "/my\\ file.txt @spaces # comment\n");
  ASSERT_EQ(C.entries().size(), 2u);
  EXPECT_EQ(C.entries()[0].Pattern, "\\#notes.md");
  EXPECT_EQ(C.entries()[1].Pattern, "/my\\ file.txt");
  EXPECT_EQ(C.entries()[1].Owners, Owners{"@spaces"});
  EXPECT_EQ(C.ownersOf("#notes.md"), Owners{"@notes"});
  EXPECT_EQ(C.ownersOf("a/#notes.md"), Owners{"@notes"});
  EXPECT_EQ(C.ownersOf("my file.txt"), Owners{"@spaces"});
  EXPECT_EQ(C.ownersOf("my\\ file.txt"), Owners{});
}

TEST(CodeOwnersTest, OwnerForms) {
  CodeOwners C = parseOk("* @alice @acme/pricing-team @Org-1/team_2.x "
                         "bob.smith+cr@shop.example\n");
  EXPECT_EQ(C.ownersOf("a"),
            (Owners{"@alice", "@acme/pricing-team", "@Org-1/team_2.x",
                    "bob.smith+cr@shop.example"}));
}

TEST(CodeOwnersTest, BadOwnerNamesTheLine) {
  const char *Expected = "(expected @user, @org/team or an e-mail)";
  EXPECT_EQ(parseError("# comment\n*.cc @cpp\n*.h alice\n"),
            std::string("CODEOWNERS:3: bad owner 'alice' ") + Expected);
  EXPECT_EQ(parseError("* @\n"),
            std::string("CODEOWNERS:1: bad owner '@' ") + Expected);
  EXPECT_EQ(parseError("* @org/\n"),
            std::string("CODEOWNERS:1: bad owner '@org/' ") + Expected);
  EXPECT_EQ(parseError("* @org/team/sub\n"),
            std::string("CODEOWNERS:1: bad owner '@org/team/sub' ") + Expected);
  EXPECT_EQ(parseError("* alice@\n"),
            std::string("CODEOWNERS:1: bad owner 'alice@' ") + Expected);
  EXPECT_EQ(parseError("* a@b@c\n"),
            std::string("CODEOWNERS:1: bad owner 'a@b@c' ") + Expected);
}

TEST(CodeOwnersTest, BadPatternNamesTheLine) {
  EXPECT_EQ(parseError("\n!keep.cc @a\n"),
            "CODEOWNERS:2: bad pattern '!keep.cc': '!' negation is not "
            "supported in CODEOWNERS");
  EXPECT_EQ(parseError("src/[ab].cc @a\n"),
            "CODEOWNERS:1: bad pattern 'src/[ab].cc': '[...]' character "
            "ranges are not supported in CODEOWNERS (escape a literal '[' as "
            "'\\[')");
  EXPECT_EQ(parseError("a\\\n"),
            "CODEOWNERS:1: bad pattern 'a\\': trailing '\\'");
  EXPECT_EQ(parseError("/ @a\n"),
            "CODEOWNERS:1: bad pattern '/': it names no file");
  // Escaped, '[' is an ordinary character.
  EXPECT_EQ(parseOk("/x\\[1\\].txt @a\n").ownersOf("x[1].txt"), Owners{"@a"});
}

TEST(CodeOwnersTest, TheExampleOfDocsApprovals) {
  CodeOwners C = parseOk(R"(# Everything, unless a later line says otherwise.
*                     @acme/everyone
# Any .cc file, at any depth.
*.cc                  @acme/cpp
# The pricing directory at the root and everything below it.
/src/pricing/         @acme/pricing  pricing-lead@shop.example
# Only the files directly in docs, not docs/guides/a.md.
docs/*                @acme/docs
# Any logs directory, anywhere, and what is in it.
**/logs               @acme/ops
# No owners: nobody owns the vendored code, whatever matched before.
/src/pricing/vendor/
# A file name with a space or a leading '#'.
/notes/my\ notes.md   @alice   # a trailing comment
\#ideas.md            @alice
)");
  EXPECT_EQ(C.ownersOf("README.md"), Owners{"@acme/everyone"});
  EXPECT_EQ(C.ownersOf("lib/x/a.cc"), Owners{"@acme/cpp"});
  EXPECT_EQ(C.ownersOf("src/pricing/sub/a.cc"),
            (Owners{"@acme/pricing", "pricing-lead@shop.example"}));
  EXPECT_EQ(C.ownersOf("docs/a.md"), Owners{"@acme/docs"});
  EXPECT_EQ(C.ownersOf("docs/guides/a.md"), Owners{"@acme/everyone"});
  EXPECT_EQ(C.ownersOf("srv/logs/x/a.log"), Owners{"@acme/ops"});
  EXPECT_EQ(C.ownersOf("src/pricing/vendor/lib.cc"), Owners{});
  EXPECT_EQ(C.ownersOf("notes/my notes.md"), Owners{"@alice"});
  EXPECT_EQ(C.ownersOf("x/#ideas.md"), Owners{"@alice"});
}

TEST(CodeOwnersTest, LoadReadsAFileAndNamesItInErrors) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(
      llvm::sys::fs::createUniqueDirectory("riskguard-codeowners", Dir));
  testsupport::writeFile(Dir, ".github/CODEOWNERS", "*.cc @cpp\nbad owner\n");
  std::string Path = (Dir + "/.github/CODEOWNERS").str();
  llvm::Expected<CodeOwners> Bad = CodeOwners::load(Path, ".github/CODEOWNERS");
  EXPECT_EQ(Bad ? std::string("<no error>") : llvm::toString(Bad.takeError()),
            ".github/CODEOWNERS:2: bad owner 'owner' (expected @user, "
            "@org/team or an e-mail)");
  llvm::Expected<CodeOwners> Missing =
      CodeOwners::load((Dir + "/nope").str(), "nope");
  EXPECT_EQ(Missing ? std::string("<no error>")
                    : llvm::toString(Missing.takeError()),
            "nope: cannot read CODEOWNERS file: no such file or directory");
  testsupport::writeFile(Dir, "CODEOWNERS", "*.cc @cpp\n");
  llvm::Expected<CodeOwners> Good =
      CodeOwners::load((Dir + "/CODEOWNERS").str());
  ASSERT_TRUE(bool(Good)) << llvm::toString(Good.takeError());
  EXPECT_EQ(Good->ownersOf("a.cc"), Owners{"@cpp"});
  llvm::sys::fs::remove_directories(Dir);
}

} // namespace
