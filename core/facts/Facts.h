//===- Facts.h - What one translation unit says about its functions -*- C++
//-*-===//
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

/// A value of floating-point type (`float`, `double`, `long double`, ...),
/// directly or through references, pointers, arrays and type aliases.
struct FloatingValue {
  enum KindType : uint8_t {
    Return,      ///< A function's return value.
    Parameter,   ///< A function's parameter.
    Local,       ///< A variable declared in a function's body.
    Field,       ///< A non-static data member.
    StaticField, ///< A static data member.
  };
  KindType Kind = Local;
  /// The variable's name; for a return value, the function's unqualified
  /// name; empty for an unnamed parameter.
  std::string Name;
  std::string Type;              ///< As written: "Money", "const double &".
  std::string CanonicalType;     ///< With aliases resolved: "const double &".
  unsigned Line = 0, Column = 0; ///< In the file of its function or class.
};

/// One statement unit of a function body, by which a test's change is
/// judged: a statement that is neither a block nor a control statement, or
/// the header of a control statement (`if (...)`, `for (...)`, `case 1:`,
/// `catch (...)`), whose body's statements are units of their own. A
/// statement spelled entirely by a macro (EXPECT_EQ's `switch`, REQUIRE's
/// `do`) is one unit. A test whose framework runs fixture code around its
/// body has one unit more, last: that code, calling the fixture's
/// functions and naming the members they set, with the same hash at base
/// and head.
struct StatementUnit {
  /// Hash of its spelled tokens, the project macros they name and the
  /// constants they read.
  uint64_t TokenHash = 0;
  /// Spelled by an assertion macro: GoogleTest's EXPECT_* / ASSERT_*,
  /// Catch2's and doctest's REQUIRE* / CHECK* / WARN*, Boost.Test's
  /// BOOST_CHECK* / BOOST_REQUIRE* / BOOST_TEST* / BOOST_WARN*, `assert`.
  bool IsAssertion = false;
  /// What it calls (as the function's Callees count calls), as sorted
  /// indices into its function's Callees.
  std::vector<unsigned> Callees;
  /// The variables it declares or names (the function's locals and
  /// parameters, and members of `*this`), as ids unique within the
  /// function, numbered by first appearance; sorted.
  std::vector<unsigned> Variables;
};

/// One function definition in a project file.
struct FunctionFacts {
  /// Clang's; for a Catch2 or doctest test, whose function a counter
  /// names, "c:@riskguard-test@FILE@NAME" (with "@2"... for a repeat).
  std::string USR;
  std::string Name;          ///< "acme::pricing::discount(double)".
  std::string QualifiedName; ///< "acme::pricing::discount".
  std::string File;          ///< Repo-relative, with '/'.
  unsigned Line = 0, Column = 0, EndLine = 0;
  uint64_t TokenHash = 0; ///< Hash of the spelled tokens, comments excluded.
  /// Repo-relative files other than File whose contents TokenHash covers
  /// (the project macros it expands, the constants it reads), sorted and
  /// unique: a change to one of them can change its logic.
  std::vector<std::string> HashedFiles;
  /// Repo-relative files other than File that can decide whether it is
  /// tier-1 code: those of its other declarations, of the classes and
  /// namespace blocks around them, and of the project macros spelled just
  /// before their names (where RG_TIER1 goes), sorted and unique.
  std::vector<std::string> MarkingFiles;

  std::string Tier1Domain; ///< From the closest RG_TIER1, if any.
  AnnotationLevel Tier1Level = AnnotationLevel::None;
  AnnotationLevel NotTier1Level = AnnotationLevel::None;
  std::string NotTier1Reason;
  std::vector<std::string> Owners; ///< From the closest RG_OWNERS.
  std::optional<unsigned> MinApprovals;
  std::vector<std::string> TestedBy;

  /// Test name when this is the body of a GoogleTest ("Suite.Name"),
  /// Catch2 or doctest (the name string) or Boost.Test ("suite/case") test
  /// case: the name the framework runs it by.
  std::string TestName;

  /// USRs, sorted and unique; a test's include the fixture functions its
  /// framework runs around it.
  std::vector<std::string> Callees;
  std::vector<std::string> Overrides; ///< USRs of methods it overrides.

  /// Its floating-point return value, parameters and local variables (those
  /// of its lambdas included), in that order, each in source order.
  std::vector<FloatingValue> FloatingValues;

  /// The statement units of its body, in source order (a control
  /// statement's header before its body's units).
  std::vector<StatementUnit> Units;
};

/// A class, struct or union with floating-point data members, defined in a
/// project file. Classes without such members are not recorded.
struct ClassFacts {
  std::string USR;
  std::string QualifiedName; ///< "shop::Item".
  std::string File;          ///< Of its definition, repo-relative.
  unsigned Line = 0, Column = 0;
  /// What its members get from RG_TIER1 / RG_NOT_TIER1 on the class and on
  /// the classes and namespaces around it (never AnnotationLevel::Function),
  /// as a member function declared in it would.
  std::string Tier1Domain;
  AnnotationLevel Tier1Level = AnnotationLevel::None;
  AnnotationLevel NotTier1Level = AnnotationLevel::None;
  /// USRs of the methods it declares (templates included), sorted, so that
  /// a class counts as tier-1 when its methods are.
  std::vector<std::string> Methods;
  std::vector<FloatingValue> Fields; ///< Field / StaticField, in order.
};

/// What a riskguard annotation is written on.
enum class AnnotatedKind : uint8_t {
  Function, ///< A function or method, templates and constructors included.
  Class,    ///< A class, struct or union, or a class template.
  Namespace,
  Variable, ///< A variable, static data members included.
  Field,    ///< A non-static data member.
  Parameter,
  Enum,
  Enumerator,
  Typedef, ///< A typedef or alias declaration.
  Other,   ///< Anything else: a template parameter, a using-declaration...
};

/// One argument of an annotation.
struct AnnotationArg {
  enum KindType : uint8_t { String, Integer, Other };
  KindType Kind = String;
  /// The string; the integer in decimal; otherwise the argument as spelled.
  std::string Value;
};

/// One `riskguard.*` annotation written in a project file, on one
/// declaration, recorded as written whether or not it is valid: whether it
/// is, depends on the policy (its domains and teams).
struct AnnotationFacts {
  std::string Kind; ///< After "riskguard.": "tier1", "owners", or a typo.
  std::vector<AnnotationArg> Args;
  std::string File; ///< Where it is written (a macro's use), repo-relative.
  unsigned Line = 0, Column = 0;
  AnnotatedKind Entity = AnnotatedKind::Other;
  /// Qualified name of what it is on ("shop::Cart::debug"); empty when that
  /// has no name.
  std::string EntityName;
  /// The USR of what it is on, the same for all its declarations; empty
  /// when Clang gives none.
  std::string EntityUSR;
};

/// A diagnostic from parsing, with a repo-relative path where possible.
struct ParseError {
  std::string File;
  unsigned Line = 0, Column = 0;
  std::string Message;
};

/// Everything one translation unit contributes.
struct TUFacts {
  std::string MainFile;                 ///< Repo-relative.
  std::vector<std::string> Files;       ///< Repo files it read, sorted.
  std::vector<FunctionFacts> Functions; ///< Sorted by File, Line, USR.
  std::vector<ParseError> Errors;
  /// Every riskguard annotation in a project file, each once; sorted by
  /// File, Line, Column.
  std::vector<AnnotationFacts> Annotations;
  std::vector<ClassFacts> Classes; ///< Sorted by File, Line, USR.
};

} // namespace riskguard

#endif
