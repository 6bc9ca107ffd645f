//===- Finding.h - What a rule reports --------------------------*- C++ -*-===//
#ifndef RISKGUARD_CORE_ANALYSIS_FINDING_H
#define RISKGUARD_CORE_ANALYSIS_FINDING_H

#include "analysis/Analyzer.h"
#include "policy/Policy.h"
#include "repo/ChangeSet.h"
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

/// Everything one check run reports.
struct Report {
  std::string BaseId;
  std::string HeadId;
  std::vector<ChangedFunction> Changed;
  std::vector<Finding> Findings;
  unsigned TUsParsed = 0, TUsCached = 0;
  /// Who wrote the change, and where AI assistance was looked for: the
  /// source that decided it ("trailer", "label", "flag", "none"), why, and
  /// where the commit messages came from ("commits", "patch", "none").
  std::string Author, AISource = "none", AIReason, Messages = "none";
  /// Approvals found that do not count, each with why.
  std::vector<std::string> NotCounted;
  /// The change's risk: the highest of its findings', with their reasons.
  RiskAssessment Risk;
  /// The data tests the change adds or modifies: "PATH" when it counts as
  /// a test change, "PATH: why not" when not.
  std::vector<std::string> DataTests;
  /// From --coverage, when given: tracefiles and tests read, and what of
  /// them was ignored, why.
  std::optional<unsigned> CoverageFiles;
  unsigned CoverageTests = 0;
  std::vector<std::string> CoverageIgnored;
  /// What the findings came from, for formats that place them on diff lines
  /// (the hunks) or draw a function's neighbourhood (the call graph).
  const AnalysisResult *Analysis = nullptr;
  const ChangeSet *Changes = nullptr;
  const Policy *Rules = nullptr;
};

} // namespace riskguard

#endif
