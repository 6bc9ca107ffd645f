//===- UnifiedDiffTest.cpp - parseUnifiedDiff and reversePatch ------------===//

#include "repo/UnifiedDiff.h"
#include "TestSupport.h"
#include "repo/PatchMail.h"
#include "repo/Repository.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

using namespace llvm;
using namespace riskguard;

namespace {

/// One line per file: status, old and new path, "binary", then the hunks.
std::string describe(Expected<ChangeSet> Changes) {
  if (!Changes)
    return "error: " + toString(Changes.takeError());
  return testsupport::describeChanges(*Changes);
}

std::string parseError(StringRef Patch) {
  Expected<ChangeSet> Changes = parseUnifiedDiff(Patch, "bad.diff");
  if (Changes)
    return "<no error>";
  return toString(Changes.takeError());
}

std::string withCRLF(StringRef Text) {
  std::string Out;
  for (char C : Text)
    Out += C == '\n' ? std::string("\r\n") : std::string(1, C);
  return Out;
}

constexpr const char *GitPatch = R"(From 0123 Mon Sep 17 00:00:00 2001
Subject: [PATCH] many kinds of change

- a list item in the message
---
diff --git a/src/mod.cc b/src/mod.cc
index 1111111..2222222 100644
--- a/src/mod.cc
+++ b/src/mod.cc
@@ -2 +2 @@ int f()
-  return 1;
+  return 2;
@@ -10,0 +11,2 @@
+int g();
+int h();
diff --git a/src/new.cc b/src/new.cc
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/src/new.cc
@@ -0,0 +1,2 @@
+int n;
+int m;
diff --git a/src/old.cc b/src/old.cc
deleted file mode 100644
index 4444444..0000000
--- a/src/old.cc
+++ /dev/null
@@ -1 +0,0 @@
-int o;
diff --git a/src/from.cc b/src/to.cc
similarity index 90%
rename from src/from.cc
rename to src/to.cc
index 5555555..6666666 100644
--- a/src/from.cc
+++ b/src/to.cc
@@ -3,2 +3,2 @@
 keep
-old
+new
diff --git a/doc/x y.md b/doc/z w.md
similarity index 100%
rename from doc/x y.md
rename to doc/z w.md
diff --git a/run.sh b/run.sh
old mode 100644
new mode 100755
diff --git a/img.png b/img.png
index 7777777..8888888 100644
Binary files a/img.png and b/img.png differ
diff --git a/font.bin b/font.bin
new file mode 100644
index 0000000..9999999
GIT binary patch
literal 12
TcmZ?wbhEHbgzrvqbi38

literal 0
HcmV?d00001

diff --git "a/t\303\251st.cc" "b/t\303\251st.cc"
index aaaaaaa..bbbbbbb 100644
--- "a/t\303\251st.cc"
+++ "b/t\303\251st.cc"
@@ -1 +1 @@
-x
\ No newline at end of file
+y
\ No newline at end of file
-- 
2.39.5
)";

// Hunks are the runs of changed lines, without context, as in git diff -U0.
constexpr const char *GitPatchFiles = "R doc/x y.md|doc/z w.md\n"
                                      "A |font.bin binary\n"
                                      "M img.png|img.png binary\n"
                                      "M run.sh|run.sh\n"
                                      "M src/mod.cc|src/mod.cc -2,1 +2,1 "
                                      "-10,0 +11,2\n"
                                      "A |src/new.cc -0,0 +1,2\n"
                                      "D src/old.cc| -1,1 +0,0\n"
                                      "R src/from.cc|src/to.cc -4,1 +4,1\n"
                                      "M t\xc3\xa9st.cc|t\xc3\xa9st.cc -1,1 "
                                      "+1,1\n";

TEST(ParseUnifiedDiff, GitStylePatch) {
  Expected<ChangeSet> Changes = parseUnifiedDiff(GitPatch, "pr.diff");
  ASSERT_TRUE(bool(Changes)) << toString(Changes.takeError());
  EXPECT_EQ(Changes->BaseId, "");
  EXPECT_EQ(Changes->HeadId, "WORKTREE");
  EXPECT_EQ(describe(std::move(Changes)), GitPatchFiles);
}

