//===- Report.h - Writing a report in each output format --------*- C++ -*-===//
#ifndef RISKGUARD_CORE_REPORT_REPORT_H
#define RISKGUARD_CORE_REPORT_REPORT_H

#include "analysis/Finding.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>

namespace riskguard {

enum class Format { Text, Json };

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

} // namespace riskguard

#endif
