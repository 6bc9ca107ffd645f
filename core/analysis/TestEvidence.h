//===- TestEvidence.h - Whether a test change tests a function --*- C++ -*-===//
//
// A test counts as changed with a function only when the statements it
// changed reach that function: a no-op edit (`(void)0;`, `;`, a comment,
// `EXPECT_TRUE(true)`, an assertion on an unrelated value) does not. The
// statements are the units the extractor records (see StatementUnit).
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CORE_ANALYSIS_TESTEVIDENCE_H
#define RISKGUARD_CORE_ANALYSIS_TESTEVIDENCE_H

#include "analysis/Coverage.h"
#include "analysis/Program.h"
#include "facts/Facts.h"
#include "policy/Policy.h"
#include "repo/ChangeSet.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <map>
#include <optional>
#include <vector>

namespace riskguard {

/// The indices of the units of \p Head that are not among those of \p Base,
/// compared by token hash as a multiset (a statement added twice is one new
/// unit more than at base); every unit when \p Base is null (an added
/// test). Sorted.
std::vector<unsigned> changedUnits(const FunctionFacts &Head,
                                   const FunctionFacts *Base);

/// Whether one of the units \p Changed of \p Test (a function of \p P)
/// reaches a function of \p P for which \p Counts holds: the unit calls one
/// (a virtual call any override of what it names), or it is an assertion
/// that names a variable the test computes with such a call. A variable is
/// computed with a call when a unit of the test that is not an assertion
/// names it and makes such a call, or names a variable computed with one.
bool changedUnitsReach(const Program &P, const FunctionFacts &Test,
                       llvm::ArrayRef<unsigned> Changed,
                       llvm::function_ref<bool(unsigned Id)> Counts);

/// A file of a `tests.data` entry that the change adds or modifies: a
/// changed test that reaches what the entry's reaches_via reach.
struct ChangedDataTest {
  std::string Path;  ///< Repo-relative, at head.
  unsigned Rule = 0; ///< Index into the policy's DataTests.
  /// Why it is no test change, empty when it is one: an empty file, or one
  /// whose change is only whitespace, tests nothing new.
  std::string NotCounted;
};

/// The data tests \p Changes adds or modifies (renames included, deletions
/// not), by \p P's `tests.data`, sorted by path. \p Text reads a file's
/// contents at base (AtHead false, by its old path) or at head.
std::vector<ChangedDataTest> changedDataTests(
    const ChangeSet &Changes, const Policy &P,
    llvm::function_ref<std::optional<std::string>(llvm::StringRef Path,
                                                  bool AtHead)>
        Text);

/// Whether \p R's reaches_via names \p F: a test by its name, or a function
/// by a qualified-name glob or its full name.
bool dataTestNames(const DataTestRule &R, const FunctionFacts &F,
                   const Policy &Rules);

/// Whether the functions or tests \p R's reaches_via names include \p Id
/// or a function that transitively calls it.
bool dataTestReaches(const Program &P, const Policy &Rules,
                     const DataTestRule &R, unsigned Id);

/// "test/regress/1234.test (data, via main)".
std::string dataTestName(llvm::StringRef Path, const DataTestRule &R);

/// Per-test coverage laid over the head program: which coverage test is
/// which test function or data test, and who covers what.
class CoverageIndex {
public:
  CoverageIndex(const Coverage &C, const Program &Head, const Policy &Rules);

  size_t size() const { return Cov.Tests.size(); }
  llvm::StringRef name(unsigned T) const { return Cov.Tests[T].Test; }
  /// The head test function coverage test \p T names, if any.
  std::optional<unsigned> function(unsigned T) const { return Functions[T]; }
  /// The coverage test of a head test function, or of a data test's path.
  std::optional<unsigned> ofFunction(unsigned Id) const;
  std::optional<unsigned> ofPath(llvm::StringRef Path) const;

  /// Whether coverage test \p T executed a line of \p File in one of the
  /// closed ranges \p Lines.
  bool covers(unsigned T, llvm::StringRef File,
              llvm::ArrayRef<std::pair<unsigned, unsigned>> Lines) const;
  /// The coverage tests that executed a line of \p F.
  std::vector<unsigned> covering(const FunctionFacts &F) const;

private:
  const Coverage &Cov;
  std::vector<std::optional<unsigned>> Functions;
  std::map<unsigned, unsigned> ByFunction;
  std::map<std::string, unsigned, std::less<>> ByName;
};

/// GoogleTest's full names of one test ("Inst/Suite.Name/0" of TEST_P,
/// "Suite/0.Name" of TYPED_TEST) as riskguard names it ("Suite.Name");
/// any other name as it is.
std::string baseTestName(llvm::StringRef Name);

/// The lines of \p F (at head) that \p Changes alters, as closed ranges;
/// all of them when \p Added; empty when no hunk of its file falls in it
/// (its logic changed through a macro or constant elsewhere). A deletion
/// marks the lines on either side of it.
std::vector<std::pair<unsigned, unsigned>>
changedLines(const FunctionFacts &F, const ChangeSet &Changes, bool Added);

} // namespace riskguard

#endif
