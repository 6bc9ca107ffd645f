//===- PreambleTest.cpp - Base parses through the head's preamble ---------===//
//
// A changed translation unit is parsed at head and at base; the head parse
// precompiles its preamble and the base parse loads it when the headers are
// the same. Facts must not depend on it: each test compares, as facts files,
// the facts of plain parses with those of parses through a preamble, and
// checks that the preamble was (or was not) used.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"
#include "facts/Extractor.h"
#include "facts/Facts.h"
#include "facts/FactsCache.h"
#include "facts/FactsIO.h"
#include "facts/Indexer.h"
#include "facts/PreambleStore.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <map>
#include <string>
#include <vector>

using namespace riskguard;

namespace {

const char *const Annotations = RISKGUARD_TEST_DIR "/../annotations/include";

/// Headers with macros, constants, inline functions, templates, file-local
/// functions, annotations, floating-point members and test cases.
const std::map<std::string, std::string> Headers = {
    {"include/money.h", R"cc(#pragma once
#define RATE 3
#define SCALE(x) ((x) * RATE)
static const int Bonus = 7;
enum Kind { Cash = 4, Card };
inline int twice(int X) { return SCALE(X) + Bonus + Card; }
static int local() { return Bonus; }
namespace {
int hidden() { return local(); }
} // namespace
)cc"},
    {"include/ledger.h", R"cc(#ifndef LEDGER_H
#define LEDGER_H
#include <riskguard/annotations.h>
#include "money.h"
namespace RG_TIER1("payments") RG_OWNERS("@shop/payments") pay {
struct RG_NOT_TIER1("a record") Entry {
  double Amount = 0;
  static float Rate;
};
class Ledger {
public:
  RG_MIN_APPROVALS(2) void post(double Amount) { Total += SCALE(Amount); }
  virtual ~Ledger() = default;
  virtual int size() const { return Count; }
  double Total = 0;
  int Count = 0;
};
class Audited : public Ledger {
public:
  int size() const override { return Ledger::size() + twice(1); }
};
RG_TESTED_BY("LedgerTest.Posts") int settle(int Cents);
inline auto Fee = [](double X) { return X * 0.25 + Bonus; };
} // namespace pay
#endif
)cc"},
    {"include/algo.h", R"cc(#pragma once
#include <vector>
#include "money.h"
template <typename T> T biggest(const std::vector<T> &V) {
  T Best = V[0];
  for (const T &X : V)
    if (X > Best)
      Best = X;
  return Best + RATE;
}
template <typename T> struct Box {
  T Value;
  T get() const { return Value; }
  template <typename U> U as() const { return U(Value) + twice(2); }
};
template <> struct Box<bool> {
  bool get() const { return true; }
};
template <typename T> int pick(T X) { return use(X); }
)cc"},
    {"include/shared_tests.h", R"cc(#pragma once
#include <gtest/gtest.h>
#include "money.h"
TEST(Shared, InHeader) { EXPECT_EQ(twice(1), SCALE(2) + Bonus + Card - 2); }
)cc"},
    {"include/late.h", "#pragma once\n#define LATE 11\n"},
};

/// Main files at head and at base: the part after the preamble differs.
struct Source {
  std::string Path, Head, Base;
};

const Source Sources[] = {
    {"src/pay.cc", R"cc(// Payments.
#include "ledger.h"
#include "algo.h"
#define LOCAL 5

namespace pay {
int settle(int Cents) { return SCALE(Cents) + LOCAL + Bonus + hidden(); }
float Entry::Rate = 0.5f;
} // namespace pay
#include "late.h"
int lateUse() { return LATE + biggest(std::vector<int>{1, 2}); }
)cc",
     R"cc(// Payments.
#include "ledger.h"
#include "algo.h"
#define LOCAL 5

namespace pay {
int settle(int Cents) { return SCALE(Cents) - LOCAL; }
float Entry::Rate = 0.25f;
double Box2 = Box<double>{1.5}.as<double>();
} // namespace pay
)cc"},
    {"test/pay_test.cc", R"cc(#include <gtest/gtest.h>
#include "ledger.h"
#include "shared_tests.h"
TEST(LedgerTest, Posts) {
  pay::Audited L;
  L.post(2);
  EXPECT_EQ(L.size(), pay::settle(1));
}
)cc",
     R"cc(#include <gtest/gtest.h>
#include "ledger.h"
#include "shared_tests.h"
TEST(LedgerTest, Posts) { EXPECT_EQ(pay::settle(1), 0); }
TEST(LedgerTest, Fee) { EXPECT_GT(pay::Fee(1.0), 0.0); }
)cc"},
};

