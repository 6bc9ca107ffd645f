//===- SarifReport.cpp - SARIF 2.1.0 for code scanning --------------------===//
//
// One run whose driver lists every rule; each finding is a result located
// relative to %SRCROOT% (the repository root) and fingerprinted with the
// finding's stable fingerprint, so that code scanning matches alerts across
// pushes. Results are capped at GitHub's 5,000 per run, blocking ones kept
// first.
//
//===----------------------------------------------------------------------===//
#include "report/Report.h"
#include "report/ReportUtil.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"

namespace riskguard {

using namespace report;

namespace {

/// "tier1" for "tier1-untested-change": the rule's family, as a tag.
llvm::StringRef ruleFamily(llvm::StringRef Id) { return Id.split('-').first; }

void textObject(llvm::json::OStream &J, llvm::StringRef Key,
                llvm::StringRef Text) {
  J.attributeObject(Key, [&] { J.attribute("text", Text); });
}

void writeRule(llvm::json::OStream &J, const RuleInfo &Rule) {
  J.object([&] {
    J.attribute("id", Rule.Id);
    J.attribute("name", Rule.Name);
    textObject(J, "shortDescription", Rule.Summary);
    std::string Help = ruleHelpUri(Rule.Id);
    textObject(J, "fullDescription",
               (llvm::Twine(Rule.Summary) + " Default severity: " +
                severityName(Rule.Level) + ". Documentation: " + Help)
                   .str());
    J.attribute("helpUri", Help);
    textObject(J, "help", "See " + Help);
    J.attributeObject("defaultConfiguration",
                      [&] { J.attribute("level", severityName(Rule.Level)); });
    J.attributeObject("properties", [&] {
      J.attributeArray("tags", [&] {
        J.value("riskguard");
        J.value(ruleFamily(Rule.Id));
      });
    });
  });
}

void writeResult(llvm::json::OStream &J, const Finding &F) {
  J.object([&] {
    J.attribute("ruleId", F.Rule);
    if (std::optional<size_t> Index = ruleIndex(F.Rule))
      J.attribute("ruleIndex", static_cast<int64_t>(*Index));
    J.attribute("level", severityName(F.Level));
    textObject(J, "message", F.Message);
    J.attributeArray("locations", [&] {
      J.object([&] {
        J.attributeObject("physicalLocation", [&] {
          J.attributeObject("artifactLocation", [&] {
            J.attribute("uri", F.File);
            J.attribute("uriBaseId", "%SRCROOT%");
          });
          if (F.Line > 0)
            J.attributeObject("region", [&] {
              J.attribute("startLine", F.Line);
              if (F.Column > 0)
                J.attribute("startColumn", F.Column);
              J.attribute("endLine", endLineOf(F));
            });
        });
        if (!F.Function.empty())
          J.attributeArray("logicalLocations", [&] {
            J.object([&] {
              J.attribute("fullyQualifiedName", F.Function);
              J.attribute("kind", "function");
            });
          });
      });
    });
    J.attributeObject("partialFingerprints",
                      [&] { J.attribute("riskguard/v1", F.Fingerprint); });
    J.attributeObject("properties", [&] {
      J.attribute("blocking", F.Blocking);
      J.attributeArray("change_summary", [&] {
        for (const std::string &S : F.ChangeSummary)
          J.value(S);
      });
      J.attributeArray("tests_reaching", [&] {
        for (const std::string &T : F.TestsReaching)
          J.value(T);
      });
      if (!F.Waiver.empty())
        J.attribute("waiver", F.Waiver);
      J.attributeObject("risk", [&] {
        J.attribute("level", F.Risk.Level);
        J.attributeArray("reasons", [&] {
          for (const std::string &Reason : F.Risk.Reasons)
            J.value(Reason);
        });
      });
    });
  });
}

} // namespace

std::vector<const Finding *> report::sarifResults(const Report &R) {
  std::vector<const Finding *> Kept;
  if (R.Findings.size() <= MaxSarifResults) {
    for (const Finding &F : R.Findings)
      Kept.push_back(&F);
    return Kept;
  }
  // Blocking findings first, then the others, each in report order; the
  // kept ones are then written in report order.
  std::vector<bool> Keep(R.Findings.size(), false);
  size_t Left = MaxSarifResults;
  for (bool Blocking : {true, false})
    for (size_t I = 0; I < R.Findings.size() && Left; ++I)
      if (R.Findings[I].Blocking == Blocking) {
        Keep[I] = true;
        --Left;
      }
  for (size_t I = 0; I < R.Findings.size(); ++I)
    if (Keep[I])
      Kept.push_back(&R.Findings[I]);
  return Kept;
}

void writeSarif(const Report &R, llvm::raw_ostream &OS) {
  std::vector<const Finding *> Results = sarifResults(R);
  llvm::json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    J.attribute("version", "2.1.0");
    J.attributeArray("runs", [&] {
      J.object([&] {
        J.attributeObject("tool", [&] {
          J.attributeObject("driver", [&] {
            J.attribute("name", "riskguard");
            J.attribute("informationUri", ProjectUrl);
            J.attribute("version", ToolVersion);
            J.attributeArray("rules", [&] {
              for (const RuleInfo &Rule : reportRules())
                writeRule(J, Rule);
            });
          });
        });
        J.attributeArray("invocations", [&] {
          J.object([&] { J.attribute("executionSuccessful", true); });
        });
        J.attributeObject("originalUriBaseIds", [&] {
          J.attributeObject("%SRCROOT%", [&] {
            textObject(J, "description",
                       "The root of the repository riskguard checked.");
          });
        });
        J.attributeArray("results", [&] {
          for (const Finding *F : Results)
            writeResult(J, *F);
        });
        J.attributeObject("properties", [&] {
          if (!R.BaseId.empty())
            J.attribute("base", R.BaseId);
          J.attribute("head", R.HeadId);
          J.attribute("results_total", static_cast<int64_t>(R.Findings.size()));
          J.attribute("results_dropped",
                      static_cast<int64_t>(R.Findings.size() - Results.size()));
        });
      });
    });
  });
  OS << '\n';
}

} // namespace riskguard
