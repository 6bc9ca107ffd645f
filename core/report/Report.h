//===- Report.h - Writing a report in each output format --------*- C++ -*-===//
#ifndef RISKGUARD_CORE_REPORT_REPORT_H
#define RISKGUARD_CORE_REPORT_REPORT_H

#include "analysis/Analyzer.h"
#include "analysis/Finding.h"
#include "policy/Policy.h"
#include "repo/ChangeSet.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>
#include <string>
#include <vector>

namespace riskguard {

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

enum class Format { Text, Json, Markdown, Sarif, GitHubReview, GitLab, Rdjson };

/// The format named \p Name ("text", "json"), if there is one.
std::optional<Format> parseFormat(llvm::StringRef Name);

/// Names of every format, for messages: "text, json".
std::string formatNames();

/// Writes \p R in \p F; the output depends on nothing but \p R.
void writeReport(const Report &R, Format F, llvm::raw_ostream &OS);

/// One line per finding, as clang prints diagnostics:
/// "file:line:col: error: message [riskguard-rule]".
void writeText(const Report &R, llvm::raw_ostream &OS);

/// The JSON report of the SPEC, pretty-printed with sorted arrays.
void writeJson(const Report &R, llvm::raw_ostream &OS);

/// The pull request summary: verdict, blocking findings with what would
/// satisfy each, a Mermaid diagram per changed tier-1 function with a finding.
void writeMarkdown(const Report &R, llvm::raw_ostream &OS);

/// SARIF 2.1.0: one run listing every rule; results located relative to
/// %SRCROOT%, fingerprinted, capped at 5,000 (blocking ones kept first).
void writeSarif(const Report &R, llvm::raw_ostream &OS);

/// The body of a GitHub "create a review" call: comments on diff lines, the
/// other findings in the review body, REQUEST_CHANGES when anything blocks.
void writeGitHubReview(const Report &R, llvm::raw_ostream &OS);

/// A GitLab Code Quality report (Code Climate issues).
void writeGitLab(const Report &R, llvm::raw_ostream &OS);

/// reviewdog diagnostic JSON (rdjson).
void writeRdjson(const Report &R, llvm::raw_ostream &OS);

} // namespace riskguard

#endif
