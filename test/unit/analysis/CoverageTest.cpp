//===- CoverageTest.cpp - Reading per-test coverage from lcov tracefiles --===//
//
// Tracefiles are written into a temporary directory, the repository at head
// is a map of path to text, and SF: paths under /repo/ are project files.
// Inputs/shop/ holds real tool output for the sources in Inputs/shop/src:
//   llvm-cov/pricing.{member,guest}.info: clang++-19 -fprofile-instr-generate
//     -fcoverage-mapping of src/main.cc src/pricing.cc in /tmp/shop, run as
//     `prog member` and `prog` with their own LLVM_PROFILE_FILE, then
//     llvm-profdata-19 merge -sparse and llvm-cov-19 export -format=lcov;
//   lcov/member.info: g++ --coverage in /tmp/shopgcc, `prog member`, then
//     lcov 1.16 --capture --checksum --test-name PricingTest.Member, trimmed
//     to the project files and one system header.
//
//===----------------------------------------------------------------------===//

#include "analysis/Coverage.h"

#include "TestSupport.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "gtest/gtest.h"
#include <map>
#include <string>

using namespace riskguard;

namespace {

const char *const Shop = RISKGUARD_TEST_DIR "/unit/analysis/Inputs/shop";

/// The shop sources as they are in Inputs/shop/src.
std::string shopSource(llvm::StringRef Name) {
  auto Buf = llvm::MemoryBuffer::getFile(std::string(Shop) + "/src/" + Name);
  EXPECT_TRUE(Buf) << Name.str();
  return Buf ? (*Buf)->getBuffer().str() : "";
}

/// One line per test: "Test | file:1,2 | file:3", then "note: ..." lines.
std::string describe(const Coverage &C) {
  std::string Out;
  for (const TestCoverage &T : C.Tests) {
    Out += T.Test;
    for (const auto &[File, Lines] : T.Lines) {
      Out += " | " + File + ":";
      for (size_t I = 0; I < Lines.size(); ++I)
        Out += (I ? "," : "") + std::to_string(Lines[I]);
    }
    Out += "\n";
  }
  for (const std::string &Note : C.Ignored)
    Out += "note: " + Note + "\n";
  return Out;
}

class CoverageTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<128> Tmp;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("rg-coverage", Tmp));
    Dir = std::string(Tmp);
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }

  /// Writes \p Text to \p Name under the temporary directory; its path.
  std::string write(llvm::StringRef Name, llvm::StringRef Text) {
    testsupport::writeFile(Dir, Name, Text);
    return Dir + "/" + Name.str();
  }

  /// Files under \p Prefix are the project's; Head is the repository.
  CoverageSource source(std::string Prefix = "/repo/") {
    CoverageSource Src;
    Src.Relative = [this, Prefix](llvm::StringRef SF) {
      ++RelativeCalls[SF.str()];
      std::optional<std::string> Rel;
      if (SF.starts_with(Prefix))
        Rel = SF.drop_front(Prefix.size()).str();
      return Rel;
    };
    Src.HeadText = [this](llvm::StringRef Path) {
      ++HeadCalls[Path.str()];
      std::optional<std::string> Text;
      if (auto It = Head.find(Path.str()); It != Head.end())
        Text = It->second;
      return Text;
    };
    return Src;
  }

  /// What readCoverage gives for \p Path: describe() of it, or "error: "
  /// and the message; the temporary directory's name left out of both.
  std::string read(llvm::StringRef Path, std::string Prefix = "/repo/") {
    llvm::Expected<Coverage> C = readCoverage(Path, source(Prefix));
    std::string Out =
        C ? describe(*C) : "error: " + llvm::toString(C.takeError());
    if (C)
      Files = C->Files;
    for (size_t Pos; (Pos = Out.find(Dir + "/")) != std::string::npos;)
      Out.erase(Pos, Dir.size() + 1);
    return Out;
  }

  /// The error or description of one tracefile bad.info holding \p Text.
  std::string readText(llvm::StringRef Text) {
    return read(write("bad.info", Text));
  }

  std::string Dir;
  std::map<std::string, std::string> Head = {
      {"a.cc", "int a() {\n  return 1;\n}\n"},
      {"b.cc", "int b() {\n  return 2;\n}\n"},
      {"one.cc", "int one() { return 1; }"},
  };
  std::map<std::string, unsigned> RelativeCalls, HeadCalls;
  unsigned Files = 0;
};

