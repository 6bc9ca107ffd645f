//===- Tier1Change.h - What the editor says of a tier-1 change --*- C++ -*-===//
//
// riskguard-tier1-change, the clang-tidy check, tells whoever edits a tier-1
// function what the merge will need. Its message is built here from the
// wording tier1-unapproved-change gives the same requirements, so the editor
// and the gate name them alike.
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CHECKS_TIER1CHANGE_H
#define RISKGUARD_CHECKS_TIER1CHANGE_H

#include "facts/Facts.h"
#include "policy/Policy.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace riskguard {

/// "1 approval", "2 approvals": a number of approvals, as rules say it.
std::string approvalCount(unsigned N);

/// "an owner (@acme/pricing, carol)": one of \p Owners, up to three named.
std::string anOwnerOf(llvm::ArrayRef<std::string> Owners);

/// A tier-1 function that differs from itself at the base revision.
struct Tier1Change {
  const FunctionFacts &Function;
  llvm::StringRef Domain;
  bool Added = false;    ///< New since the base; else changed in logic.
  llvm::StringRef Since; ///< The base revision, as the user named it.
};

/// The riskguard-tier1-change message for \p C: what changed since when,
/// and what the merge will need under \p P (a test that reaches it, the
/// approvals, an owner's), or that the policy asks nothing more.
std::string tier1ChangeMessage(const Tier1Change &C, const Policy &P);

} // namespace riskguard

#endif
