//===- FileChecks.h - Rules that judge code without a change ----*- C++ -*-===//
//
// annotation-invalid and money-floating-point judge what one piece of code
// says, not how it changed. Their per-item logic lives here so that the
// driver's checks (which scope it to the change) and the clang-tidy module
// (which scopes it to the file being edited) share one implementation.
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CHECKS_FILECHECKS_H
#define RISKGUARD_CHECKS_FILECHECKS_H

#include "analysis/Program.h"
#include "facts/Facts.h"
#include "policy/Policy.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLExtras.h"
#include <string>

namespace riskguard {

/// Receives one invalid annotation: the message, and a key that tells
/// problems of one annotation apart (for fingerprints).
using AnnotationReport = llvm::function_ref<void(
    const AnnotationFacts &A, std::string Message, llvm::StringRef Kind)>;

/// Reports the malformed annotations among \p Annotations (sorted as in
/// TUFacts) that \p InScope accepts, and conflicting RG_TIER1 domains on one
/// entity, once per entity on its first annotation in scope.
void findInvalidAnnotations(
    llvm::ArrayRef<AnnotationFacts> Annotations, const Policy &P,
    llvm::function_ref<bool(const AnnotationFacts &)> InScope,
    AnnotationReport Report);

/// Receives one floating-point value that holds money: the message (with
/// what would fix it) and a key naming the value within its owner.
using MoneyReport = llvm::function_ref<void(
    const FloatingValue &V, std::string Message, llvm::StringRef Key)>;

/// Reports the return value, parameters and locals of \p Fn, a tier-1
/// function, whose names say they hold money.
void findMoneyInFunction(const FunctionFacts &Fn, const Policy &P,
                         MoneyReport Report);

/// Reports the data members of \p C that hold money when the class is tier-1
/// (by its annotations, the policy, or any of its methods in \p Head).
void findMoneyInClass(const ClassFacts &C, const Program &Head, const Policy &P,
                      MoneyReport Report);

} // namespace riskguard

#endif