TEST(ParseUnifiedDiff, GitStylePatchWithCRLFLines) {
  EXPECT_EQ(describe(parseUnifiedDiff(withCRLF(GitPatch), "pr.diff")),
            GitPatchFiles);
}

TEST(ParseUnifiedDiff, PlainDiffU) {
  const char *Patch = "Only in a: gone.txt\n"
                      "diff -ruN a/src/mod.cc b/src/mod.cc\n"
                      "--- a/src/mod.cc\t2024-01-01 10:00:00.000000000 +0100\n"
                      "+++ b/src/mod.cc\t2024-01-02 10:00:00.000000000 +0100\n"
                      "@@ -1,3 +1,3 @@\n"
                      " a\n"
                      "-b\n"
                      "+c\n"
                      " d\n"
                      "diff -ruN a/src/new.cc b/src/new.cc\n"
                      "--- a/src/new.cc\t1970-01-01 01:00:00.000000000 +0100\n"
                      "+++ b/src/new.cc\t2024-01-02 10:00:00.000000000 +0100\n"
                      "@@ -0,0 +1 @@\n"
                      "+n\n"
                      "--- /dev/null\n"
                      "+++ b/src/other.cc\n"
                      "@@ -0,0 +1 @@\n"
                      "+o\n"
                      "--- a/src/dead.cc\t2024-01-01 10:00:00 +0000\n"
                      "+++ /dev/null\t1970-01-01 00:00:00 +0000\n"
                      "@@ -1,2 +0,0 @@\n"
                      "-x\n"
                      "-y\n"
                      "--- lib/util.h.orig\t2024-01-01 10:00:00 +0000\n"
                      "+++ lib/util.h\t2024-01-01 11:00:00 +0000\n"
                      "@@ -5 +5,2 @@\n"
                      "-old\n"
                      "+new\n"
                      "+more\n";
  EXPECT_EQ(describe(parseUnifiedDiff(Patch, "plain.diff")),
            "M lib/util.h|lib/util.h -5,1 +5,2\n"
            "D src/dead.cc| -1,2 +0,0\n"
            "M src/mod.cc|src/mod.cc -2,1 +2,1\n"
            "A |src/new.cc -0,0 +1,1\n"
            "A |src/other.cc -0,0 +1,1\n");
}

TEST(ParseUnifiedDiff, GitDiffWithoutPrefixes) {
  const char *Patch = "diff --git src/a.cc src/a.cc\n"
                      "index 1111111..2222222 100644\n"
                      "--- src/a.cc\n"
                      "+++ src/a.cc\n"
                      "@@ -1 +1 @@\n"
                      "-a\n"
                      "+b\n"
                      "diff --git a/x.cc a/x.cc\n"
                      "--- a/x.cc\n"
                      "+++ a/x.cc\n"
                      "@@ -1 +1 @@\n"
                      "-1\n"
                      "+2\n"
                      "diff --git b/new.cc b/new.cc\n"
                      "new file mode 100644\n"
                      "--- /dev/null\n"
                      "+++ b/new.cc\n"
                      "@@ -0,0 +1 @@\n"
                      "+n\n";
  EXPECT_EQ(describe(parseUnifiedDiff(Patch, "np.diff")),
            "M a/x.cc|a/x.cc -1,1 +1,1\n"
            "A |new.cc -0,0 +1,1\n"
            "M src/a.cc|src/a.cc -1,1 +1,1\n");
}

TEST(ParseUnifiedDiff, NamesWithSpacesEndAtTheTab) {
  const char *Patch = "diff --git a/sp ace.cc b/sp ace.cc\n"
                      "index 422c2b7..0f7bc76 100644\n"
                      "--- a/sp ace.cc\t\n"
                      "+++ b/sp ace.cc\t\n"
                      "@@ -2 +2 @@\n"
                      "-b\n"
                      "+c\n";
  EXPECT_EQ(describe(parseUnifiedDiff(Patch, "sp.diff")),
            "M sp ace.cc|sp ace.cc -2,1 +2,1\n");
}

