//===- RdjsonReport.cpp - reviewdog diagnostic JSON -----------------------===//
//
// The rdjson format reviewdog reads with `-f=rdjson`: one diagnostic per
// finding, with the rule as its code and the rule's page as the code's URL.
//
//===----------------------------------------------------------------------===//
#include "report/Report.h"
#include "report/ReportUtil.h"
#include "llvm/Support/JSON.h"

namespace riskguard {

using namespace report;

namespace {

llvm::StringRef rdjsonSeverity(Severity S) {
  switch (S) {
  case Severity::Error:
    return "ERROR";
  case Severity::Warning:
    return "WARNING";
  case Severity::Note:
    return "INFO";
  }
  return "INFO";
}

} // namespace

void writeRdjson(const Report &R, llvm::raw_ostream &OS) {
  llvm::json::OStream J(OS, 2);
  J.object([&] {
    J.attributeObject("source", [&] {
      J.attribute("name", "riskguard");
      J.attribute("url", ProjectUrl);
    });
    J.attributeArray("diagnostics", [&] {
      for (const Finding &F : R.Findings) {
        J.object([&] {
          J.attribute("message", F.Message);
          J.attributeObject("location", [&] {
            J.attribute("path", F.File);
            if (F.Line > 0)
              J.attributeObject("range", [&] {
                J.attributeObject("start", [&] {
                  J.attribute("line", F.Line);
                  if (F.Column > 0)
                    J.attribute("column", F.Column);
                });
                // A function's last line; reviewdog takes an end without a
                // column as the whole range of lines.
                if (endLineOf(F) > F.Line)
                  J.attributeObject("end",
                                    [&] { J.attribute("line", endLineOf(F)); });
              });
          });
          J.attribute("severity", rdjsonSeverity(F.Level));
          J.attributeObject("code", [&] {
            J.attribute("value", F.Rule);
            J.attribute("url", ruleHelpUri(F.Rule));
          });
        });
      }
    });
  });
  OS << '\n';
}

} // namespace riskguard
