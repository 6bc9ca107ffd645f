//===- Facts.h - What one translation unit says about its functions -*- C++ -*-===//
//
// Facts are extracted once per translation unit and depend only on the
// sources, never on the policy, so they can be cached, merged in any order
// and produced by any frontend (CLI, compiler plugin).
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CORE_FACTS_FACTS_H
#define RISKGUARD_CORE_FACTS_FACTS_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace riskguard {

/// How close to a function an annotation sits; a closer one wins.
enum class AnnotationLevel : uint8_t { None, Namespace, Class, Function };

/// One function definition in a project file.
struct FunctionFacts {
  std::string USR;
  std::string Name;          ///< "acme::pricing::discount(double)".
  std::string QualifiedName; ///< "acme::pricing::discount".
  std::string File;          ///< Repo-relative, with '/'.
  unsigned Line = 0, Column = 0, EndLine = 0;
  uint64_t TokenHash = 0; ///< Hash of the spelled tokens, comments excluded.

  std::string Tier1Domain; ///< From the closest RG_TIER1, if any.
  AnnotationLevel Tier1Level = AnnotationLevel::None;
  AnnotationLevel NotTier1Level = AnnotationLevel::None;
  std::string NotTier1Reason;
  std::vector<std::string> Owners; ///< From the closest RG_OWNERS.
  std::optional<unsigned> MinApprovals;
  std::vector<std::string> TestedBy;

  /// Test name ("Suite.Name") when this is the body of a GoogleTest, Catch2,
  /// doctest or Boost.Test test case.
  std::string TestName;

  std::vector<std::string> Callees;   ///< USRs, sorted and unique.
  std::vector<std::string> Overrides; ///< USRs of methods it overrides.
};

/// A diagnostic from parsing, with a repo-relative path where possible.
struct ParseError {
  std::string File;
  unsigned Line = 0, Column = 0;
  std::string Message;
};

/// Everything one translation unit contributes.
struct TUFacts {
  std::string MainFile;           ///< Repo-relative.
  std::vector<std::string> Files; ///< Repo files it read, sorted.
  std::vector<FunctionFacts> Functions; ///< Sorted by File, Line, USR.
  std::vector<ParseError> Errors;
};

/// Whether \p Path names a C or C++ source or header by its extension.
bool isCppFile(const std::string &Path);

} // namespace riskguard

#endif
