//===- GitLabReport.cpp - GitLab Code Quality report ----------------------===//
//
// The Code Climate issue array that GitLab reads from
// artifacts:reports:codequality: one issue per finding, fingerprinted with
// the finding's stable fingerprint so merge request widgets match issues
// across pipelines.
//
//===----------------------------------------------------------------------===//
#include "report/Report.h"
#include "report/ReportUtil.h"
#include "llvm/Support/JSON.h"

namespace riskguard {

using namespace report;

namespace {

/// blocker for a blocking finding, then critical, major and info by level.
llvm::StringRef gitlabSeverity(const Finding &F) {
  if (F.Blocking)
    return "blocker";
  switch (F.Level) {
  case Severity::Error:
    return "critical";
  case Severity::Warning:
    return "major";
  case Severity::Note:
    return "info";
  }
  return "info";
}

/// Markdown details: what changed, which tests reach it, the rule's page.
std::string details(const Finding &F) {
  std::string Body;
  auto List = [&](llvm::StringRef Title,
                  const std::vector<std::string> &Items) {
    if (Items.empty())
      return;
    Body += "**" + Title.str() + ":**\n";
    for (const std::string &I : Items)
      Body += "- `" + I + "`\n";
    Body += "\n";
  };
  List("Change summary", F.ChangeSummary);
  List("Tests reaching it", F.TestsReaching);
  if (!F.Waiver.empty())
    Body += "**Waiver:** " + F.Waiver + "\n\n";
  Body += "Rule: [" + F.Rule + "](" + ruleHelpUri(F.Rule) + ")\n";
  return Body;
}

} // namespace

void writeGitLab(const Report &R, llvm::raw_ostream &OS) {
  llvm::json::OStream J(OS, 2);
  J.array([&] {
    for (const Finding &F : R.Findings) {
      J.object([&] {
        J.attribute("type", "issue");
        J.attribute("description", F.Message);
        J.attribute("check_name", F.Rule);
        J.attribute("fingerprint", F.Fingerprint);
        J.attribute("severity", gitlabSeverity(F));
        J.attributeArray("categories", [&] { J.value("Bug Risk"); });
        J.attributeObject("content", [&] { J.attribute("body", details(F)); });
        J.attributeObject("location", [&] {
          J.attribute("path", F.File);
          J.attributeObject("lines", [&] {
            unsigned Begin = F.Line > 0 ? F.Line : 1;
            J.attribute("begin", Begin);
            J.attribute("end", std::max(Begin, endLineOf(F)));
          });
        });
      });
    }
  });
  OS << '\n';
}

} // namespace riskguard
