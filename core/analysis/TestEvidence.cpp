//===- TestEvidence.cpp - Whether a test change tests a function ----------===//
#include "analysis/TestEvidence.h"
#include "analysis/Tier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Regex.h"

namespace riskguard {

std::vector<unsigned> changedUnits(const FunctionFacts &Head,
                                   const FunctionFacts *Base) {
  llvm::DenseMap<uint64_t, unsigned> AtBase;
  if (Base)
    for (const StatementUnit &U : Base->Units)
      ++AtBase[U.TokenHash];
  std::vector<unsigned> Out;
  for (unsigned I = 0; I < Head.Units.size(); ++I) {
    auto It = AtBase.find(Head.Units[I].TokenHash);
    if (It != AtBase.end() && It->second != 0) {
      --It->second;
      continue;
    }
    Out.push_back(I);
  }
  return Out;
}

/// Whether \p U calls a function for which \p Counts holds.
static bool callsCounted(const Program &P, const FunctionFacts &Test,
                         const StatementUnit &U,
                         llvm::function_ref<bool(unsigned)> Counts) {
  return llvm::any_of(U.Callees, [&](unsigned I) {
    return I < Test.Callees.size() &&
           llvm::any_of(P.targets(Test.Callees[I]), Counts);
  });
}

bool changedUnitsReach(const Program &P, const FunctionFacts &Test,
                       llvm::ArrayRef<unsigned> Changed,
                       llvm::function_ref<bool(unsigned Id)> Counts) {
  const std::vector<StatementUnit> &Units = Test.Units;
  std::vector<bool> Calls(Units.size());
  for (unsigned I = 0; I < Units.size(); ++I)
    Calls[I] = callsCounted(P, Test, Units[I], Counts);
  if (llvm::any_of(Changed, [&](unsigned I) { return Calls[I]; }))
    return true;
  std::vector<unsigned> Assertions;
  for (unsigned I : Changed)
    if (Units[I].IsAssertion && !Units[I].Variables.empty())
      Assertions.push_back(I);
  if (Assertions.empty())
    return false;

  // The variables computed with a counted call: a statement that names
  // several variables may compute any of them from any other, so they are
  // joined until nothing changes.
  llvm::DenseSet<unsigned> Computed;
  for (bool Grew = true; Grew;) {
    Grew = false;
    for (unsigned I = 0; I < Units.size(); ++I) {
      const StatementUnit &U = Units[I];
      if (U.IsAssertion)
        continue;
      bool Joins = Calls[I] || llvm::any_of(U.Variables, [&](unsigned V) {
                     return Computed.contains(V);
                   });
      if (!Joins)
        continue;
      for (unsigned V : U.Variables)
        Grew |= Computed.insert(V).second;
    }
  }
  return llvm::any_of(Assertions, [&](unsigned I) {
    return llvm::any_of(Units[I].Variables,
                        [&](unsigned V) { return Computed.contains(V); });
  });
}

} // namespace riskguard

