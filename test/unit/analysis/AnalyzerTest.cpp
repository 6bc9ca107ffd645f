//===- AnalyzerTest.cpp - Classifying the functions a change touches ------===//
//
// No git: the working tree is written to a temporary directory (it is the
// head), the base is a Snapshot laid over it, and the ChangeSet with its
// hunks is written by hand, as the repo stage would produce it.
//
//===----------------------------------------------------------------------===//

#include "analysis/Analyzer.h"
#include "TestSupport.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <string>
#include <vector>

using namespace riskguard;
using clang::tooling::CompileCommand;

namespace {

using Lines = std::vector<std::string>;

const char *const Annotations = RISKGUARD_TEST_DIR "/../annotations/include";

/// A compilation database held in memory.
class MemoryCommands : public clang::tooling::CompilationDatabase {
public:
  explicit MemoryCommands(std::vector<CompileCommand> Commands)
      : Commands(std::move(Commands)) {}
  std::vector<CompileCommand>
  getCompileCommands(llvm::StringRef File) const override {
    std::vector<CompileCommand> Out;
    for (const CompileCommand &C : Commands)
      if (C.Filename == File)
        Out.push_back(C);
    return Out;
  }
  std::vector<std::string> getAllFiles() const override {
    std::vector<std::string> Out;
    for (const CompileCommand &C : Commands)
      Out.push_back(C.Filename);
    return Out;
  }
  std::vector<CompileCommand> getAllCompileCommands() const override {
    return Commands;
  }

private:
  std::vector<CompileCommand> Commands;
};

FileChange modified(std::string Path, std::vector<Hunk> Hunks) {
  FileChange FC;
  FC.OldPath = FC.NewPath = std::move(Path);
  FC.Status = FileStatus::Modified;
  FC.Hunks = std::move(Hunks);
  return FC;
}

FileChange added(std::string Path, unsigned Lines) {
  FileChange FC;
  FC.NewPath = std::move(Path);
  FC.Status = FileStatus::Added;
  FC.Hunks = {{0, 0, 1, Lines}};
  return FC;
}

FileChange deleted(std::string Path, unsigned Lines) {
  FileChange FC;
  FC.OldPath = std::move(Path);
  FC.Status = FileStatus::Deleted;
  FC.Hunks = {{1, Lines, 0, 0}};
  return FC;
}

class AnalyzerTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<256> Dir, Real;
    ASSERT_FALSE(
        llvm::sys::fs::createUniqueDirectory("riskguard-analyzer", Dir));
    ASSERT_FALSE(llvm::sys::fs::real_path(Dir, Real));
    Root = std::string(Real);
    Paths = std::make_unique<PathMapper>(Root);
    Rules =
        parse(R"json({ "version": 1, "tests": { "paths": ["test/**"] } })json");
  }
  void TearDown() override {
    if (!Root.empty())
      llvm::sys::fs::remove_directories(Root);
  }

  static Policy parse(llvm::StringRef Text) {
    llvm::Expected<Policy> P = parsePolicy(Text, ".riskguard.json");
    if (!P) {
      ADD_FAILURE() << llvm::toString(P.takeError());
      return Policy();
    }
    return std::move(*P);
  }

  void write(llvm::StringRef Path, llvm::StringRef Contents) {
    testsupport::writeFile(Root, Path, Contents);
  }

  /// Adds a compile command for the repo-relative source \p Path.
  void compile(llvm::StringRef Path) {
    std::string File = Root + "/" + Path.str();
    Commands.emplace_back(
        Root, File,
        std::vector<std::string>{"/usr/bin/clang++-19", "-std=c++17",
                                 std::string("-I") + Annotations, "-I" + Root,
                                 "-c", File},
        "");
  }

  AnalysisResult analyze(const ChangeSet &Changes, const Snapshot &Base,
                         const Snapshot &Head = {}) {
    auto DB = clang::tooling::inferMissingCompileCommands(
        std::make_unique<MemoryCommands>(Commands));
    AnalysisInput In;
    In.Paths = Paths.get();
    In.Changes = &Changes;
    In.BaseOverlay = &Base;
    In.HeadOverlay = &Head;
    In.Commands = DB.get();
    In.CommandsName = "build/compile_commands.json";
    In.Rules = &Rules;
    In.Jobs = 2;
    return analyzeChange(In);
  }

  static ChangeSet changes(std::vector<FileChange> Files) {
    ChangeSet C;
    C.BaseId = "base";
    C.HeadId = "WORKTREE";
    C.Files = std::move(Files);
    llvm::sort(C.Files, [](const FileChange &A, const FileChange &B) {
      return A.path() < B.path();
    });
    return C;
  }

  std::string Root;
  std::unique_ptr<PathMapper> Paths;
  std::vector<CompileCommand> Commands;
  Policy Rules;
};

/// "file:line kind tier domain name", plus " test" for test code.
Lines describe(const AnalysisResult &R) {
  Lines Out;
  for (const ChangedFunction &C : R.Changed) {
    std::string S = C.Facts.File + ":" + std::to_string(C.Facts.Line) + " " +
                    changeKindName(C.Kind).str() + " " +
                    tierKindName(C.TierKind).str() + " " +
                    (C.Domain.empty() ? "-" : C.Domain) + " " + C.Facts.Name;
    if (C.IsTest)
      S += " test";
    Out.push_back(S);
  }
  return Out;
}

/// "file:line:col: reason" per incomplete file.
Lines incomplete(const AnalysisResult &R) {
  Lines Out;
  for (const IncompleteFile &I : R.Incomplete)
    Out.push_back(I.File + ":" + std::to_string(I.Line) + ":" +
                  std::to_string(I.Column) + ": " + I.Reason);
  return Out;
}

const char *const PricingHeader = R"cc(#pragma once
#include <riskguard/annotations.h>
namespace shop {
RG_TIER1("pricing") int discount(int Cents);
RG_TIER1("pricing") int layout(int X);
int unchanged(int X);
int added(int X);
}
)cc";

const char *const UtilHeader = R"cc(#pragma once
namespace shop {
int helper(int X);
inline int round(int X) { return X / 10 * 10; }
}
)cc";

const char *const BasePricing = R"cc(#include "inc/pricing.h"
#include "inc/util.h"
namespace shop {
int discount(int Cents) {
  return helper(Cents) * 50 / 100;
}
int unchanged(int X) { return round(X); }
int layout(int X) { return X + 1; }
RG_TIER1("pricing") int gone(int X) { return X - 1; }
}
)cc";

const char *const HeadPricing = R"cc(#include "inc/pricing.h"
#include "inc/util.h"
namespace shop {
int discount(int Cents) {
  return helper(Cents) * 75 / 100;
}
int unchanged(int X) { return round(X); }
int layout(int X) {
  return X + 1; // rewrapped
}
int added(int X) { return X * 2; }
}
)cc";

const char *const BaseUtil = R"cc(#include "inc/util.h"
namespace shop {
int helper(int X) { return X; }
}
)cc";

const char *const HeadUtil = R"cc(#include "inc/util.h"
namespace shop {
int helper(int X) { return X < 0 ? 0 : X; }
}
)cc";

const char *const BaseTest = R"cc(#include "inc/pricing.h"
int testDiscount() { return shop::discount(100) == 50; }
int testOther() { return shop::unchanged(1); }
)cc";

const char *const HeadTest = R"cc(#include "inc/pricing.h"
int testDiscount() { return shop::discount(100) == 75; }
int testOther() { return shop::unchanged(1); }
)cc";

TEST_F(AnalyzerTest, ModifiedAddedDeletedCosmeticIndirectAndTest) {
  write("inc/pricing.h", PricingHeader);
  write("inc/util.h", UtilHeader);
  write("src/pricing.cc", HeadPricing);
  write("src/util.cc", HeadUtil);
  write("test/pricing_test.cc", HeadTest);
  compile("src/pricing.cc");
  compile("src/util.cc");
  compile("test/pricing_test.cc");
  ChangeSet C = changes({
      // Line 5 changed; lines 8-9 (layout, gone) became lines 8-11.
      modified("src/pricing.cc", {{5, 1, 5, 1}, {8, 2, 8, 4}}),
      modified("src/util.cc", {{3, 1, 3, 1}}),
      modified("test/pricing_test.cc", {{2, 1, 2, 1}}),
  });
  Snapshot Base = {{"src/pricing.cc", std::string(BasePricing)},
                   {"src/util.cc", std::string(BaseUtil)},
                   {"test/pricing_test.cc", std::string(BaseTest)}};
  AnalysisResult R = analyze(C, Base);
  EXPECT_EQ(Lines({
                "src/pricing.cc:4 modified tier1 pricing shop::discount(int)",
                "src/pricing.cc:8 cosmetic tier1 pricing shop::layout(int)",
                "src/pricing.cc:9 deleted tier1 pricing shop::gone(int)",
                "src/pricing.cc:11 added none - shop::added(int)",
                // helper is not tier-1, but discount (tier-1) calls it.
                "src/util.cc:3 modified indirect pricing shop::helper(int)",
                "test/pricing_test.cc:2 modified none - testDiscount() test",
            }),
            describe(R));
  EXPECT_TRUE(R.Incomplete.empty()) << llvm::join(incomplete(R), "\n");
  // Three TUs at head, the three changed ones again at base.
  EXPECT_EQ(6u, R.TUsParsed);
  EXPECT_EQ(0u, R.TUsCached);

  // Head ids point into the head program; a deleted function has none.
  for (const ChangedFunction &Ch : R.Changed) {
    if (Ch.Kind == ChangeKind::Deleted) {
      EXPECT_EQ(std::nullopt, Ch.HeadId);
      EXPECT_TRUE(R.Base.findUSR(Ch.Facts.USR).has_value());
      continue;
    }
    ASSERT_TRUE(Ch.HeadId.has_value()) << Ch.Facts.Name;
    EXPECT_EQ(Ch.Facts.USR, R.Head.function(*Ch.HeadId).USR);
  }
  const ChangedFunction &Discount = R.Changed[0];
  EXPECT_EQ("annotation on the function", Discount.Tier1.Source);
  EXPECT_EQ(6u, Discount.Facts.EndLine);
  // The head program has every TU's functions, the base only the changed
  // TUs'.
  EXPECT_TRUE(R.Head.findName("shop::round(int)").size() == 1);
  EXPECT_TRUE(R.Base.findName("shop::gone(int)").size() == 1);
  EXPECT_TRUE(R.Head.findName("shop::gone(int)").empty());
}

TEST_F(AnalyzerTest, UnchangedFunctionsInAChangedFileAreNotListed) {
  write("inc/pricing.h", PricingHeader);
  write("inc/util.h", UtilHeader);
  write("src/pricing.cc", HeadPricing);
  compile("src/pricing.cc");
  // Only discount's line is in the change; the base has the same layout
  // and gone functions as the head, so nothing else is listed.
  std::string Base = HeadPricing;
  Base.replace(Base.find("75"), 2, "50");
  AnalysisResult R =
      analyze(changes({modified("src/pricing.cc", {{5, 1, 5, 1}})}),
              {{"src/pricing.cc", Base}});
  EXPECT_EQ(
      Lines({"src/pricing.cc:4 modified tier1 pricing shop::discount(int)"}),
      describe(R));
  EXPECT_TRUE(R.Incomplete.empty());
}

TEST_F(AnalyzerTest, CosmeticNeedsAHunkInsideTheFunction) {
  write("a.cc",
        "int f(int X) {\n  return X; // why\n}\nint g() { return 1; }\n");
  compile("a.cc");
  // Base without the comment; the hunk is line 2.
  AnalysisResult R =
      analyze(changes({modified("a.cc", {{2, 1, 2, 1}})}),
              {{"a.cc", std::string("int f(int X) {\n  return X;\n}\n"
                                    "int g() { return 1; }\n")}});
  EXPECT_EQ(Lines({"a.cc:1 cosmetic none - f(int)"}), describe(R));
}

TEST_F(AnalyzerTest, PureDeletionBetweenLinesTouchesTheEnclosingFunction) {
  // Head lines 1-4; a comment line was removed after head line 2.
  write("a.cc", "int f(int X) {\n  X += 1;\n  return X;\n}\n");
  compile("a.cc");
  AnalysisResult R = analyze(
      changes({modified("a.cc", {{3, 1, 2, 0}})}),
      {{"a.cc", std::string("int f(int X) {\n  X += 1;\n  // gone\n  return "
                            "X;\n}\n")}});
  EXPECT_EQ(Lines({"a.cc:1 cosmetic none - f(int)"}), describe(R));
}

TEST_F(AnalyzerTest, ChangedInlineFunctionInAHeaderIsOneFunction) {
  write("inc/util.h",
        "#pragma once\ninline int round(int X) { return X / 5 * 5; }\n");
  write("a.cc", "#include \"inc/util.h\"\nint a() { return round(1); }\n");
  write("b.cc", "#include \"inc/util.h\"\nint b() { return round(2); }\n");
  compile("a.cc");
  compile("b.cc");
  AnalysisResult R =
      analyze(changes({modified("inc/util.h", {{2, 1, 2, 1}})}),
              {{"inc/util.h", std::string("#pragma once\ninline int round(int "
                                          "X) { return X / 10 * 10; }\n")}});
  EXPECT_EQ(Lines({"inc/util.h:2 modified none - round(int)"}), describe(R));
  EXPECT_TRUE(R.Incomplete.empty());
  // One TU suffices at base.
  EXPECT_EQ(3u, R.TUsParsed);
  ASSERT_EQ(1u, R.Changed.size());
  EXPECT_EQ((std::vector<std::string>{"a()", "b()"}), [&] {
    std::vector<std::string> Names;
    for (unsigned Id : R.Head.callers(*R.Changed[0].HeadId))
      Names.push_back(R.Head.function(Id).Name);
    return Names;
  }());
}

TEST_F(AnalyzerTest, AddedFileIsAllAddedAndNotParsedAtBase) {
  write("inc/pricing.h", PricingHeader);
  write("src/new.cc", "#include \"inc/pricing.h\"\nnamespace shop {\n"
                      "int discount(int C) { return C; }\nint added(int X) "
                      "{ return X; }\n}\n");
  compile("src/new.cc");
  AnalysisResult R = analyze(changes({added("src/new.cc", 5)}),
                             {{"src/new.cc", std::nullopt}});
  EXPECT_EQ(Lines({"src/new.cc:3 added tier1 pricing shop::discount(int)",
                   "src/new.cc:4 added none - shop::added(int)"}),
            describe(R));
  EXPECT_TRUE(R.Incomplete.empty()) << llvm::join(incomplete(R), "\n");
  EXPECT_EQ(1u, R.TUsParsed);
}

TEST_F(AnalyzerTest, DeletedSourceIsParsedAtBaseWithAnInferredCommand) {
  write("src/keep.cc", "int keep() { return 0; }\n");
  compile("src/keep.cc");
  // src/gone.cc is not in the working tree, nor in the database.
  AnalysisResult R = analyze(
      changes({deleted("src/gone.cc", 2)}),
      {{"src/gone.cc",
        std::string("#include <riskguard/annotations.h>\n"
                    "RG_TIER1(\"ledger\") int book() { return 1; }\n")}});
  EXPECT_EQ(Lines({"src/gone.cc:2 deleted tier1 ledger book()"}), describe(R));
  EXPECT_TRUE(R.Incomplete.empty()) << llvm::join(incomplete(R), "\n");
  EXPECT_EQ(2u, R.TUsParsed);
}

TEST_F(AnalyzerTest, RenamedFileWithSameFunctionsChangesNothing) {
  write("src/new_name.cc", "int f() { return 1; }\n");
  compile("src/new_name.cc");
  FileChange FC;
  FC.OldPath = "src/old_name.cc";
  FC.NewPath = "src/new_name.cc";
  FC.Status = FileStatus::Renamed;
  AnalysisResult R =
      analyze(changes({FC}),
              {{"src/old_name.cc", std::string("int f() { return 1; }\n")},
               {"src/new_name.cc", std::nullopt}});
  EXPECT_TRUE(R.Changed.empty()) << llvm::join(describe(R), "\n");
  EXPECT_TRUE(R.Incomplete.empty()) << llvm::join(incomplete(R), "\n");
}

TEST_F(AnalyzerTest, RenamedFileWithAChangedFunction) {
  write("src/new_name.cc", "int f() { return 2; }\n");
  compile("src/new_name.cc");
  FileChange FC;
  FC.OldPath = "src/old_name.cc";
  FC.NewPath = "src/new_name.cc";
  FC.Status = FileStatus::Renamed;
  FC.Hunks = {{1, 1, 1, 1}};
  AnalysisResult R =
      analyze(changes({FC}),
              {{"src/old_name.cc", std::string("int f() { return 1; }\n")},
               {"src/new_name.cc", std::nullopt}});
  EXPECT_EQ(Lines({"src/new_name.cc:1 modified none - f()"}), describe(R));
  EXPECT_TRUE(R.Incomplete.empty()) << llvm::join(incomplete(R), "\n");
}

TEST_F(AnalyzerTest, BinaryAndNonCppFilesAreIgnored) {
  write("a.cc", "int f() { return 1; }\n");
  compile("a.cc");
  FileChange Binary = modified("a.cc", {});
  Binary.Binary = true;
  AnalysisResult R =
      analyze(changes({Binary, modified("README.md", {{1, 1, 1, 1}}),
                       modified("CMakeLists.txt", {{1, 1, 1, 1}})}),
              {{"README.md", std::string("old\n")}});
  EXPECT_TRUE(R.Changed.empty());
  EXPECT_TRUE(R.Incomplete.empty()) << llvm::join(incomplete(R), "\n");
  EXPECT_EQ(1u, R.TUsParsed);
}

TEST_F(AnalyzerTest, HeadOverlayIsTheHeadNotTheWorkingTree) {
  write("a.cc", "int f() { return 3; }\n");
  compile("a.cc");
  AnalysisResult R =
      analyze(changes({modified("a.cc", {{1, 1, 1, 1}})}),
              {{"a.cc", std::string("int f() { return 1; }\n")}},
              {{"a.cc", std::string("int f() { return 1; }\n")}});
  // Head and base are equal, whatever the working tree holds.
  EXPECT_EQ(Lines({"a.cc:1 cosmetic none - f()"}), describe(R));
}

//===----------------------------------------------------------------------===//
// Files that could not be analyzed
//===----------------------------------------------------------------------===//

TEST_F(AnalyzerTest, ChangedHeaderWithoutAnIncludingTUIsIncomplete) {
  write("inc/orphan.h", "inline int orphan() { return 2; }\n");
  write("a.cc", "int f() { return 1; }\n");
  compile("a.cc");
  AnalysisResult R = analyze(
      changes({modified("inc/orphan.h", {{1, 1, 1, 1}})}),
      {{"inc/orphan.h", std::string("inline int orphan() { return 1; }\n")}});
  EXPECT_EQ(Lines({"inc/orphan.h:0:0: no translation unit in "
                   "build/compile_commands.json includes 'inc/orphan.h'"}),
            incomplete(R));
  EXPECT_EQ("", R.Incomplete[0].At);
  EXPECT_TRUE(R.Changed.empty());
}

TEST_F(AnalyzerTest, ChangedSourceWithoutACompileCommandIsIncomplete) {
  write("src/nocmd.cc", "int f() { return 2; }\n");
  write("a.cc", "int g() { return 1; }\n");
  compile("a.cc");
  AnalysisResult R =
      analyze(changes({modified("src/nocmd.cc", {{1, 1, 1, 1}})}),
              {{"src/nocmd.cc", std::string("int f() { return 1; }\n")}});
  EXPECT_EQ(Lines({"src/nocmd.cc:0:0: no compile command for 'src/nocmd.cc' "
                   "in build/compile_commands.json"}),
            incomplete(R));
  EXPECT_TRUE(R.Changed.empty());
}

TEST_F(AnalyzerTest, ParseErrorInAChangedFileIsIncomplete) {
  write("src/bad.cc", "int f() {\n  int X = 1;\n  return nope + X;\n}\n"
                      "int g() { return 2; }\n");
  compile("src/bad.cc");
  AnalysisResult R = analyze(
      changes({modified("src/bad.cc", {{3, 1, 3, 1}})}),
      {{"src/bad.cc", std::string("int f() {\n  int X = 1;\n  return X;\n}\n"
                                  "int g() { return 2; }\n")}});
  ASSERT_EQ(1u, R.Incomplete.size());
  const IncompleteFile &I = R.Incomplete[0];
  EXPECT_EQ("src/bad.cc", I.File);
  EXPECT_EQ("src/bad.cc:3:10", I.At);
  EXPECT_EQ(3u, I.Line);
  EXPECT_EQ(10u, I.Column);
  EXPECT_EQ("1 error while parsing 'src/bad.cc'; first: src/bad.cc:3:10: use "
            "of undeclared identifier 'nope'",
            I.Reason);
}

TEST_F(AnalyzerTest, ParseErrorInAnIncludedHeaderNamesTheHeader) {
  write("inc/bad.h", "#pragma once\ninline int h() { return nope; }\n"
                     "inline int k() { return nope2; }\n");
  write("src/a.cc", "#include \"inc/bad.h\"\nint f() { return 2; }\n");
  compile("src/a.cc");
  AnalysisResult R =
      analyze(changes({modified("src/a.cc", {{2, 1, 2, 1}})}),
              {{"src/a.cc", std::string("#include \"inc/bad.h\"\nint f() { "
                                        "return 1; }\n")}});
  // Both sides fail; the head's failure is the one reported.
  EXPECT_EQ(Lines({"inc/bad.h:2:25: 2 errors while parsing 'src/a.cc'; first: "
                   "inc/bad.h:2:25: use of undeclared identifier 'nope'"}),
            incomplete(R));
}

TEST_F(AnalyzerTest, ParseErrorOnlyAtBaseIsIncomplete) {
  write("a.cc", "int f() { return 1; }\n");
  compile("a.cc");
  AnalysisResult R =
      analyze(changes({modified("a.cc", {{1, 1, 1, 1}})}),
              {{"a.cc", std::string("int f() { return nope; }\n")}});
  EXPECT_EQ(Lines({"a.cc:1:18: 1 error while parsing 'a.cc' at base; first: "
                   "a.cc:1:18: use of undeclared identifier 'nope'"}),
            incomplete(R));
}

TEST_F(AnalyzerTest, ParseErrorInAnUnchangedFileCountsOnlyForTier1Code) {
  write("src/changed.cc", "int f() { return 2; }\n");
  write("src/plain_bad.cc", "int p() { return nope; }\n");
  write("src/tier1_bad.cc", "#include <riskguard/annotations.h>\n"
                            "RG_TIER1(\"ledger\") int book() { return 1; }\n"
                            "int q() { return nope; }\n");
  compile("src/changed.cc");
  compile("src/plain_bad.cc");
  compile("src/tier1_bad.cc");
  AnalysisResult R =
      analyze(changes({modified("src/changed.cc", {{1, 1, 1, 1}})}),
              {{"src/changed.cc", std::string("int f() { return 1; }\n")}});
  EXPECT_EQ(Lines({"src/tier1_bad.cc:3:18: 1 error while parsing "
                   "'src/tier1_bad.cc'; first: src/tier1_bad.cc:3:18: use of "
                   "undeclared identifier 'nope'"}),
            incomplete(R));
  EXPECT_EQ(Lines({"src/changed.cc:1 modified none - f()"}), describe(R));
}

TEST_F(AnalyzerTest, IncompleteFilesAreSortedByFile) {
  write("z.cc", "int z() { return nope; }\n");
  write("inc/m.h", "int m();\n");
  write("b.cc", "int b() { return 1; }\n");
  compile("z.cc");
  AnalysisResult R =
      analyze(changes({modified("z.cc", {{1, 1, 1, 1}}),
                       modified("inc/m.h", {{1, 1, 1, 1}}),
                       modified("b.cc", {{1, 1, 1, 1}})}),
              {{"z.cc", std::string("int z() { return 0; }\n")},
               {"inc/m.h", std::string("int m(int);\n")},
               {"b.cc", std::string("int b() { return 0; }\n")}});
  std::vector<std::string> Files;
  for (const IncompleteFile &I : R.Incomplete)
    Files.push_back(I.File);
  EXPECT_EQ(Lines({"b.cc", "inc/m.h", "z.cc"}), Files);
}

// Changing `#define CAP 50` to 75 changes the behaviour of the function
// that uses CAP, though none of its own lines changed.
TEST_F(AnalyzerTest, ChangedMacroUsedByAFunctionChangesItsLogic) {
  write("a.cc",
        "#include <riskguard/annotations.h>\n#define CAP 75\n"
        "RG_TIER1(\"pricing\") int cap(int P) { return P > CAP ? CAP : P; }\n");
  compile("a.cc");
  AnalysisResult R = analyze(
      changes({modified("a.cc", {{2, 1, 2, 1}})}),
      {{"a.cc",
        std::string("#include <riskguard/annotations.h>\n#define CAP 50\n"
                    "RG_TIER1(\"pricing\") int cap(int P) { return P > "
                    "CAP ? CAP : P; }\n")}});
  EXPECT_EQ(Lines({"a.cc:3 modified tier1 pricing cap(int)"}), describe(R));
}

// A constant the function reads is part of its logic too.
TEST_F(AnalyzerTest, ChangedConstantUsedByAFunctionChangesItsLogic) {
  write("a.cc",
        "#include <riskguard/annotations.h>\nconstexpr int Cap = 75;\n"
        "RG_TIER1(\"pricing\") int cap(int P) { return P > Cap ? Cap : P; }\n"
        "int other(int P) { return P; }\n");
  compile("a.cc");
  AnalysisResult R = analyze(
      changes({modified("a.cc", {{2, 1, 2, 1}})}),
      {{"a.cc",
        std::string(
            "#include <riskguard/annotations.h>\nconstexpr int Cap = 50;\n"
            "RG_TIER1(\"pricing\") int cap(int P) { return P > "
            "Cap ? Cap : P; }\nint other(int P) { return P; }\n")}});
  EXPECT_EQ(Lines({"a.cc:3 modified tier1 pricing cap(int)"}), describe(R));
}

// Only a header changes: the functions of other sources whose logic holds
// its macros are modified, and their TUs are parsed at base to see it; one
// that expands only an unchanged macro of it is not listed at all.
TEST_F(AnalyzerTest, ChangedHeaderMacroChangesFunctionsOfUnchangedSources) {
  auto Limits = [](llvm::StringRef Cap) {
    return ("#pragma once\n#define CAP " + Cap +
            "\n#define LIMIT (CAP + 1)\n#define OTHER 3\n")
        .str();
  };
  write("inc/limits.h", Limits("75"));
  write("src/a.cc",
        "#include <riskguard/annotations.h>\n"
        "#include \"inc/limits.h\"\n"
        "RG_TIER1(\"pricing\") int a(int P) { return P > LIMIT; }\n");
  write("src/b.cc", "#include \"inc/limits.h\"\n"
                    "int b(int P) { return P * CAP; }\n");
  write("src/c.cc", "#include \"inc/limits.h\"\n"
                    "int c(int P) { return P * OTHER; }\n");
  write("src/d.cc", "int d(int P) { return P; }\n");
  compile("src/a.cc");
  compile("src/b.cc");
  compile("src/c.cc");
  compile("src/d.cc");
  AnalysisResult R =
      analyze(changes({modified("inc/limits.h", {{2, 1, 2, 1}})}),
              {{"inc/limits.h", Limits("50")}});
  EXPECT_TRUE(R.Incomplete.empty()) << llvm::join(incomplete(R), "\n");
  EXPECT_EQ(Lines({"src/a.cc:3 modified tier1 pricing a(int)",
                   "src/b.cc:2 modified none - b(int)"}),
            describe(R));
  ASSERT_EQ(2u, R.Changed.size());
  EXPECT_EQ(Lines({"macro or constant in inc/limits.h changed"}),
            R.Changed[0].Summary);
  // Four at head; at base each TU whose functions read the header (c.cc
  // too: only its base says that OTHER did not change), not d.cc.
  EXPECT_EQ(7u, R.TUsParsed);
  EXPECT_EQ(3u, R.Base.functions().size());
}

// The same for a constexpr constant and an enumerator declared in a header.
TEST_F(AnalyzerTest, ChangedHeaderConstantChangesFunctionsOfUnchangedSources) {
  auto Rates = [](llvm::StringRef Fee, llvm::StringRef High) {
    return ("#pragma once\nconstexpr int Fee = " + Fee +
            ";\nenum Level { Low = 1, High = " + High + " };\n")
        .str();
  };
  write("inc/rates.h", Rates("25", "3"));
  write("src/fee.cc",
        "#include \"inc/rates.h\"\nint fee(int P) { return P + Fee; }\n"
        "int low() { return Low; }\n");
  write("src/level.cc",
        "#include \"inc/rates.h\"\nint level() { return High; }\n");
  compile("src/fee.cc");
  compile("src/level.cc");
  AnalysisResult Fee =
      analyze(changes({modified("inc/rates.h", {{2, 1, 2, 1}})}),
              {{"inc/rates.h", Rates("20", "3")}});
  EXPECT_EQ(Lines({"src/fee.cc:2 modified none - fee(int)"}), describe(Fee));
  AnalysisResult Level =
      analyze(changes({modified("inc/rates.h", {{3, 1, 3, 1}})}),
              {{"inc/rates.h", Rates("25", "2")}});
  EXPECT_EQ(Lines({"src/level.cc:2 modified none - level()"}), describe(Level));
}

// A function found only through a changed header is never added, even when
// no TU that defines it can be parsed at base.
TEST_F(AnalyzerTest, ChangedHeaderNeverMakesAFunctionOfANewSourceAdded) {
  write("inc/limits.h", "#pragma once\n#define CAP 75\n");
  write("src/new.cc",
        "#include \"inc/limits.h\"\nint fresh(int P) { return CAP; }\n");
  write("src/old.cc",
        "#include \"inc/limits.h\"\nint old(int P) { return P; }\n");
  compile("src/new.cc");
  compile("src/old.cc");
  AnalysisResult R =
      analyze(changes({modified("inc/limits.h", {{2, 1, 2, 1}}),
                       added("src/new.cc", 2)}),
              {{"inc/limits.h", std::string("#pragma once\n#define CAP 50\n")},
               {"src/new.cc", std::nullopt}});
  EXPECT_TRUE(R.Incomplete.empty()) << llvm::join(incomplete(R), "\n");
  EXPECT_EQ(Lines({"src/new.cc:2 added none - fresh(int)"}), describe(R));
}

// RG_TIER1 removed from a header declaration: each function it marked is
// parsed at base, the one defined in the header's second reader too, so
// that its lost marking shows; nothing changed in logic.
TEST_F(AnalyzerTest, MarkingChangedInAHeaderParsesEveryDefinerAtBase) {
  auto Api = [](llvm::StringRef Mark) {
    return ("#pragma once\n#include <riskguard/annotations.h>\n" + Mark +
            " int fee(int P);\n" + Mark + " int refund(int P);\n")
        .str();
  };
  write("inc/api.h", Api(""));
  write("src/fee.cc", "#include \"inc/api.h\"\nint fee(int P) { return P; }\n");
  write("src/refund.cc",
        "#include \"inc/api.h\"\nint refund(int P) { return -P; }\n");
  compile("src/fee.cc");
  compile("src/refund.cc");
  AnalysisResult R = analyze(changes({modified("inc/api.h", {{3, 2, 3, 2}})}),
                             {{"inc/api.h", Api("RG_TIER1(\"pricing\")")}});
  EXPECT_TRUE(R.Incomplete.empty()) << llvm::join(incomplete(R), "\n");
  EXPECT_EQ(Lines{}, describe(R));
  Lines BaseTier1;
  for (const FunctionFacts &F : R.Base.functions())
    BaseTier1.push_back(F.Name + " " + F.Tier1Domain);
  EXPECT_EQ(Lines({"fee(int) pricing", "refund(int) pricing"}), BaseTier1);
}

//===----------------------------------------------------------------------===//
// Regressions
//===----------------------------------------------------------------------===//

// A source file the change adds cannot read a modified header at base: one
// of the header's other readers does.
TEST_F(AnalyzerTest,
       NewSourceIncludingAModifiedHeaderKeepsTheHeaderAnalyzable) {
  write("inc/h.h", "#pragma once\ninline int h() { return 2; }\n"
                   "inline int same() { return 0; }\n");
  write("src/a_new.cc", "#include \"inc/h.h\"\nint a() { return h(); }\n");
  write("src/b_old.cc", "#include \"inc/h.h\"\nint b() { return h(); }\n");
  compile("src/a_new.cc");
  compile("src/b_old.cc");
  AnalysisResult R = analyze(
      changes({modified("inc/h.h", {{2, 1, 2, 1}}), added("src/a_new.cc", 2)}),
      {{"inc/h.h", std::string("#pragma once\ninline int h() { return 1; }\n"
                               "inline int same() { return 0; }\n")},
       {"src/a_new.cc", std::nullopt}});
  EXPECT_TRUE(R.Incomplete.empty()) << llvm::join(incomplete(R), "\n");
  EXPECT_EQ(Lines({"inc/h.h:2 modified none - h()",
                   "src/a_new.cc:2 added none - a()"}),
            describe(R));
}

// Two static helpers of the same name in same-named files are two functions
// (see FactsTest.FileLocalFunctionsOfSameNamedFilesHaveDistinctUSRs).
TEST_F(AnalyzerTest, StaticFunctionsInSameNamedFilesAreTwoFunctions) {
  write("src/a/util.cc", "static int helper(int X) { return X; }\n"
                         "int useA() { return helper(1); }\n");
  write("src/b/util.cc",
        "#include <riskguard/annotations.h>\n"
        "RG_TIER1(\"ledger\") static int helper(int X) { return -X; }\n"
        "int useB() { return helper(1); }\n");
  compile("src/a/util.cc");
  compile("src/b/util.cc");
  AnalysisResult R = analyze(
      changes({modified("src/b/util.cc", {{2, 1, 2, 1}})}),
      {{"src/b/util.cc",
        std::string(
            "#include <riskguard/annotations.h>\n"
            "RG_TIER1(\"ledger\") static int helper(int X) { return X; }\n"
            "int useB() { return helper(1); }\n")}});
  EXPECT_EQ(Lines({"src/b/util.cc:2 modified tier1 ledger helper(int)"}),
            describe(R));
}

} // namespace
