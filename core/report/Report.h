//===- Report.h - Writing a report in each output format --------*- C++ -*-===//
#ifndef RISKGUARD_CORE_REPORT_REPORT_H
#define RISKGUARD_CORE_REPORT_REPORT_H

#include "analysis/Finding.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>

namespace riskguard {

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
