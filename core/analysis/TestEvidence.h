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

#include "analysis/Program.h"
#include "facts/Facts.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
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

} // namespace riskguard

#endif