TEST(ParseUnifiedDiff, EmptyPatchHasNoFiles) {
  EXPECT_EQ(describe(parseUnifiedDiff("", "empty.diff")), "");
  EXPECT_EQ(describe(parseUnifiedDiff("\n \r\n", "blank.diff")), "");
}

TEST(ParseUnifiedDiff, TextWithoutAFileChangeIsNotAPatch) {
  EXPECT_EQ(parseError("\nhello world\nthis is no diff\n"),
            "bad.diff:2: no file change in the patch (expected the output of "
            "`git diff` or `diff -u`)");
  EXPECT_EQ(parseError(std::string("\0\x01\x02garbage", 10)),
            "bad.diff:1: no file change in the patch (expected the output of "
            "`git diff` or `diff -u`)");
}

TEST(ParseUnifiedDiff, HunkShorterThanItsHeader) {
  EXPECT_EQ(parseError("diff --git a/f.cc b/f.cc\n"
                       "--- a/f.cc\n"
                       "+++ b/f.cc\n"
                       "@@ -1,3 +1,3 @@\n"
                       " a\n"
                       "-b\n"
                       "+c\n"
                       "diff --git a/g.cc b/g.cc\n"),
            "bad.diff:4: hunk @@ -1,3 +1,3 @@ ends after 2 old and 2 new "
            "lines, its header says 3 and 3");
  EXPECT_EQ(parseError("--- a/f.cc\n"
                       "+++ b/f.cc\n"
                       "@@ -1,2 +1,2 @@\n"
                       "-a\n"),
            "bad.diff:3: hunk @@ -1,2 +1,2 @@ ends after 1 old and 0 new "
            "lines, its header says 2 and 2");
}

TEST(ParseUnifiedDiff, HunkLongerThanItsHeader) {
  EXPECT_EQ(parseError("diff --git a/f.cc b/f.cc\n"
                       "--- a/f.cc\n"
                       "+++ b/f.cc\n"
                       "@@ -1,2 +1,2 @@\n"
                       " a\n"
                       "-b\n"
                       "+c\n"
                       "-d\n"),
            "bad.diff:8: hunk @@ -1,2 +1,2 @@ has more old lines than the 2 "
            "its header says");
  EXPECT_EQ(parseError("--- a/f.cc\n"
                       "+++ b/f.cc\n"
                       "@@ -1 +1 @@\n"
                       "-a\n"
                       "+b\n"
                       "+c\n"),
            "bad.diff:6: hunk @@ -1,1 +1,1 @@ has more new lines than the 1 "
            "its header says");
}

TEST(ParseUnifiedDiff, MalformedHeaders) {
  EXPECT_EQ(parseError("--- a/f.cc\n"
                       "+++ b/f.cc\n"
                       "@@ -1,x +1 @@\n"
                       "-a\n"),
            "bad.diff:3: malformed hunk header '@@ -1,x +1 @@'");
  EXPECT_EQ(parseError("diff --git a/f.cc b/f.cc\n"
                       "--- a/f.cc\n"
                       "+++ b/f.cc\n"
                       "@@ -1 +1\n"),
            "bad.diff:4: malformed hunk header '@@ -1 +1'");
  EXPECT_EQ(parseError("@@ -1 +1 @@\n-a\n+b\n"),
            "bad.diff:1: hunk header without a file header before it");
  EXPECT_EQ(parseError("diff --git a/f.cc b/f.cc\n"
                       "--- a/f.cc\n"
                       "@@ -1 +1 @@\n"),
            "bad.diff:2: '---' line without a '+++' line after it");
  EXPECT_EQ(parseError("diff --git a/f.cc b/g.cc\n"
                       "rename from f.cc\n"),
            "bad.diff:1: 'rename' lines need both a from and a to name");
  EXPECT_EQ(parseError("--- a/../../etc/passwd\n"
                       "+++ b/../../etc/passwd\n"
                       "@@ -1 +1 @@\n"
                       "-a\n"
                       "+b\n"),
            "bad.diff:1: path '../../etc/passwd' leaves the repository");
  EXPECT_EQ(parseError("diff --git a/f.cc b/f.cc\n"
                       "--- a/f.cc\n"
                       "+++ b/f.cc\n"
                       "@@ -5 +5 @@\n"
                       "-a\n"
                       "+b\n"
                       "@@ -2 +2 @@\n"
                       "-c\n"
                       "+d\n"),
            "bad.diff:7: hunk @@ -2,1 +2,1 @@ does not line up with the "
            "hunks before it");
  EXPECT_EQ(parseError("diff --git a/f.cc b/f.cc\n"
                       "--- a/f.cc\n"
                       "+++ b/f.cc\n"
                       "@@ -1 +1 @@\n"
                       "-a\n"
                       "+b\n"
                       "diff --git a/f.cc b/f.cc\n"
                       "--- a/f.cc\n"
                       "+++ b/f.cc\n"
                       "@@ -3 +3 @@\n"
                       "-c\n"
                       "+d\n"),
            "bad.diff:7: 'f.cc' is changed twice in the patch");
  EXPECT_EQ(parseError("diff --cc f.cc\n"),
            "bad.diff:1: combined diffs of merges are not supported");
}

