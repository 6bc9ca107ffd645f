//===- JsonSyntax.h - nlohmann's syntax errors in clang's shape -*- C++ -*-===//
//
// Private to the policy stage: the files it parses with nlohmann/json
// (.riskguard.json, --approvals) report syntax errors the same way.
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CORE_POLICY_JSONSYNTAX_H
#define RISKGUARD_CORE_POLICY_JSONSYNTAX_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace riskguard {

/// Reduces nlohmann's "[json.exception.parse_error.101] parse error at line
/// 1, column 2: syntax error while parsing value - invalid literal; last
/// read: 'x'; expected ..." to "syntax error while parsing value - invalid
/// literal; expected ...": the position goes in front in clang's shape, and
/// the "last read" text is not reset between tokens, so it can show stale
/// input.
std::string jsonSyntaxMessage(llvm::StringRef What);

} // namespace riskguard

#endif