/// A temporary repository with the headers above, its working tree at head.
class PreambleTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<256> Dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("riskguard-pch", Dir));
    llvm::SmallString<256> Real;
    ASSERT_FALSE(llvm::sys::fs::real_path(Dir, Real));
    Root = std::string(Real);
    Paths = std::make_unique<PathMapper>(Root);
    for (const auto &[Path, Text] : Headers)
      write(Path, Text);
    for (const Source &S : Sources) {
      write(S.Path, S.Head);
      Base[S.Path] = S.Base;
    }
  }
  void TearDown() override {
    if (!Root.empty())
      llvm::sys::fs::remove_directories(Root);
  }

  void write(llvm::StringRef Path, llvm::StringRef Contents) {
    testsupport::writeFile(Root, Path, Contents);
  }

  std::vector<clang::tooling::CompileCommand> commands() {
    std::vector<clang::tooling::CompileCommand> Out;
    for (const Source &S : Sources) {
      std::string File = Root + "/" + S.Path;
      Out.emplace_back(Root, File,
                       std::vector<std::string>{
                           "/usr/bin/clang++-19", "-std=c++17",
                           std::string("-I") + Annotations,
                           "-I" + Root + "/extra", "-Iinclude", "-c", File},
                       "");
    }
    return Out;
  }

  /// The facts files of every source in the revision \p Overlay lays over
  /// the working tree, parsed through \p Store when given.
  std::vector<std::string> facts(const Snapshot *Overlay,
                                 PreambleStore *Store = nullptr,
                                 unsigned Jobs = 1,
                                 const FactsCache *Cache = nullptr) {
    IndexOptions Options;
    Options.Paths = Paths.get();
    Options.Overlay = Overlay;
    Options.Jobs = Jobs;
    Options.Cache = Cache;
    Options.Preambles = Store;
    std::vector<std::string> Out;
    Last = indexTranslationUnits(commands(), Options);
    for (const TUFacts &TU : Last) {
      std::string Text;
      llvm::raw_string_ostream OS(Text);
      writeFacts(TU, OS);
      Out.push_back(std::move(Text));
    }
    return Out;
  }

  std::string Root;
  std::unique_ptr<PathMapper> Paths;
  Snapshot Base;
  std::vector<TUFacts> Last; ///< Of the last facts() call.
};

const uint64_t Budget = uint64_t(1) << 30;

TEST_F(PreambleTest, TheBaseParseLoadsTheHeadPreambleAndExtractsTheSame) {
  std::vector<std::string> PlainHead = facts(nullptr);
  std::vector<std::string> PlainBase = facts(&Base);
  // The facts are worth comparing: headers' functions, annotations, tests.
  for (const char *Expected :
       {"\"include/ledger.h\"", "\"include/money.h\"", "\"include/late.h\"",
        "pay::Ledger::post", "twice", "biggest", "Shared.InHeader",
        "LedgerTest.Posts", "\"tier1\"", "\"not_tier1\""})
    EXPECT_TRUE(PlainHead[0].find(Expected) != std::string::npos ||
                PlainHead[1].find(Expected) != std::string::npos)
        << Expected;
  EXPECT_NE(PlainHead, PlainBase);
  for (const TUFacts &TU : Last)
    for (const ParseError &E : TU.Errors)
      ADD_FAILURE() << E.File << ":" << E.Line << ": " << E.Message;

  PreambleStore Store(&Base, Budget);
  EXPECT_EQ(PlainHead, facts(nullptr, &Store));
  EXPECT_EQ(2u, Store.built());
  EXPECT_EQ(PlainBase, facts(&Base, &Store));
  EXPECT_EQ(2u, Store.reused());
  EXPECT_EQ(0u, Store.rejected());
}

TEST_F(PreambleTest, InParallelToo) {
  std::vector<std::string> PlainHead = facts(nullptr);
  std::vector<std::string> PlainBase = facts(&Base);
  PreambleStore Store(&Base, Budget);
  EXPECT_EQ(PlainHead, facts(nullptr, &Store, 2));
  EXPECT_EQ(PlainBase, facts(&Base, &Store, 2));
  EXPECT_EQ(2u, Store.reused());
}

TEST_F(PreambleTest, AHeaderThatDiffersAtBaseIsParsedAgain) {
  Base["include/money.h"] = Headers.at("include/money.h") + "#define MORE 1\n";
  std::vector<std::string> PlainHead = facts(nullptr);
  std::vector<std::string> PlainBase = facts(&Base);
  PreambleStore Store(&Base, Budget);
  EXPECT_EQ(PlainHead, facts(nullptr, &Store));
  EXPECT_EQ(2u, Store.built());
  EXPECT_EQ(PlainBase, facts(&Base, &Store));
  EXPECT_EQ(0u, Store.reused());
  EXPECT_EQ(2u, Store.rejected());
}

