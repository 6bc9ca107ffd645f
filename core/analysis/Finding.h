//===- Finding.h - What a rule reports --------------------------*- C++ -*-===//
#ifndef RISKGUARD_CORE_ANALYSIS_FINDING_H
#define RISKGUARD_CORE_ANALYSIS_FINDING_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace riskguard {

enum class Severity { Error, Warning, Note };
llvm::StringRef severityName(Severity S);

/// How far a change reaches: transitive callers and the entry points
/// (functions nothing calls, tests aside) they lead to.
struct BlastRadius {
  unsigned Callers = 0;
  std::vector<std::string> EntryPoints;
};

/// The approvals a finding asked for and found.
struct ApprovalStatus {
  std::vector<std::string> Have;
  unsigned Need = 0;
};

/// How risky what a finding is about is, and why: derived from the policy
/// (tier, AI assistance, author rules, blast radius, missing tests and
/// explanations), never from a model.
struct RiskAssessment {
  std::string Level = "low"; ///< "low", "medium" or "high".
  std::vector<std::string> Reasons;
};

/// One result of one rule, in the shape of the JSON report.
struct Finding {
  std::string Rule;
  Severity Level = Severity::Error;
  bool Blocking = true;
  std::string Function; ///< Qualified name with parameter types; may be empty.
  std::string File;
  unsigned Line = 0, Column = 0, EndLine = 0;
  std::string Message;
  std::vector<std::string> ChangeSummary;
  std::vector<std::string> TestsReaching;
  std::optional<ApprovalStatus> Approvals;
  std::optional<BlastRadius> Blast;
  std::string Waiver; ///< "reason (approved by alice)" when waived.
  RiskAssessment Risk;
  /// For tier1-undocumented-change: the `document.sections` not found.
  std::vector<std::string> MissingSections;
  /// Stable across runs and line moves: derived from rule and identity.
  std::string Fingerprint;
};

/// Fills Fingerprint from the rule and \p Identity (a function's name, or a
/// file for findings about files).
void setFingerprint(Finding &F, llvm::StringRef Identity);

/// Sorts findings by file, line, rule (then message, for ties).
void sortFindings(std::vector<Finding> &Findings);

} // namespace riskguard

#endif