//===-- What real tools write ---------------------------------------------===//

TEST_F(CoverageTest, LlvmCovExportDirectoryOfOneTracefilePerTest) {
  Head = {{"src/main.cc", shopSource("main.cc")},
          {"src/pricing.cc", shopSource("pricing.cc")},
          {"src/pricing.h", shopSource("pricing.h")}};
  EXPECT_EQ(read(std::string(Shop) + "/llvm-cov", "/tmp/shop/"),
            "pricing.guest | src/main.cc:5,6,7,8,9"
            " | src/pricing.cc:3,4,6,7,9,10,12,13"
            " | src/pricing.h:5,6,7,8,9,10\n"
            "pricing.member | src/main.cc:5,6,7,8,9"
            " | src/pricing.cc:3,4,5,7,9,10,12,13"
            " | src/pricing.h:5,6,7,8,9,10\n");
  EXPECT_EQ(Files, 2u);
}

TEST_F(CoverageTest, LlvmCovExportAsOneFileNamesNoTest) {
  Head = {{"src/main.cc", shopSource("main.cc")},
          {"src/pricing.cc", shopSource("pricing.cc")},
          {"src/pricing.h", shopSource("pricing.h")}};
  std::string Path = std::string(Shop) + "/llvm-cov/pricing.member.info";
  std::string Out = read(Path, "/tmp/shop/");
  EXPECT_EQ(Out, "note: " + Path +
                     ": records without a test name are ignored (3 of them): "
                     "coverage that names no test is not per test; name each "
                     "test with TN: (lcov --test-name) or give each test its "
                     "own tracefile in a directory\n");
  EXPECT_EQ(Files, 1u);
  // Nothing of it is used, so nothing at head is read.
  EXPECT_TRUE(HeadCalls.empty());
}

TEST_F(CoverageTest, LcovWithChecksumsAndSystemHeaders) {
  Head = {{"src/main.cc", shopSource("main.cc")},
          {"src/pricing.cc", shopSource("pricing.cc")},
          {"src/pricing.h", shopSource("pricing.h")}};
  // lcov 1.16 names the test once for the first records: the later ones
  // belong to the last TN: before them. Its checksums match the sources.
  EXPECT_EQ(read(std::string(Shop) + "/lcov/member.info", "/tmp/shopgcc/"),
            "PricingTest_Member | src/main.cc:5,6,7,8,9"
            " | src/pricing.cc:3,4,5,9,10,12 | src/pricing.h:5,6,7,8,9\n");
  EXPECT_EQ(RelativeCalls["/usr/include/c++/12/bits/new_allocator.h"], 1u);
  EXPECT_EQ(HeadCalls.size(), 3u);
}

TEST_F(CoverageTest, LcovChecksumOfAChangedLineIgnoresThePair) {
  Head = {{"src/main.cc", shopSource("main.cc")},
          {"src/pricing.cc", shopSource("pricing.cc")},
          {"src/pricing.h", shopSource("pricing.h")}};
  std::string &Pricing = Head["src/pricing.cc"];
  size_t Pos = Pricing.find("* 9 / 10");
  ASSERT_NE(Pos, std::string::npos);
  Pricing.replace(Pos, 8, "* 8 / 10");
  std::string Path = std::string(Shop) + "/lcov/member.info";
  EXPECT_EQ(read(Path, "/tmp/shopgcc/"),
            "PricingTest_Member | src/main.cc:5,6,7,8,9"
            " | src/pricing.h:5,6,7,8,9\n"
            "note: " +
                Path +
                ": test 'PricingTest_Member': src/pricing.cc:5 changed since "
                "the coverage was recorded (checksum Z1+qc/SQCtVHovyr7VsFeQ, "
                "at head 2pTUEn/his4/O3AcfVbbQQ); its coverage of "
                "src/pricing.cc is ignored\n");
}

