//===- JsonReport.cpp - The JSON report -----------------------------------===//
#include "report/Report.h"
#include "llvm/Support/JSON.h"

namespace riskguard {

namespace {

void stringOrNull(llvm::json::OStream &J, llvm::StringRef Key,
                  llvm::StringRef Value) {
  if (Value.empty())
    J.attribute(Key, nullptr);
  else
    J.attribute(Key, Value);
}

void stringArray(llvm::json::OStream &J, llvm::StringRef Key,
                 const std::vector<std::string> &Values) {
  J.attributeArray(Key, [&] {
    for (const std::string &V : Values)
      J.value(V);
  });
}

} // namespace

void writeJson(const Report &R, llvm::raw_ostream &OS) {
  llvm::json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("version", 1);
    stringOrNull(J, "base", R.BaseId);
    J.attribute("head", R.HeadId);
    J.attributeArray("changed_functions", [&] {
      for (const ChangedFunction &C : R.Changed) {
        J.object([&] {
          J.attribute("function", C.Facts.Name);
          J.attribute("file", C.Facts.File);
          J.attribute("line", C.Facts.Line);
          J.attribute("end_line", C.Facts.EndLine);
          J.attribute("kind", changeKindName(C.Kind));
          J.attribute("tier", tierKindName(C.TierKind));
          stringOrNull(J, "domain", C.Domain);
          if (C.IsTest)
            J.attribute("test", true);
        });
      }
    });
    J.attributeArray("findings", [&] {
      for (const Finding &F : R.Findings) {
        J.object([&] {
          J.attribute("rule", F.Rule);
          J.attribute("severity", severityName(F.Level));
          J.attribute("blocking", F.Blocking);
          stringOrNull(J, "function", F.Function);
          J.attribute("file", F.File);
          J.attribute("line", F.Line);
          J.attribute("end_line", F.EndLine);
          J.attribute("message", F.Message);
          stringArray(J, "change_summary", F.ChangeSummary);
          stringArray(J, "tests_reaching", F.TestsReaching);
          if (F.Approvals)
            J.attributeObject("approvals", [&] {
              stringArray(J, "have", F.Approvals->Have);
              J.attribute("need", F.Approvals->Need);
            });
          if (F.Blast)
            J.attributeObject("blast_radius", [&] {
              J.attribute("callers", F.Blast->Callers);
              stringArray(J, "entry_points", F.Blast->EntryPoints);
            });
          if (!F.Waiver.empty())
            J.attribute("waiver", F.Waiver);
          if (!F.MissingSections.empty())
            stringArray(J, "missing_sections", F.MissingSections);
          J.attributeObject("risk", [&] {
            J.attribute("level", F.Risk.Level);
            stringArray(J, "reasons", F.Risk.Reasons);
          });
          J.attribute("fingerprint", F.Fingerprint);
        });
      }
    });
    J.attributeObject("risk", [&] {
      J.attribute("level", R.Risk.Level);
      stringArray(J, "reasons", R.Risk.Reasons);
    });
    J.attributeObject("review", [&] {
      stringOrNull(J, "author", R.Author);
      J.attribute("ai_assisted", R.AISource != "none");
      J.attribute("ai_source", R.AISource);
      stringOrNull(J, "ai_reason", R.AIReason);
      J.attribute("messages", R.Messages);
      stringArray(J, "not_counted", R.NotCounted);
    });
    J.attributeObject("tests", [&] {
      stringArray(J, "data_changed", R.DataTests);
      if (!R.CoverageFiles) {
        J.attribute("coverage", nullptr);
        return;
      }
      J.attributeObject("coverage", [&] {
        J.attribute("tracefiles", *R.CoverageFiles);
        J.attribute("tests", R.CoverageTests);
        stringArray(J, "ignored", R.CoverageIgnored);
      });
    });
    J.attributeObject("stats", [&] {
      J.attribute("tus_parsed", R.TUsParsed);
      J.attribute("tus_cached", R.TUsCached);
    });
  });
  OS << '\n';
}

} // namespace riskguard