TEST_F(PreambleTest, SameSizeAndTimeButOtherContentsIsParsedAgain) {
  // Both revisions from memory: sizes and times alone cannot tell them apart.
  Snapshot Head;
  std::string Money = Headers.at("include/money.h");
  Head["include/money.h"] = Money;
  std::string Changed = Money;
  Changed.replace(Changed.find("RATE 3"), 6, "RATE 4");
  Base["include/money.h"] = Changed;
  std::vector<std::string> PlainHead = facts(&Head);
  std::vector<std::string> PlainBase = facts(&Base);
  PreambleStore Store(&Base, Budget);
  EXPECT_EQ(PlainHead, facts(&Head, &Store));
  EXPECT_EQ(PlainBase, facts(&Base, &Store));
  EXPECT_EQ(0u, Store.reused());
  EXPECT_EQ(2u, Store.rejected());
}

TEST_F(PreambleTest, AHeaderEarlierOnTheSearchPathAtBaseIsParsedAgain) {
  // The directory is not there at head: its header shadows another at base.
  Base["extra/algo.h"] =
      Headers.at("include/algo.h") + "inline int shadowed() { return RATE; }\n";
  std::vector<std::string> PlainHead = facts(nullptr);
  std::vector<std::string> PlainBase = facts(&Base);
  ASSERT_NE(PlainBase[0].find("shadowed"), std::string::npos);
  PreambleStore Store(&Base, Budget);
  EXPECT_EQ(PlainHead, facts(nullptr, &Store));
  EXPECT_EQ(PlainBase, facts(&Base, &Store));
  // Every include searched a directory that is there at base only.
  EXPECT_EQ(0u, Store.reused());
  EXPECT_EQ(2u, Store.rejected());
}

TEST_F(PreambleTest, AHeaderWithErrorsIsNeverPrecompiled) {
  write("include/money.h",
        Headers.at("include/money.h") + "int broken( { return 1; }\n");
  Base["include/money.h"] =
      Headers.at("include/money.h") + "int broken( { return 1; }\n";
  std::vector<std::string> PlainHead = facts(nullptr);
  std::vector<std::string> PlainBase = facts(&Base);
  ASSERT_NE(PlainHead[0].find("include/money.h"), std::string::npos);
  ASSERT_FALSE(Last[0].Errors.empty());
  PreambleStore Store(&Base, Budget);
  EXPECT_EQ(PlainHead, facts(nullptr, &Store));
  EXPECT_EQ(PlainBase, facts(&Base, &Store));
  EXPECT_EQ(0u, Store.built());
  EXPECT_EQ(0u, Store.reused());
}

TEST_F(PreambleTest, ErrorsAfterThePreambleAreReportedAsByAPlainParse) {
  Base["src/pay.cc"] = Sources[0].Base + "int oops() { return undeclared; }\n";
  std::vector<std::string> PlainBase = facts(&Base);
  ASSERT_NE(PlainBase[0].find("undeclared"), std::string::npos);
  PreambleStore Store(&Base, Budget);
  facts(nullptr, &Store);
  EXPECT_EQ(PlainBase, facts(&Base, &Store));
  EXPECT_EQ(1u, Store.reused());
  EXPECT_EQ(1u, Store.rejected());
}

TEST_F(PreambleTest, NothingIsBuiltWhenTheBaseIsCachedOrTheBudgetIsZero) {
  llvm::SmallString<256> Dir;
  ASSERT_FALSE(
      llvm::sys::fs::createUniqueDirectory("riskguard-pch-cache", Dir));
  FactsCache Cache{std::string(Dir)};
  std::vector<std::string> PlainBase = facts(&Base, nullptr, 1, &Cache);
  PreambleStore Store(&Base, Budget);
  facts(nullptr, &Store, 1, &Cache);
  EXPECT_EQ(0u, Store.built());

  PreambleStore Off(&Base, 0);
  facts(nullptr, &Off);
  EXPECT_EQ(0u, Off.built());
  llvm::sys::fs::remove_directories(Dir);
}

TEST_F(PreambleTest, CacheEntriesWrittenThroughAPreambleDependOnItsHeaders) {
  llvm::SmallString<256> Dir;
  ASSERT_FALSE(
      llvm::sys::fs::createUniqueDirectory("riskguard-pch-cache", Dir));
  FactsCache Cache{std::string(Dir)};
  PreambleStore Store(&Base, Budget);
  facts(nullptr, &Store, 1, &Cache);
  facts(&Base, &Store, 1, &Cache);
  ASSERT_EQ(2u, Store.reused());
  // A header the preamble read changes: both cached sides are stale.
  std::string Money = Headers.at("include/money.h");
  Money.replace(Money.find("RATE 3"), 6, "RATE 9");
  write("include/money.h", Money);
  Base["include/money.h"] = Money;
  std::vector<std::string> PlainHead = facts(nullptr);
  std::vector<std::string> PlainBase = facts(&Base);
  EXPECT_EQ(PlainHead, facts(nullptr, nullptr, 1, &Cache));
  EXPECT_EQ(PlainBase, facts(&Base, nullptr, 1, &Cache));
  llvm::sys::fs::remove_directories(Dir);
}

} // namespace