/// A scratch working tree for reversePatch.
class ReversePatchTest : public ::testing::Test {
protected:
  void SetUp() override {
    SmallString<128> Tmp;
    ASSERT_FALSE(sys::fs::createUniqueDirectory("riskguard-patch-test", Tmp));
    Root = std::string(Tmp);
  }
  void TearDown() override { sys::fs::remove_directories(Root); }

  void write(StringRef Path, StringRef Content) {
    SmallString<128> Full(Root);
    sys::path::append(Full, Path);
    ASSERT_FALSE(sys::fs::create_directories(sys::path::parent_path(Full)));
    std::error_code EC;
    raw_fd_ostream OS(Full, EC, sys::fs::OF_None);
    ASSERT_FALSE(EC);
    OS << Content;
  }

  std::string reverseError(StringRef Patch) {
    Expected<Snapshot> Base = reversePatch(Patch, "p.diff", Root);
    if (Base)
      return "<no error>";
    return toString(Base.takeError());
  }

  std::string Root;
};

TEST_F(ReversePatchTest, RebuildsWithContextAndNoNewlineMarkers) {
  write("f.cc", "a\nB\nc\nd");
  write("g.cc", "only\n");
  Expected<Snapshot> Base = reversePatch("--- a/f.cc\n"
                                         "+++ b/f.cc\n"
                                         "@@ -1,4 +1,4 @@\n"
                                         " a\n"
                                         "-b\n"
                                         "+B\n"
                                         " c\n"
                                         "-d\n"
                                         "+d\n"
                                         "\\ No newline at end of file\n"
                                         "--- /dev/null\n"
                                         "+++ b/g.cc\n"
                                         "@@ -0,0 +1 @@\n"
                                         "+only\n"
                                         "--- a/h.cc\n"
                                         "+++ /dev/null\n"
                                         "@@ -1,2 +0,0 @@\n"
                                         "-x\n"
                                         "-y\n"
                                         "\\ No newline at end of file\n",
                                         "p.diff", Root);
  ASSERT_TRUE(bool(Base)) << toString(Base.takeError());
  Snapshot Expected = {{"f.cc", std::string("a\nb\nc\nd\n")},
                       {"g.cc", std::nullopt},
                       {"h.cc", std::string("x\ny")}};
  EXPECT_EQ(*Base, Expected);
}

TEST_F(ReversePatchTest, CRLFPatchOfACRLFFile) {
  // As a Windows tool writes it: the patch's own line ends are CRLF and the
  // removed line's end must come from the file.
  write("crlf.cc", "one\r\nTWO\r\n");
  Expected<Snapshot> Base = reversePatch("--- a/crlf.cc\r\n"
                                         "+++ b/crlf.cc\r\n"
                                         "@@ -1,2 +1,2 @@\r\n"
                                         " one\r\n"
                                         "-two\r\n"
                                         "+TWO\r\n",
                                         "p.diff", Root);
  ASSERT_TRUE(bool(Base)) << toString(Base.takeError());
  EXPECT_EQ(*Base, (Snapshot{{"crlf.cc", std::string("one\r\ntwo\r\n")}}));
}

