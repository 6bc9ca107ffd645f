//===- TestEvidence.cpp - Whether a test change tests a function ----------===//
#include "analysis/TestEvidence.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"

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