namespace riskguard {

namespace {

/// \p Text without its whitespace: a data file's layout is no test.
std::string withoutSpace(llvm::StringRef Text) {
  std::string Out;
  Out.reserve(Text.size());
  for (char C : Text)
    if (!llvm::isSpace(C))
      Out += C;
  return Out;
}

} // namespace

bool dataTestNames(const DataTestRule &R, const FunctionFacts &F,
                   const Policy &Rules) {
  bool Test = isTestFunction(F, Rules);
  return llvm::any_of(R.ReachesVia, [&](const std::string &Via) {
    return (Test && testDisplayName(F) == Via) || F.Name == Via ||
           matchNameGlob(Via, F.QualifiedName);
  });
}

std::vector<ChangedDataTest> changedDataTests(
    const ChangeSet &Changes, const Policy &P,
    llvm::function_ref<std::optional<std::string>(llvm::StringRef, bool)>
        Text) {
  std::vector<ChangedDataTest> Out;
  for (const FileChange &FC : Changes.Files) {
    if (FC.Status == FileStatus::Deleted)
      continue;
    const DataTestRule *R = P.dataTestRule(FC.NewPath);
    if (!R)
      continue;
    ChangedDataTest D{FC.NewPath, R->Index, {}};
    std::string Head = withoutSpace(Text(FC.NewPath, true).value_or(""));
    std::optional<std::string> Base;
    if (FC.Status != FileStatus::Added)
      Base = Text(FC.OldPath, false);
    if (Head.empty())
      D.NotCounted = "it is empty";
    else if (Base && withoutSpace(*Base) == Head)
      D.NotCounted = "only its layout (whitespace) changed";
    Out.push_back(std::move(D));
  }
  llvm::sort(Out, [](const ChangedDataTest &A, const ChangedDataTest &B) {
    return A.Path < B.Path;
  });
  return Out;
}

bool dataTestReaches(const Program &P, const Policy &Rules,
                     const DataTestRule &R, unsigned Id) {
  auto Named = [&](unsigned F) {
    return dataTestNames(R, P.function(F), Rules);
  };
  return Named(Id) || llvm::any_of(P.transitiveCallers(Id), Named);
}

std::string dataTestName(llvm::StringRef Path, const DataTestRule &R) {
  return (Path + " (data, via " + R.via() + ")").str();
}

std::string baseTestName(llvm::StringRef Name) {
  // "Inst/Suite.Name/0" (TEST_P, also with a named parameter) and
  // "Suite/0.Name" (TYPED_TEST): suite and name are identifiers, and the
  // '/' parts GoogleTest adds around them; a path is none of these.
  static const llvm::Regex Full(
      "^(([A-Za-z0-9_]+)/)?([A-Za-z0-9_]+)(/[0-9]+)?"
      "[.]([A-Za-z_][A-Za-z0-9_]*)(/[A-Za-z0-9_]+)?$");
  llvm::SmallVector<llvm::StringRef, 7> M;
  if (!Full.match(Name, &M))
    return Name.str();
  // "A/0.B": A is the suite of a typed test, not an instantiation prefix.
  llvm::StringRef Suite = M[3];
  if (!M[2].empty() && llvm::all_of(Suite, llvm::isDigit) && M[4].empty())
    Suite = M[2];
  return (Suite + "." + M[5]).str();
}

std::vector<std::pair<unsigned, unsigned>>
changedLines(const FunctionFacts &F, const ChangeSet &Changes, bool Added) {
  std::vector<std::pair<unsigned, unsigned>> Out;
  if (Added) {
    Out.push_back({F.Line, F.EndLine});
    return Out;
  }
  for (const FileChange &FC : Changes.Files) {
    if (FC.NewPath != F.File)
      continue;
    for (const Hunk &H : FC.Hunks) {
      unsigned From = H.NewStart, To = H.NewStart + H.NewLines - 1;
      if (H.NewLines == 0)
        To = From + 1; // Either side of the gap.
      From = std::max(From, F.Line);
      To = std::min(To, F.EndLine);
      if (From <= To)
        Out.push_back({From, To});
    }
  }
  return Out;
}

/// \p Name as `lcov --test-name` writes it: every character that is not a
/// letter, digit or '_' made '_'.
static std::string lcovName(llvm::StringRef Name) {
  std::string Out = Name.str();
  for (char &C : Out)
    if (!llvm::isAlnum(C) && C != '_')
      C = '_';
  return Out;
}

CoverageIndex::CoverageIndex(const Coverage &C, const Program &Head,
                             const Policy &Rules)
    : Cov(C), Functions(C.Tests.size()) {
  std::map<std::string, unsigned, std::less<>> TestsByName, TestsByLcovName;
  for (unsigned Id = 0; Id < Head.functions().size(); ++Id)
    if (isTestFunction(Head.function(Id), Rules)) {
      std::string Name = testDisplayName(Head.function(Id));
      TestsByLcovName.try_emplace(lcovName(Name), Id);
      TestsByName.try_emplace(std::move(Name), Id);
    }
  for (unsigned T = 0; T < C.Tests.size(); ++T) {
    const std::string &Name = C.Tests[T].Test;
    ByName.try_emplace(Name, T);
    ByName.try_emplace(lcovName(Name), T);
    auto It = TestsByName.find(Name);
    // A data test's path can look like "Inst/Suite/0.Name": it is a path.
    if (It == TestsByName.end() && !Rules.dataTestRule(Name))
      It = TestsByName.find(baseTestName(Name));
    if (It == TestsByName.end()) {
      It = TestsByLcovName.find(Name);
      if (It == TestsByLcovName.end())
        continue;
    }
    Functions[T] = It->second;
    // Several runs of one test (TEST_P's parameters) are one test function;
    // the first in name order stands for it, the others add coverage below.
    ByFunction.try_emplace(It->second, T);
  }
}

std::optional<unsigned> CoverageIndex::ofFunction(unsigned Id) const {
  auto It = ByFunction.find(Id);
  return It == ByFunction.end() ? std::nullopt
                                : std::optional<unsigned>(It->second);
}

std::optional<unsigned> CoverageIndex::ofPath(llvm::StringRef Path) const {
  auto It = ByName.find(Path);
  if (It == ByName.end())
    It = ByName.find(lcovName(Path));
  return It == ByName.end() ? std::nullopt
                            : std::optional<unsigned>(It->second);
}

/// Whether the sorted \p Lines hold one in [From, To].
static bool anyIn(llvm::ArrayRef<unsigned> Lines, unsigned From, unsigned To) {
  auto L = llvm::lower_bound(Lines, From);
  return L != Lines.end() && *L <= To;
}

bool CoverageIndex::covers(
    unsigned T, llvm::StringRef File,
    llvm::ArrayRef<std::pair<unsigned, unsigned>> Lines) const {
  // Every run of the same test function counts as that test.
  for (unsigned U = 0; U < Cov.Tests.size(); ++U) {
    if (U != T && (!Functions[T] || Functions[U] != Functions[T]))
      continue;
    auto It = Cov.Tests[U].Lines.find(File.str());
    if (It == Cov.Tests[U].Lines.end())
      continue;
    for (auto [From, To] : Lines)
      if (anyIn(It->second, From, To))
        return true;
  }
  return false;
}

std::vector<unsigned> CoverageIndex::covering(const FunctionFacts &F) const {
  std::vector<unsigned> Out;
  for (unsigned T = 0; T < Cov.Tests.size(); ++T) {
    auto It = Cov.Tests[T].Lines.find(F.File);
    if (It == Cov.Tests[T].Lines.end())
      continue;
    if (anyIn(It->second, F.Line, F.EndLine))
      Out.push_back(T);
  }
  return Out;
}

} // namespace riskguard