TEST_F(ReversePatchTest, RenameGivesBothPaths) {
  write("new/name.cc", "a\nB\n");
  Expected<Snapshot> Base = reversePatch("diff --git a/old/name.cc "
                                         "b/new/name.cc\n"
                                         "similarity index 50%\n"
                                         "rename from old/name.cc\n"
                                         "rename to new/name.cc\n"
                                         "--- a/old/name.cc\n"
                                         "+++ b/new/name.cc\n"
                                         "@@ -2 +2 @@\n"
                                         "-b\n"
                                         "+B\n",
                                         "p.diff", Root);
  ASSERT_TRUE(bool(Base)) << toString(Base.takeError());
  EXPECT_EQ(*Base, (Snapshot{{"new/name.cc", std::nullopt},
                             {"old/name.cc", std::string("a\nb\n")}}));
}

TEST_F(ReversePatchTest, ChangedLineDoesNotApply) {
  write("f.cc", "a\nX\nc\n");
  EXPECT_EQ(reverseError("--- a/f.cc\n"
                         "+++ b/f.cc\n"
                         "@@ -2 +2 @@\n"
                         "-b\n"
                         "+B\n"),
            "p.diff:3: patch does not apply to f.cc: hunk @@ -2,1 +2,1 @@ "
            "expects line 2 to be \"B\", found \"X\"");
}

TEST_F(ReversePatchTest, HunkPastTheEndDoesNotApply) {
  write("f.cc", "a\n");
  EXPECT_EQ(reverseError("--- a/f.cc\n"
                         "+++ b/f.cc\n"
                         "@@ -1,2 +1,2 @@\n"
                         " a\n"
                         "-b\n"
                         "+c\n"),
            "p.diff:3: patch does not apply to f.cc: hunk @@ -1,2 +1,2 @@ "
            "expects line 2 to be \"c\", the file has 1 lines");
  EXPECT_EQ(reverseError("--- a/f.cc\n"
                         "+++ b/f.cc\n"
                         "@@ -5 +5 @@\n"
                         "-b\n"
                         "+c\n"),
            "p.diff:3: patch does not apply to f.cc: hunk @@ -5,1 +5,1 @@ "
            "expects 4 lines before it, the file has 1");
}

TEST_F(ReversePatchTest, MissingNewlineDoesNotApply) {
  write("f.cc", "a\nb");
  EXPECT_EQ(reverseError("--- a/f.cc\n"
                         "+++ b/f.cc\n"
                         "@@ -2 +2 @@\n"
                         "-x\n"
                         "+b\n"),
            "p.diff:3: patch does not apply to f.cc: hunk @@ -2,1 +2,1 @@ "
            "expects line 2 to end with a newline");
}

TEST_F(ReversePatchTest, FilesMissingOrPresentAgainstThePatch) {
  EXPECT_EQ(reverseError("--- a/gone.cc\n"
                         "+++ b/gone.cc\n"
                         "@@ -1 +1 @@\n"
                         "-a\n"
                         "+b\n"),
            "p.diff:1: patch does not apply to gone.cc: cannot read it in "
            "the working tree: No such file or directory");
  write("kept.cc", "a\n");
  EXPECT_EQ(reverseError("--- a/kept.cc\n"
                         "+++ /dev/null\n"
                         "@@ -1 +0,0 @@\n"
                         "-a\n"),
            "p.diff:1: patch does not apply to kept.cc: the patch deletes it "
            "but it is in the working tree");
  write("grown.cc", "a\nb\n");
  EXPECT_EQ(reverseError("--- /dev/null\n"
                         "+++ b/grown.cc\n"
                         "@@ -0,0 +1 @@\n"
                         "+a\n"),
            "p.diff:1: patch does not apply to grown.cc: the patch adds it "
            "but the working tree file has lines the patch does not add");
}