TEST_F(CoverageTest, LcovChecksumKeepsCarriageReturnAndTrailingBlanks) {
  // geninfo 1.16 --checksum output for a file with a CRLF line, trailing
  // blanks and no final newline: the checksum is of the line without '\n'.
  Head = {{"t.cc", "int f(int x) {\r\n  int y = x * 2;   \n  return y;\n}\n"
                   "int main() { return f(1) - 2; }"}};
  EXPECT_EQ(readText("TN:PricingTest_Discount\n"
                     "SF:/repo/t.cc\n"
                     "FN:1,_Z1fi\n"
                     "FNDA:1,_Z1fi\n"
                     "FN:5,main\n"
                     "FNDA:1,main\n"
                     "DA:1,1,xibyaZ1KbH5yijbmZAxqJw\n"
                     "DA:2,1,ur4QXpdS1SVgbRDHAFfnAQ\n"
                     "DA:3,1,fHjYyaCwnTX7yepUQgdnEQ\n"
                     "DA:5,1,XHSfPYsR3s0XStnpqlOwWw\n"
                     "end_of_record\n"),
            "PricingTest_Discount | t.cc:1,2,3,5\n");
}

TEST_F(CoverageTest, LineChecksumIsGeninfos) {
  EXPECT_EQ(lcovLineChecksum("int f(int x) {\r"), "xibyaZ1KbH5yijbmZAxqJw");
  EXPECT_EQ(lcovLineChecksum("  int y = x * 2;   "), "ur4QXpdS1SVgbRDHAFfnAQ");
  EXPECT_EQ(lcovLineChecksum("}"), "y7GE3Y4FyXCeXcrtqgSVzw");
}

