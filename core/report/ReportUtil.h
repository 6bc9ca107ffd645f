//===- ReportUtil.h - Helpers shared by the machine formats ----*- C++ -*-===//
//
// The rule table, project links and diff-line lookups that the SARIF, GitLab,
// reviewdog and GitHub review writers share. Internal to core/report.
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CORE_REPORT_REPORTUTIL_H
#define RISKGUARD_CORE_REPORT_REPORTUTIL_H

#include "analysis/Finding.h"
#include "checks/Check.h"
#include "report/Report.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace riskguard {
namespace report {

/// Where the project lives (CMake's RISKGUARD_HOME_URL); rule documentation
/// is under docs/rules/.
inline constexpr llvm::StringLiteral ProjectUrl = RISKGUARD_HOME_URL;

/// The tool version the reports name: project(VERSION) in CMakeLists.txt.
inline constexpr llvm::StringLiteral ToolVersion = RISKGUARD_VERSION;

/// The rules the reports describe: every rule of checks/, in the order of
/// Checks.def.
inline llvm::ArrayRef<RuleInfo> reportRules() { return allRules(); }

/// The index of rule \p Id in reportRules(), if it is one.
inline std::optional<size_t> ruleIndex(llvm::StringRef Id) {
  llvm::ArrayRef<RuleInfo> Rules = reportRules();
  for (size_t I = 0; I < Rules.size(); ++I)
    if (Rules[I].Id == Id)
      return I;
  return std::nullopt;
}

/// The documentation page of rule \p Id.
inline std::string ruleHelpUri(llvm::StringRef Id) {
  return (ProjectUrl + "/blob/main/docs/rules/" + Id + ".md").str();
}

/// The first line of a finding's range and the last (never before the first).
inline unsigned endLineOf(const Finding &F) {
  return F.EndLine > F.Line ? F.EndLine : F.Line;
}

/// Which side of a diff a line is on, as GitHub names them.
enum class DiffSide { Left, Right };

/// A finding's place on the diff: the lines of one hunk that a review
/// comment can cover. First == Last for a single line.
struct DiffAnchor {
  std::string Path; ///< The file's path in the diff (its head path if any).
  DiffSide Side = DiffSide::Right;
  unsigned First = 0, Last = 0;
};

/// Whether \p F is about a function the change deleted, or (with no
/// function) a file it deleted, whose lines are the base's.
bool isOnDeletedFunction(const Report &R, const Finding &F);

/// Where \p F sits on the diff of \p R: the first changed line of the
/// finding's range (added lines at head; deleted lines at base for a deleted
/// function) and the last changed line of the range in the same hunk. None
/// when no changed line falls in the range.
std::optional<DiffAnchor> diffAnchor(const Report &R, const Finding &F);

/// GitHub code scanning keeps at most this many results of a SARIF run.
inline constexpr size_t MaxSarifResults = 5000;

/// The findings a SARIF report lists, in report order: all of them, or when
/// there are more than MaxSarifResults, that many with blocking ones kept
/// first.
std::vector<const Finding *> sarifResults(const Report &R);

/// A description to paste for the sections a tier-1 change left out, one
/// "## Section" heading each with a hint of what goes under it.
inline std::string sectionsTemplate(llvm::ArrayRef<std::string> Sections) {
  std::string S;
  for (const std::string &Name : Sections) {
    llvm::StringRef Hint =
        llvm::StringRef(Name).equals_insensitive("risk")
            ? "What could go wrong, for whom, and how likely."
        : llvm::StringRef(Name).equals_insensitive("testing")
            ? "Which tests exercise the change, and what they check."
        : llvm::StringRef(Name).equals_insensitive("rollback")
            ? "How to undo the change, and how fast."
            : "";
    if (!S.empty())
      S += "\n";
    S += "## " + Name + "\n";
    if (!Hint.empty())
      S += ("<!-- " + Hint + " -->\n").str();
    S += "...\n";
  }
  return S;
}

/// Counts of a report's findings.
struct FindingCounts {
  size_t Blocking = 0, Errors = 0, Warnings = 0, Notes = 0;
};
FindingCounts countFindings(const Report &R);

} // namespace report
} // namespace riskguard

#endif