TEST_F(ReversePatchTest, BinaryFiles) {
  // A binary source cannot be rebuilt, and analyzing it wrongly would be
  // silent; other binaries are left out.
  EXPECT_EQ(reverseError("diff --git a/src/gen.cc b/src/gen.cc\n"
                         "index 1111111..2222222 100644\n"
                         "Binary files a/src/gen.cc and b/src/gen.cc "
                         "differ\n"),
            "p.diff:1: cannot rebuild the base of binary file src/gen.cc: "
            "the patch holds no text for it");
  Expected<Snapshot> Base =
      reversePatch("diff --git a/logo.png b/logo.png\n"
                   "index 1111111..2222222 100644\n"
                   "Binary files a/logo.png and b/logo.png differ\n"
                   "Binary files /dev/null and b/font.bin differ\n",
                   "p.diff", Root);
  ASSERT_TRUE(bool(Base)) << toString(Base.takeError());
  EXPECT_EQ(*Base, (Snapshot{{"font.bin", std::nullopt}}));
}

TEST_F(ReversePatchTest, SymlinksAreNotRead) {
  // The link target is not a source, and reading it would follow the link.
  Expected<Snapshot> Base = reversePatch("diff --git a/new.h b/new.h\n"
                                         "new file mode 120000\n"
                                         "index 0000000..1111111\n"
                                         "--- /dev/null\n"
                                         "+++ b/new.h\n"
                                         "@@ -0,0 +1 @@\n"
                                         "+real.h\n"
                                         "\\ No newline at end of file\n"
                                         "diff --git a/old.h b/old.h\n"
                                         "index 2222222..3333333 120000\n"
                                         "--- a/old.h\n"
                                         "+++ b/old.h\n"
                                         "@@ -1 +1 @@\n"
                                         "-a.h\n"
                                         "\\ No newline at end of file\n"
                                         "+b.h\n"
                                         "\\ No newline at end of file\n",
                                         "p.diff", Root);
  ASSERT_TRUE(bool(Base)) << toString(Base.takeError());
  EXPECT_EQ(*Base, (Snapshot{{"new.h", std::nullopt}}));
}

/// Two mails of `git format-patch`, both changing f.cc.
const char *const Series =
    "From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001\n"
    "From: Dana Dev <dana@x.com>\n"
    "Date: Thu, 1 Jan 2026 00:01:00 +0000\n"
    "Subject: [PATCH 1/2] Raise the discount\n"
    " to 60%\n"
    "\n"
    "Assisted-by: Copilot\n"
    "---\n"
    " f.cc | 2 +-\n"
    " 1 file changed, 1 insertion(+), 1 deletion(-)\n"
    "\n"
    "diff --git a/f.cc b/f.cc\n"
    "--- a/f.cc\n"
    "+++ b/f.cc\n"
    "@@ -1,3 +1,3 @@\n"
    " a\n"
    "-50\n"
    "+60\n"
    " c\n"
    "-- \n"
    "2.39.5\n"
    "\n"
    "From 2222222222222222222222222222222222222222 Mon Sep 17 00:00:00 2001\n"
    "From: \"Dev, Dana\" <dana@x.com>\n"
    "Subject: [PATCH 2/2] Raise it again\n"
    "\n"
    "Body.\n"
    "\n"
    "Riskguard-Waiver: shop::discount: covered elsewhere\n"
    "Approved-by: bob\n"
    "---\n"
    "diff --git a/f.cc b/f.cc\n"
    "--- a/f.cc\n"
    "+++ b/f.cc\n"
    "@@ -1,4 +1,4 @@\n"
    " a\n"
    "-60\n"
    "+75\n"
    " c\n"
    " d\n"
    "diff --git a/g.cc b/g.cc\n"
    "new file mode 100644\n"
    "--- /dev/null\n"
    "+++ b/g.cc\n"
    "@@ -0,0 +1 @@\n"
    "+g\n"
    "-- \n"
    "2.39.5\n";

