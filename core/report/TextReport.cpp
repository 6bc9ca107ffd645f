//===- TextReport.cpp - Findings as compiler diagnostics ------------------===//
#include "report/Report.h"

namespace riskguard {

void writeText(const Report &R, llvm::raw_ostream &OS) {
  for (const Finding &F : R.Findings) {
    OS << F.File << ':' << F.Line << ':' << F.Column << ": "
       << severityName(F.Level) << ": " << F.Message << " [riskguard-" << F.Rule
       << "]\n";
  }
}

} // namespace riskguard