TEST_F(CoverageTest, BlobIdIsGitHashObjects) {
  EXPECT_EQ(gitBlobId(""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
  EXPECT_EQ(gitBlobId(shopSource("pricing.cc")),
            "f10ff504d1deb29cfdf6efb5470cbf1f05d69dcc");
}

TEST_F(CoverageTest, Lcov2RecordWithVersionFunctionLeadersAndMcdc) {
  Head = {{"src/pricing.cc", shopSource("pricing.cc")}};
  EXPECT_EQ(readText("#generated for the nightly run\n"
                     "TN:PricingTest.Member\n"
                     "SF:/repo/src/pricing.cc\n"
                     "VER:f10ff504d1deb29cfdf6efb5470cbf1f05d69dcc\n"
                     "FNL:0,3,7\n"
                     "FNA:0,1,_Z8discountib\n"
                     "FNL:1,9,13\n"
                     "FNA:1,1,_Z3feei\n"
                     "FNF:2\n"
                     "FNH:2\n"
                     "BRDA:4,0,0,1\n"
                     "BRDA:4,0,1,0\n"
                     "BRDA:4,e0,2,-\n"
                     "BRF:3\n"
                     "BRH:1\n"
                     "MCDC:4,1,t,1,0,Member\n"
                     "MCDC:4,1,f,0,0,Member\n"
                     "MCF:2\n"
                     "MCH:1\n"
                     "DA:3,1,epu0EBKuFflwxz7MYShFzw\n"
                     "DA:4,1,mCMjWMxNJ996Zxu+WStnng\n"
                     "DA:5,1,Z1+qc/SQCtVHovyr7VsFeQ\n"
                     "DA:6,0,2RaeSk0vkPUHPtssbhwmng\n"
                     "LF:4\n"
                     "LH:3\n"
                     "end_of_record\n"),
            "PricingTest.Member | src/pricing.cc:3,4,5\n");
}

//===-- Test names and merging --------------------------------------------===//

TEST_F(CoverageTest, RecordsOfOneTestMergeAcrossRecordsAndFiles) {
  write("cov/x.info", "TN:Beta.Two\n"
                      "SF:/repo/a.cc\nDA:3,1\nDA:1,5\nDA:2,0\nend_of_record\n"
                      "TN:Alpha.One\n"
                      "SF:/repo/a.cc\nDA:2,1\nend_of_record\n"
                      "SF:/repo/b.cc\nDA:1,1\nend_of_record\n"
                      "SF:/repo/a.cc\nDA:3,1\nDA:2,4\nend_of_record\n");
  write("cov/y.lcov", "TN:Beta.Two\n"
                      "SF:/repo/a.cc\nDA:2,1\nDA:1,1\nend_of_record\n");
  EXPECT_EQ(read(Dir + "/cov"), "Alpha.One | a.cc:2,3 | b.cc:1\n"
                                "Beta.Two | a.cc:1,2,3\n");
  EXPECT_EQ(Files, 2u);
}

TEST_F(CoverageTest, DirectoryNamesTestsAfterFilesWithoutTN) {
  write("cov/Suite.Name.info", "SF:/repo/a.cc\nDA:1,1\nend_of_record\n");
  write("cov/test/regress/1234.test.lcov", "not read: not at the top\n");
  write("cov/regress-1234.lcov", "TN:\nSF:/repo/b.cc\nDA:2,1\nend_of_record\n");
  write("cov/Named.info", "TN:Real.Name\nSF:/repo/a.cc\nDA:2,1\nend_of_record\n"
                          "TN:\nSF:/repo/b.cc\nDA:3,1\nend_of_record\n");
  write("cov/notes.txt", "not a tracefile\n");
  write("cov/old.info.bak", "not a tracefile\n");
  ASSERT_FALSE(llvm::sys::fs::create_directories(Dir + "/cov/dir.info"));
  EXPECT_EQ(read(Dir + "/cov"), "Named | b.cc:3\n"
                                "Real.Name | a.cc:2\n"
                                "Suite.Name | a.cc:1\n"
                                "regress-1234 | b.cc:2\n");
  EXPECT_EQ(Files, 3u);
}

TEST_F(CoverageTest, DirectoryFollowsSymbolicLinksToTracefiles) {
  std::string Target =
      write("elsewhere/t.txt", "SF:/repo/a.cc\nDA:1,1\nend_of_record\n");
  ASSERT_FALSE(llvm::sys::fs::create_directories(Dir + "/cov"));
  ASSERT_FALSE(llvm::sys::fs::create_link(Target, Dir + "/cov/Link.Test.info"));
  EXPECT_EQ(read(Dir + "/cov"), "Link.Test | a.cc:1\n");
}

TEST_F(CoverageTest, SingleFileUsesNamedRecordsAndNotesTheOthers) {
  EXPECT_EQ(readText("SF:/repo/a.cc\nDA:1,1\nend_of_record\n"
                     "SF:/usr/include/c++/12/vector\nDA:1,1\nend_of_record\n"
                     "TN:Suite.Named\n"
                     "SF:/repo/a.cc\nDA:2,1\nend_of_record\n"
                     "TN:\n"
                     "SF:/repo/b.cc\nDA:1,1\nend_of_record\n"),
            "Suite.Named | a.cc:2\n"
            "note: bad.info: records without a test name are ignored (2 of "
            "them): coverage that names no test is not per test; name each "
            "test with TN: (lcov --test-name) or give each test its own "
            "tracefile in a directory\n");
}

TEST_F(CoverageTest, TestNameIsKeptAsWritten) {
  EXPECT_EQ(readText("TN:test/regress/1234.test\n"
                     "SF:/repo/a.cc\nDA:1,1\nend_of_record\n"
                     "TN:Typed/Suite.Name/0\n"
                     "SF:/repo/a.cc\nDA:2,1\nend_of_record\n"),
            "Typed/Suite.Name/0 | a.cc:2\n"
            "test/regress/1234.test | a.cc:1\n");
}

TEST_F(CoverageTest, TestThatExecutedNoProjectLineIsStillListed) {
  EXPECT_EQ(readText("TN:Only.System\n"
                     "SF:/usr/include/c++/12/vector\nDA:1,1\nend_of_record\n"
                     "TN:Only.Zero\n"
                     "SF:/repo/a.cc\nDA:1,0\nDA:2,0\nend_of_record\n"),
            "Only.System\nOnly.Zero\n");
}

TEST_F(CoverageTest, CountsAreSixtyFourBitUnsigned) {
  EXPECT_EQ(readText("TN:T\nSF:/repo/a.cc\nDA:1,18446744073709551615\n"
                     "DA:2,0000\nDA:3,00001\nend_of_record\n"),
            "T | a.cc:1,3\n");
}

//===-- Paths ---------------------------------------------------------------//

TEST_F(CoverageTest, RelativeMapsPathsAndSkipsSystemFilesSilently) {
  EXPECT_EQ(readText("TN:T\n"
                     "SF:/repo/a.cc\nDA:1,1\nend_of_record\n"
                     "SF:/usr/include/stdio.h\nDA:900,1\nend_of_record\n"
                     "SF:/repo/build/gen.pb.cc\nDA:1,1\nend_of_record\n"
                     "SF:/repo/a.cc\nDA:2,1\nend_of_record\n"
                     "TN:U\n"
                     "SF:/usr/include/stdio.h\nDA:900,1\nend_of_record\n"),
            "T | a.cc:1,2\n"
            "U\n"
            "note: bad.info: test 'T': build/gen.pb.cc does not exist at "
            "head; its coverage of build/gen.pb.cc is ignored\n");
  // Each distinct path is mapped, and read at head, once.
  EXPECT_EQ(RelativeCalls,
            (std::map<std::string, unsigned>{{"/repo/a.cc", 1},
                                             {"/repo/build/gen.pb.cc", 1},
                                             {"/usr/include/stdio.h", 1}}));
  EXPECT_EQ(HeadCalls, (std::map<std::string, unsigned>{
                           {"a.cc", 1}, {"build/gen.pb.cc", 1}}));
}

TEST_F(CoverageTest, TwoSpellingsOfOneFileMerge) {
  CoverageSource Src = source();
  Src.Relative = [](llvm::StringRef SF) -> std::optional<std::string> {
    if (SF.consume_front("/repo/") || SF.consume_front("/build/../repo/"))
      return SF.str();
    return std::nullopt;
  };
  std::string Path = write("t.info", "TN:T\n"
                                     "SF:/repo/a.cc\nDA:1,1\nend_of_record\n"
                                     "SF:/build/../repo/a.cc\nDA:3,1\n"
                                     "end_of_record\n");
  llvm::Expected<Coverage> C = readCoverage(Path, Src);
  ASSERT_TRUE(bool(C)) << llvm::toString(C.takeError());
  EXPECT_EQ(describe(*C), "T | a.cc:1,3\n");
}

//===-- Stale coverage ----------------------------------------------------===//

TEST_F(CoverageTest, FileMissingAtHeadIgnoresThePair) {
  EXPECT_EQ(readText("TN:T\n"
                     "SF:/repo/gone.cc\nDA:1,1\nend_of_record\n"
                     "SF:/repo/a.cc\nDA:1,1\nend_of_record\n"),
            "T | a.cc:1\n"
            "note: bad.info: test 'T': gone.cc does not exist at head; its "
            "coverage of gone.cc is ignored\n");
}

TEST_F(CoverageTest, LinePastTheEndAtHeadIgnoresTheWholePair) {
  // a.cc has 3 lines at head. The stale record drops a.cc for test T also
  // where another record or file of T is fresh, but not T's b.cc nor U's
  // a.cc; one note per pair however many lines are past the end.
  write("cov/1.info", "TN:T\nSF:/repo/a.cc\nDA:1,1\nend_of_record\n"
                      "TN:U\nSF:/repo/a.cc\nDA:2,1\nend_of_record\n");
  write("cov/2.info", "TN:T\n"
                      "SF:/repo/b.cc\nDA:1,1\nend_of_record\n"
                      "SF:/repo/a.cc\nDA:2,1\nDA:4,0\nDA:9,1\nend_of_record\n"
                      "SF:/repo/a.cc\nDA:3,1\nend_of_record\n");
  write("cov/3.info", "TN:V\nSF:/repo/one.cc\nDA:1,1\nDA:2,1\nend_of_record\n");
  EXPECT_EQ(read(Dir + "/cov"),
            "T | b.cc:1\n"
            "U | a.cc:2\n"
            "V\n"
            "note: cov/2.info: test 'T': a.cc:4 does not exist at head (the "
            "file has 3 lines); its coverage of a.cc is ignored\n"
            "note: cov/3.info: test 'V': one.cc:2 does not exist at head (the "
            "file has 1 line); its coverage of one.cc is ignored\n");
}

TEST_F(CoverageTest, ChecksumMismatchIgnoresThePairAndPaddingIsAccepted) {
  // The checksums of "int a() {" and "  return 1;" (Python's base64 of
  // hashlib.md5), the second with base64's padding as some writers keep it.
  EXPECT_EQ(readText("TN:T\n"
                     "SF:/repo/a.cc\n"
                     "DA:1,1,Kgf7YITLSMxXWWKC9Np06A\n"
                     "DA:2,1,AyL3tppg5Rq1EpN2AqOruw==\n"
                     "end_of_record\n"
                     "SF:/repo/b.cc\n"
                     "DA:1,1,Kgf7YITLSMxXWWKC9Np06A\n"
                     "end_of_record\n"),
            "T | a.cc:1,2\n"
            "note: bad.info: test 'T': b.cc:1 changed since the coverage was "
            "recorded (checksum Kgf7YITLSMxXWWKC9Np06A, at head "
            "xKpXzzYHcp2H061NGscH9A); its coverage of b.cc is ignored\n");
}

TEST_F(CoverageTest, GitBlobVersionIsCheckedOtherVersionsAreNot) {
  std::string A = gitBlobId(Head["a.cc"]);
  std::string B = gitBlobId(Head["b.cc"]);
  EXPECT_EQ(readText("TN:T\n"
                     "SF:/repo/a.cc\nVER:" +
                     llvm::StringRef(A).upper() +
                     "\nDA:1,1\nend_of_record\n"
                     "SF:/repo/b.cc\nVER:" +
                     A +
                     "\nDA:1,1\nend_of_record\n"
                     "SF:/repo/one.cc\nVER:SHA 0123abc edited "
                     "2024-01-01T00:00:00+00:00\nDA:1,1\nend_of_record\n"),
            "T | a.cc:1 | one.cc:1\n"
            "note: bad.info: test 'T': b.cc was recorded at blob " +
                A + ", at head it is " + B +
                "; its coverage of b.cc is ignored\n");
}

TEST_F(CoverageTest, NotesAreSorted) {
  write("cov/a.info", "TN:Z\nSF:/repo/gone.cc\nDA:1,1\nend_of_record\n");
  write("cov/b.info", "TN:A\nSF:/repo/gone.cc\nDA:1,1\nend_of_record\n"
                      "TN:A\nSF:/repo/a.cc\nDA:7,1\nend_of_record\n");
  EXPECT_EQ(read(Dir + "/cov"),
            "A\nZ\n"
            "note: cov/a.info: test 'Z': gone.cc does not exist at head; its "
            "coverage of gone.cc is ignored\n"
            "note: cov/b.info: test 'A': a.cc:7 does not exist at head (the "
            "file has 3 lines); its coverage of a.cc is ignored\n"
            "note: cov/b.info: test 'A': gone.cc does not exist at head; its "
            "coverage of gone.cc is ignored\n");
}

//===-- Layout that is accepted -------------------------------------------===//

TEST_F(CoverageTest, CrlfBlankLinesCommentsAndByteOrderMarkAreAccepted) {
  EXPECT_EQ(readText("\xEF\xBB\xBF# comment\r\n"
                     "TN:T  \r\n"
                     "\r\n"
                     "SF:/repo/a.cc\r\n"
                     "DA:2,1\r\n"
                     "end_of_record\r\n"
                     "\r\n"),
            "T | a.cc:2\n");
  EXPECT_EQ(readText("TN:T\r\nSF:/repo/a.cc\r\nDA:x,1\r\nend_of_record\r\n"),
            "error: bad.info:3: DA line number 'x' is not a number");
}

TEST_F(CoverageTest, LastLineNeedsNoNewline) {
  EXPECT_EQ(readText("TN:T\nSF:/repo/a.cc\nDA:1,1\nend_of_record"),
            "T | a.cc:1\n");
}

//===-- Malformed input ---------------------------------------------------===//

TEST_F(CoverageTest, MalformedLines) {
  const std::string Rec = "TN:T\nSF:/repo/a.cc\n";
  const std::pair<std::string, std::string> Cases[] = {
      {Rec + "hello\nend_of_record\n",
       "bad.info:3: expected KEY:VALUE or end_of_record, found 'hello'"},
      {Rec + " DA:1,1\nend_of_record\n",
       "bad.info:3: expected KEY:VALUE or end_of_record, found ' DA:1,1'"},
      {Rec + ":1,1\nend_of_record\n",
       "bad.info:3: expected KEY:VALUE or end_of_record, found ':1,1'"},
      {Rec + "XYZ:1\nend_of_record\n", "bad.info:3: unknown key 'XYZ'"},
      {Rec + "da:1,1\nend_of_record\n", "bad.info:3: unknown key 'da'"},
      {"TN:T\nDA:1,1\n", "bad.info:2: DA outside a record (no SF: before it)"},
      {"FN:1,main\n", "bad.info:1: FN outside a record (no SF: before it)"},
      {Rec + "DA:1,1\nend_of_record\nLF:1\n",
       "bad.info:5: LF outside a record (no SF: before it)"},
      {Rec + "DA:x,1\nend_of_record\n",
       "bad.info:3: DA line number 'x' is not a number"},
      {Rec + "DA:-1,1\nend_of_record\n",
       "bad.info:3: DA line number '-1' is not a number"},
      {Rec + "DA:4294967296,1\nend_of_record\n",
       "bad.info:3: DA line number 4294967296 is too large"},
      {Rec + "DA:0,1\nend_of_record\n",
       "bad.info:3: DA line number 0: lines count from 1"},
      {Rec + "DA:1,abc\nend_of_record\n",
       "bad.info:3: DA execution count 'abc' is not a number"},
      {Rec + "DA:1,1.5\nend_of_record\n",
       "bad.info:3: DA execution count '1.5' is not a number"},
      {Rec + "DA:1,\nend_of_record\n",
       "bad.info:3: DA execution count '' is not a number"},
      {Rec + "DA:1,-3\nend_of_record\n",
       "bad.info:3: DA execution count -3 is negative: the counter is "
       "corrupt; produce the coverage again"},
      {Rec + "DA:1,18446744073709551616\nend_of_record\n",
       "bad.info:3: DA execution count 18446744073709551616 does not fit in "
       "64 bits"},
      {Rec + "DA:5\nend_of_record\n",
       "bad.info:3: DA needs a line number and an execution count, found "
       "'DA:5'"},
      {Rec + "DA:1,1,\nend_of_record\n",
       "bad.info:3: DA checksum is empty: 'DA:1,1,'"},
      {Rec + "DA:1,1,abc,def\nend_of_record\n",
       "bad.info:3: DA has more than a line number, an execution count and a "
       "checksum: 'DA:1,1,abc,def'"},
      {Rec + "DA:1,1\nSF:/repo/b.cc\nend_of_record\n",
       "bad.info:4: SF: inside the record that starts at line 2 "
       "(end_of_record missing)"},
      {Rec + "DA:1,1\nTN:U\nend_of_record\n",
       "bad.info:4: TN: inside the record that starts at line 2 "
       "(end_of_record missing)"},
      {Rec + "end_of_record\nend_of_record\n",
       "bad.info:4: end_of_record outside a record (no SF: before it)"},
      {"TN:T\nSF:\nend_of_record\n", "bad.info:2: SF: without a path"},
      {Rec + "DA:1,1\nend_of_record\nSF:/repo/b.cc\nDA:1,1\n",
       "bad.info:5: the record of '/repo/b.cc' that starts here has no "
       "end_of_record"},
      {"", "bad.info:1: empty tracefile"},
      {"\n\n# only a comment\n", "bad.info:1: empty tracefile"},
      {"TN:T\n", "bad.info:1: no record (SF: ... end_of_record) in the "
                 "tracefile"},
  };
  for (const auto &[Text, Message] : Cases)
    EXPECT_EQ(readText(Text), "error: " + Message) << Text;
}

TEST_F(CoverageTest, LongLinesAreCutInMessages) {
  std::string Long(100, 'x');
  EXPECT_EQ(readText("TN:T\nSF:/repo/a.cc\n" + Long + "\nend_of_record\n"),
            "error: bad.info:3: expected KEY:VALUE or end_of_record, found '" +
                Long.substr(0, 77) + "...'");
}

TEST_F(CoverageTest, MalformedEvenWhereTheRecordIsSkipped) {
  // A system file's record and a stale pair are still checked for form.
  EXPECT_EQ(readText("TN:T\nSF:/usr/include/stdio.h\nDA:1,x\nend_of_record\n"),
            "error: bad.info:3: DA execution count 'x' is not a number");
  EXPECT_EQ(readText("TN:T\nSF:/repo/gone.cc\nDA:0,1\nend_of_record\n"),
            "error: bad.info:3: DA line number 0: lines count from 1");
  EXPECT_EQ(readText("SF:/repo/a.cc\nDA:1,-1\nend_of_record\n"),
            "error: bad.info:2: DA execution count -1 is negative: the "
            "counter is corrupt; produce the coverage again");
}

TEST_F(CoverageTest, MalformedFileInADirectoryIsNamed) {
  write("cov/a.info", "SF:/repo/a.cc\nDA:1,1\nend_of_record\n");
  write("cov/b.info", "SF:/repo/a.cc\nDA:1,1\nBOGUS:1\nend_of_record\n");
  EXPECT_EQ(read(Dir + "/cov"), "error: cov/b.info:3: unknown key 'BOGUS'");
}

TEST_F(CoverageTest, MissingPathAndDirectoryWithoutTracefile) {
  EXPECT_EQ(read(Dir + "/nope.info"),
            "error: nope.info: no such file or directory");
  write("empty/readme.txt", "SF:/repo/a.cc\nDA:1,1\nend_of_record\n");
  ASSERT_FALSE(llvm::sys::fs::create_directories(Dir + "/empty/sub.info"));
  EXPECT_EQ(read(Dir + "/empty"),
            "error: empty: no tracefile (*.info or *.lcov) in the directory");
}

} // namespace