TEST(PatchCommits, ReadsEachMailsAuthorMessageAndTrailers) {
  Expected<std::vector<Repository::Commit>> Mails =
      patchCommits(Series, "series.patch");
  ASSERT_TRUE(bool(Mails)) << toString(Mails.takeError());
  ASSERT_EQ(Mails->size(), 2u);
  EXPECT_EQ((*Mails)[0].Id, "1111111111111111111111111111111111111111");
  EXPECT_EQ((*Mails)[0].AuthorName, "Dana Dev");
  EXPECT_EQ((*Mails)[0].AuthorEmail, "dana@x.com");
  EXPECT_EQ((*Mails)[0].CommitterEmail, "");
  EXPECT_EQ((*Mails)[0].Message,
            "Raise the discount to 60%\n\nAssisted-by: Copilot\n");
  using Trailers = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ((*Mails)[0].Trailers, (Trailers{{"Assisted-by", "Copilot"}}));
  EXPECT_EQ((*Mails)[1].AuthorName, "Dev, Dana");
  EXPECT_EQ((*Mails)[1].Trailers,
            (Trailers{{"Riskguard-Waiver", "shop::discount: covered elsewhere"},
                      {"Approved-by", "bob"}}));
  // A plain diff carries no mail.
  Expected<std::vector<Repository::Commit>> Plain =
      patchCommits("--- a/f.cc\n+++ b/f.cc\n@@ -1 +1 @@\n-a\n+b\n", "p.diff");
  ASSERT_TRUE(bool(Plain));
  EXPECT_TRUE(Plain->empty());
  // A mail without a From: header is not one git wrote.
  Expected<std::vector<Repository::Commit>> Bad = patchCommits(
      "From 1111111111111111111111111111111111111111 Mon Sep 17 2001\n"
      "Subject: x\n\nbody\n",
      "bad.patch");
  ASSERT_FALSE(bool(Bad));
  EXPECT_EQ(toString(Bad.takeError()),
            "bad.patch:2: mail of the patch has no From: header");
}

TEST_F(ReversePatchTest, SeriesChangingOneFileTwiceIsUndoneNewestFirst) {
  write("f.cc", "a\n75\nc\nd\n");
  write("g.cc", "g\n");
  Expected<std::pair<ChangeSet, Snapshot>> R =
      reversePatchSeries(Series, "series.patch", Root);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  EXPECT_EQ(R->second, (Snapshot{{"f.cc", std::string("a\n50\nc\nd\n")},
                                 {"g.cc", std::nullopt}}));
  ASSERT_EQ(R->first.Files.size(), 2u);
  const FileChange &F = R->first.Files[0];
  EXPECT_EQ(F.path(), "f.cc");
  EXPECT_EQ(F.Status, FileStatus::Modified);
  ASSERT_EQ(F.Hunks.size(), 1u);
  EXPECT_EQ(F.Hunks[0].OldStart, 2u);
  EXPECT_EQ(F.Hunks[0].OldLines, 1u);
  EXPECT_EQ(F.Hunks[0].NewStart, 2u);
  EXPECT_EQ(F.Hunks[0].NewLines, 1u);
  EXPECT_EQ(R->first.Files[1].path(), "g.cc");
  EXPECT_EQ(R->first.Files[1].Status, FileStatus::Added);
}

TEST_F(ReversePatchTest, SeriesWhoseLaterCommitDoesNotApplyNamesTheLine) {
  write("f.cc", "a\n76\nc\nd\n");
  write("g.cc", "g\n");
  Expected<std::pair<ChangeSet, Snapshot>> R =
      reversePatchSeries(Series, "series.patch", Root);
  ASSERT_FALSE(bool(R));
  // The second mail's hunk, at its line in the whole series.
  EXPECT_EQ(toString(R.takeError()).substr(0, 52),
            "series.patch:35: patch does not apply to f.cc: hunk ");
}

TEST_F(ReversePatchTest, SeriesUndoingItselfChangesNothing) {
  // 50 -> 60 -> 50: the file is where it started.
  std::string Back = Series;
  Back = Back.substr(0, Back.find("From 2222"));
  Back +=
      "From 3333333333333333333333333333333333333333 Mon Sep 17 00:00:00 2001\n"
      "From: Dana Dev <dana@x.com>\n"
      "Subject: [PATCH 2/2] Revert\n"
      "\n"
      "---\n"
      "diff --git a/f.cc b/f.cc\n"
      "--- a/f.cc\n"
      "+++ b/f.cc\n"
      "@@ -1,3 +1,3 @@\n"
      " a\n"
      "-60\n"
      "+50\n"
      " c\n";
  write("f.cc", "a\n50\nc\nd\n");
  Expected<std::pair<ChangeSet, Snapshot>> R =
      reversePatchSeries(Back, "series.patch", Root);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  EXPECT_TRUE(R->first.Files.empty());
}

} // namespace
