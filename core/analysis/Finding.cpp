//===- Finding.cpp - What a rule reports ----------------------------------===//
#include "analysis/Finding.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

namespace riskguard {

llvm::StringRef severityName(Severity S) {
  switch (S) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "note";
  }
  return "";
}

void setFingerprint(Finding &F, llvm::StringRef Identity) {
  std::string Key = F.Rule + '\0' + Identity.str();
  std::string Hex;
  llvm::raw_string_ostream OS(Hex);
  OS << llvm::format_hex_no_prefix(llvm::xxh3_64bits(Key), 16);
  F.Fingerprint = OS.str();
}

void sortFindings(std::vector<Finding> &Findings) {
  llvm::sort(Findings, [](const Finding &A, const Finding &B) {
    return std::tie(A.File, A.Line, A.Rule, A.Function, A.Message) <
           std::tie(B.File, B.Line, B.Rule, B.Function, B.Message);
  });
}

} // namespace riskguard
