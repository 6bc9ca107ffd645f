//===- PolicyTest.cpp - Tests for reading .riskguard.json -----------------===//

#include "policy/Policy.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Errc.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <string>
#include <vector>

using namespace riskguard;

namespace {

/// Parses \p Text and returns the error message, or "<no error>".
std::string parseError(llvm::StringRef Text) {
  llvm::Expected<Policy> P = parsePolicy(Text, ".riskguard.json");
  if (P)
    return "<no error>";
  return llvm::toString(P.takeError());
}

/// Parses \p Text, failing the test on an error.
Policy parseOk(llvm::StringRef Text) {
  llvm::Expected<Policy> P = parsePolicy(Text, ".riskguard.json");
  if (!P) {
    ADD_FAILURE() << llvm::toString(P.takeError());
    return Policy();
  }
  return std::move(*P);
}

const char *const ExpectedTopKeys =
    "(expected one of: version, base, domains, rules, tests, require, "
    "ai_assisted, approvals, authors, document, blast_radius, teams, "
    "codeowners, money)";

// The example of SPEC.md, with "transaction" added to `domains` because a
// rule may only name a listed domain once any is listed.
const char *const FullPolicy = R"json({
  "version": 1,
  "base": "origin/main",
  "domains": {
    "pricing": { "owners": ["@acme/pricing"] },
    "transaction": { "owners": ["@acme/checkout", "carol"], "min_approvals": 3 }
  },
  "rules": [
    { "path": "src/pricing/**", "domain": "pricing" },
    { "qualified_name": "acme::checkout::*", "domain": "transaction" }
  ],
  "tests": { "paths": ["test/**", "**/*_test.cc"] },
  "require": {
    "tests": "changed",          // "changed" | "exists" | "none"
    "min_approvals": 2,
    "owner_approval": true,
    "indirect": "warn"           // callee of tier-1 code changed: "block" | "warn" | "ignore"
  },
  "ai_assisted": { "markers": ["Assisted-by:", "Co-authored-by: *[bot]*"], "labels": ["ai-assisted"], "min_approvals": 2, "require_team": "senior" },
  "approvals": { "trusted_committers": ["gerrit@acme.example", "*[bot]*"], "sticky": "none" },
  "blast_radius": { "warn_callers": 25 },
  "teams": { "@acme/pricing": ["alice", "bob"], "senior": ["alice"] },
  "codeowners": "CODEOWNERS"
}
)json";

TEST(PolicyTest, FullPolicyParsesEveryField) {
  Policy P = parseOk(FullPolicy);
  EXPECT_EQ(1u, P.Version);
  EXPECT_EQ("origin/main", P.Base);

  ASSERT_EQ(2u, P.Domains.size());
  EXPECT_EQ(std::vector<std::string>{"@acme/pricing"},
            P.Domains["pricing"].Owners);
  EXPECT_EQ(std::nullopt, P.Domains["pricing"].MinApprovals);
  EXPECT_EQ((std::vector<std::string>{"@acme/checkout", "carol"}),
            P.Domains["transaction"].Owners);
  EXPECT_EQ(std::optional<unsigned>(3), P.Domains["transaction"].MinApprovals);

  ASSERT_EQ(2u, P.Rules.size());
  EXPECT_EQ("src/pricing/**", P.Rules[0].PathGlob);
  EXPECT_EQ("", P.Rules[0].QualifiedNameGlob);
  EXPECT_EQ("pricing", P.Rules[0].Domain);
  EXPECT_EQ(9u, P.Rules[0].Line);
  EXPECT_EQ("", P.Rules[1].PathGlob);
  EXPECT_EQ("acme::checkout::*", P.Rules[1].QualifiedNameGlob);
  EXPECT_EQ("transaction", P.Rules[1].Domain);
  EXPECT_EQ(10u, P.Rules[1].Line);

  EXPECT_EQ((std::vector<std::string>{"test/**", "**/*_test.cc"}), P.TestPaths);
  EXPECT_EQ(TestRequirement::Changed, P.Tests);
  EXPECT_EQ(2u, P.MinApprovals);
  EXPECT_TRUE(P.OwnerApproval);
  EXPECT_EQ(IndirectMode::Warn, P.Indirect);
  EXPECT_EQ(
      (std::vector<std::string>{"Assisted-by:", "Co-authored-by: *[bot]*"}),
      P.AIAssisted.Markers);
  EXPECT_EQ(std::optional<unsigned>(2), P.AIAssisted.MinApprovals);
  EXPECT_EQ("senior", P.AIAssisted.RequireTeam);
  EXPECT_EQ(std::vector<std::string>{"ai-assisted"}, P.AIAssisted.Labels);
  EXPECT_EQ((std::vector<std::string>{"gerrit@acme.example", "*[bot]*"}),
            P.Approvals.TrustedCommitters);
  EXPECT_EQ(StickyMode::None, P.Approvals.Sticky);
  EXPECT_EQ(25u, P.WarnCallers);
  ASSERT_EQ(2u, P.Teams.size());
  EXPECT_EQ((std::vector<std::string>{"alice", "bob"}),
            P.Teams["@acme/pricing"]);
  EXPECT_EQ(std::vector<std::string>{"alice"}, P.Teams["senior"]);
  EXPECT_EQ("CODEOWNERS", P.CodeOwners);
  EXPECT_EQ("", P.SourcePath);
}

TEST(PolicyTest, SpecExampleVerbatimNamesItsUndeclaredDomain) {
  const char *Spec = R"json({
  "version": 1,
  "base": "origin/main",
  "domains": { "pricing": { "owners": ["@acme/pricing"] } },
  "rules": [
    { "path": "src/pricing/**", "domain": "pricing" },
    { "qualified_name": "acme::checkout::*", "domain": "transaction" }
  ]
})json";
  EXPECT_EQ(".riskguard.json:7: unknown domain 'transaction' in "
            "'rules[1].domain' (expected one of: pricing)",
            parseError(Spec));
}

TEST(PolicyTest, RuleDomainsNeedNoDeclarationWithoutDomains) {
  Policy P = parseOk(R"json({
  "version": 1,
  "rules": [ { "path": "src/**", "domain": "anything" } ]
})json");
  ASSERT_EQ(1u, P.Rules.size());
  EXPECT_EQ("anything", P.Rules[0].Domain);
  EXPECT_EQ(3u, P.Rules[0].Line);
}

TEST(PolicyTest, Defaults) {
  Policy P = parseOk(R"({"version": 1})");
  EXPECT_EQ(1u, P.Version);
  EXPECT_EQ("", P.Base);
  EXPECT_TRUE(P.Domains.empty());
  EXPECT_TRUE(P.Rules.empty());
  EXPECT_TRUE(P.TestPaths.empty());
  EXPECT_EQ(TestRequirement::Changed, P.Tests);
  EXPECT_EQ(0u, P.MinApprovals);
  EXPECT_FALSE(P.OwnerApproval);
  EXPECT_EQ(IndirectMode::Warn, P.Indirect);
  EXPECT_TRUE(P.AIAssisted.Markers.empty());
  EXPECT_EQ(std::nullopt, P.AIAssisted.MinApprovals);
  EXPECT_EQ("", P.AIAssisted.RequireTeam);
  EXPECT_EQ(25u, P.WarnCallers);
  EXPECT_TRUE(P.Teams.empty());
  EXPECT_EQ("", P.CodeOwners);
  EXPECT_EQ("", P.SourcePath);
}

TEST(PolicyTest, EmptySectionsKeepDefaults) {
  Policy P = parseOk(R"({"version": 1, "domains": {}, "rules": [],
    "tests": {}, "require": {}, "ai_assisted": {}, "blast_radius": {},
    "teams": {}})");
  EXPECT_EQ(0u, P.MinApprovals);
  EXPECT_EQ(TestRequirement::Changed, P.Tests);
  EXPECT_EQ(25u, P.WarnCallers);
  EXPECT_TRUE(P.Domains.empty());
}

TEST(PolicyTest, EnumValues) {
  Policy P = parseOk(
      R"({"version": 1, "require": {"tests": "exists", "indirect": "block"}})");
  EXPECT_EQ(TestRequirement::Exists, P.Tests);
  EXPECT_EQ(IndirectMode::Block, P.Indirect);
  P = parseOk(
      R"({"version": 1, "require": {"tests": "none", "indirect": "ignore"}})");
  EXPECT_EQ(TestRequirement::None, P.Tests);
  EXPECT_EQ(IndirectMode::Ignore, P.Indirect);
  P = parseOk(R"({"version": 1, "require": {"min_approvals": 0},
                  "blast_radius": {"warn_callers": 0}})");
  EXPECT_EQ(0u, P.MinApprovals);
  EXPECT_EQ(0u, P.WarnCallers);
}

TEST(PolicyTest, ByteOrderMarkAndCRLF) {
  Policy P = parseOk("\xEF\xBB\xBF{\r\n  \"version\": 1,\r\n"
                     "  \"rules\": [\r\n    {\"path\": \"a/**\", \"domain\": "
                     "\"d\"}\r\n  ]\r\n}\r\n");
  ASSERT_EQ(1u, P.Rules.size());
  EXPECT_EQ(4u, P.Rules[0].Line);
  EXPECT_EQ(".riskguard.json:2: 'base' must be a string, not false",
            parseError("{\"version\": 1,\r\n\"base\": false}"));
}

TEST(PolicyTest, NegativeZeroIsZero) {
  Policy P = parseOk(R"({"version": 1, "require": {"min_approvals": -0}})");
  EXPECT_EQ(0u, P.MinApprovals);
}

TEST(PolicyTest, CommentsAreAllowedAndKeepLinesRight) {
  const char *Text = R"json(// riskguard policy
{
  /* the schema
     version */
  "version": 1, // must be 1
  "require": { /* inline */ "min_approvals": 2 },
  // a comment between keys
  "blast_radius": { "warn_callers": -3 }
}
)json";
  EXPECT_EQ(".riskguard.json:8: 'blast_radius.warn_callers' must be a "
            "non-negative integer, not -3",
            parseError(Text));
}

TEST(PolicyTest, NumberLineIsTheNumbersNotTheNextOne) {
  // The lexer reads past a number before reporting it; the newline it reads
  // must not move the number to the next line.
  EXPECT_EQ(".riskguard.json:2: 'require.min_approvals' must be a "
            "non-negative integer, not -1",
            parseError("{\"version\": 1, \"require\": {\n"
                       "\"min_approvals\": -1\n"
                       "}}"));
  EXPECT_EQ(".riskguard.json:2: 'require.min_approvals' must be a "
            "non-negative integer, not 2.5",
            parseError("{\"version\": 1, \"require\": {\n"
                       "\"min_approvals\": 2.5// why\n"
                       "}}"));
}

TEST(PolicyTest, UnknownKeys) {
  EXPECT_EQ(
      std::string(".riskguard.json:3: unknown key 'requires' in policy ") +
          ExpectedTopKeys,
      parseError(R"json({
  "version": 1,
  "requires": {}
})json"));
  EXPECT_EQ(".riskguard.json:4: unknown key 'test' in 'require' (expected "
            "one of: tests, min_approvals, owner_approval, indirect)",
            parseError(R"json({
  "version": 1,
  "require": {
    "test": "changed"
  }
})json"));
  EXPECT_EQ(".riskguard.json:2: unknown key 'owner' in 'domains.pricing' "
            "(expected one of: owners, min_approvals)",
            parseError(R"json({ "version": 1, "domains": { "pricing": {
  "owner": ["a"] } } })json"));
  EXPECT_EQ(".riskguard.json:2: unknown key 'paths' in 'rules[0]' (expected "
            "one of: path, qualified_name, domain)",
            parseError(R"json({ "version": 1, "rules": [
  { "paths": "src/**", "path": "src/**", "domain": "d" } ] })json"));
  EXPECT_EQ(".riskguard.json:1: unknown key 'path' in 'tests' (expected one "
            "of: paths, data)",
            parseError(R"({"version": 1, "tests": {"path": []}})"));
  EXPECT_EQ(".riskguard.json:1: unknown key 'marker' in 'ai_assisted' "
            "(expected one of: markers, labels, min_approvals, require_team)",
            parseError(R"({"version": 1, "ai_assisted": {"marker": []}})"));
  EXPECT_EQ(".riskguard.json:1: unknown key 'callers' in 'blast_radius' "
            "(expected one of: warn_callers, high_callers, high_entry_points, "
            "high_min_approvals, high_require_team)",
            parseError(R"({"version": 1, "blast_radius": {"callers": 3}})"));
}

TEST(PolicyTest, BadEnumValues) {
  EXPECT_EQ(".riskguard.json:4: 'require.tests' must be one of \"changed\", "
            "\"exists\", \"none\", not \"sometimes\"",
            parseError(R"json({
  "version": 1,
  "require": {
    "tests": "sometimes"
  }
})json"));
  EXPECT_EQ(".riskguard.json:2: 'require.indirect' must be one of \"block\", "
            "\"warn\", \"ignore\", not true",
            parseError("{\"version\": 1,\n"
                       "\"require\": {\"indirect\": true}}"));
  EXPECT_EQ(".riskguard.json:1: 'require.tests' must be one of \"changed\", "
            "\"exists\", \"none\", not \"Changed\"",
            parseError(R"({"version": 1, "require": {"tests": "Changed"}})"));
}

TEST(PolicyTest, WrongTypes) {
  EXPECT_EQ(".riskguard.json:1: 'base' must be a string, not 3",
            parseError(R"({"version": 1, "base": 3})"));
  EXPECT_EQ(".riskguard.json:1: 'codeowners' must be a string, not null",
            parseError(R"({"version": 1, "codeowners": null})"));
  EXPECT_EQ(".riskguard.json:1: 'require' must be an object, not an array",
            parseError(R"({"version": 1, "require": []})"));
  EXPECT_EQ(".riskguard.json:1: 'rules' must be an array, not an object",
            parseError(R"({"version": 1, "rules": {}})"));
  EXPECT_EQ(".riskguard.json:1: 'rules[0]' must be an object, not \"src/**\"",
            parseError(R"({"version": 1, "rules": ["src/**"]})"));
  EXPECT_EQ(".riskguard.json:1: 'domains' must be an object, not an array",
            parseError(R"({"version": 1, "domains": []})"));
  EXPECT_EQ(".riskguard.json:1: 'domains.pricing' must be an object, not an "
            "array",
            parseError(R"({"version": 1, "domains": {"pricing": []}})"));
  EXPECT_EQ(
      ".riskguard.json:3: 'domains.pricing.owners[1]' must be a string, not 7",
      parseError(R"json({
  "version": 1,
  "domains": { "pricing": { "owners": ["@acme/pricing", 7] } }
})json"));
  EXPECT_EQ(".riskguard.json:1: 'tests.paths' must be an array of strings, "
            "not \"test/**\"",
            parseError(R"({"version": 1, "tests": {"paths": "test/**"}})"));
  EXPECT_EQ(
      ".riskguard.json:1: 'require.owner_approval' must be true or "
      "false, not \"yes\"",
      parseError(R"({"version": 1, "require": {"owner_approval": "yes"}})"));
  EXPECT_EQ(".riskguard.json:1: 'require.min_approvals' must be a "
            "non-negative integer, not \"2\"",
            parseError(R"({"version": 1, "require": {"min_approvals": "2"}})"));
  EXPECT_EQ(
      ".riskguard.json:1: 'ai_assisted.require_team' must be a string, "
      "not an array",
      parseError(R"({"version": 1, "ai_assisted": {"require_team": ["x"]}})"));
  EXPECT_EQ(".riskguard.json:1: 'teams' must be an object, not an array",
            parseError(R"({"version": 1, "teams": []})"));
  EXPECT_EQ(".riskguard.json:1: 'teams.senior' must be an array of strings, "
            "not \"alice\"",
            parseError(R"({"version": 1, "teams": {"senior": "alice"}})"));
  EXPECT_EQ(".riskguard.json:2: 'teams[\"@acme/pricing\"][1]' must be a "
            "string, not false",
            parseError("{\"version\": 1, \"teams\": {\n"
                       "\"@acme/pricing\": [\"alice\", false]}}"));
}

TEST(PolicyTest, NumbersMustBeNonNegativeIntegers) {
  EXPECT_EQ(".riskguard.json:1: 'require.min_approvals' must be a "
            "non-negative integer, not -1",
            parseError(R"({"version": 1, "require": {"min_approvals": -1}})"));
  EXPECT_EQ(".riskguard.json:2: 'domains.pricing.min_approvals' must be a "
            "non-negative integer, not 1.5",
            parseError(R"({"version": 1,
 "domains": {"pricing": {"min_approvals": 1.5}}})"));
  EXPECT_EQ(
      ".riskguard.json:1: 'ai_assisted.min_approvals' must be a "
      "non-negative integer, not 2e0",
      parseError(R"({"version": 1, "ai_assisted": {"min_approvals": 2e0}})"));
  EXPECT_EQ(
      ".riskguard.json:1: 'blast_radius.warn_callers' must be at most "
      "4294967295, not 4294967296",
      parseError(
          R"({"version": 1, "blast_radius": {"warn_callers": 4294967296}})"));
  Policy P = parseOk(
      R"({"version": 1, "blast_radius": {"warn_callers": 4294967295}})");
  EXPECT_EQ(4294967295u, P.WarnCallers);
}

TEST(PolicyTest, EmptyStrings) {
  EXPECT_EQ(".riskguard.json:1: 'base' must not be empty",
            parseError(R"({"version": 1, "base": ""})"));
  EXPECT_EQ(".riskguard.json:1: 'teams.senior[0]' must not be empty",
            parseError(R"({"version": 1, "teams": {"senior": [""]}})"));
  EXPECT_EQ(
      ".riskguard.json:1: 'rules[0].path' must not be empty",
      parseError(R"({"version": 1, "rules": [{"path": "", "domain": "d"}]})"));
  EXPECT_EQ(".riskguard.json:1: domain name in 'domains' must not be empty",
            parseError(R"({"version": 1, "domains": {"": {}}})"));
  EXPECT_EQ(".riskguard.json:1: team name in 'teams' must not be empty",
            parseError(R"({"version": 1, "teams": {"": []}})"));
}

TEST(PolicyTest, RuleShape) {
  EXPECT_EQ(".riskguard.json:4: 'rules[1]' has both 'path' and "
            "'qualified_name' (expected exactly one)",
            parseError(R"json({
  "version": 1, "rules": [
    { "path": "src/**", "domain": "d" },
    { "path": "src/**",
      "qualified_name": "acme::*", "domain": "d" }
  ]
})json"));
  EXPECT_EQ(".riskguard.json:3: missing key 'path' or 'qualified_name' in "
            "'rules[0]'",
            parseError(R"json({
  "version": 1, "rules": [
    { "domain": "d" }
  ]
})json"));
  EXPECT_EQ(".riskguard.json:3: missing required key 'domain' in 'rules[0]'",
            parseError(R"json({
  "version": 1, "rules": [
    { "qualified_name": "acme::*" }
  ]
})json"));
  EXPECT_EQ(
      ".riskguard.json:1: 'rules[0].domain' must be a string, not 1",
      parseError(R"({"version": 1, "rules": [{"path": "a", "domain": 1}]})"));
}

TEST(PolicyTest, UnknownDomain) {
  EXPECT_EQ(".riskguard.json:6: unknown domain 'pricng' in 'rules[1].domain' "
            "(expected one of: payment, pricing)",
            parseError(R"json({
  "version": 1,
  "rules": [
    { "path": "src/pay/**", "domain": "payment" },
    { "path": "src/pricing/**",
      "domain": "pricng" }
  ],
  "domains": { "pricing": {}, "payment": {} }
})json"));
}

TEST(PolicyTest, BadGlobs) {
  EXPECT_EQ(".riskguard.json:3: bad glob \"src/[ab\" in 'rules[0].path': "
            "unterminated '[' at offset 4",
            parseError(R"json({
  "version": 1,
  "rules": [ { "path": "src/[ab", "domain": "d" } ]
})json"));
  EXPECT_EQ(".riskguard.json:2: bad glob \"acme::[z-a]\" in "
            "'rules[0].qualified_name': reversed range 'z-a'",
            parseError(R"({"version": 1, "rules": [
              {"qualified_name": "acme::[z-a]", "domain": "d"}]})"));
  EXPECT_EQ(
      ".riskguard.json:1: bad glob \"test\\\\\" in 'tests.paths[1]': "
      "trailing '\\'",
      parseError(R"({"version": 1, "tests": {"paths": ["ok/**", "test\\"]}})"));
  EXPECT_EQ(
      ".riskguard.json:1: bad glob \"Assisted-by: [\" in "
      "'ai_assisted.markers[0]': unterminated '[' at offset 13",
      parseError(
          R"({"version": 1, "ai_assisted": {"markers": ["Assisted-by: ["]}})"));
}

TEST(PolicyTest, DuplicateKeys) {
  EXPECT_EQ(".riskguard.json:4: duplicate key 'require' in policy (first at "
            "line 3)",
            parseError(R"json({
  "version": 1,
  "require": { "min_approvals": 1 },
  "require": { "min_approvals": 2 }
})json"));
  EXPECT_EQ(".riskguard.json:3: duplicate key 'tests' in 'require' (first at "
            "line 2)",
            parseError(R"json({ "version": 1, "require": {
  "tests": "changed",
  "tests": "none" } })json"));
  EXPECT_EQ(".riskguard.json:2: duplicate key 'senior' in 'teams' (first at "
            "line 1)",
            parseError(R"json({ "version": 1, "teams": { "senior": ["a"],
  "senior": ["b"] } })json"));
  EXPECT_EQ(".riskguard.json:2: duplicate key 'version' in policy (first at "
            "line 1)",
            parseError("{\"version\": 1,\n\"version\": 1}"));
}

TEST(PolicyTest, Version) {
  EXPECT_EQ(".riskguard.json:1: missing required key 'version' in policy",
            parseError(R"({"base": "main"})"));
  EXPECT_EQ(".riskguard.json:2: 'version' must be 1, not 2",
            parseError("{\n\"version\": 2, \"whatever\": {}\n}"));
  EXPECT_EQ(".riskguard.json:1: 'version' must be 1, not \"1\"",
            parseError(R"({"version": "1"})"));
  EXPECT_EQ(".riskguard.json:1: 'version' must be 1, not 1.0",
            parseError(R"({"version": 1.0})"));
}

TEST(PolicyTest, TopLevelMustBeAnObject) {
  EXPECT_EQ(".riskguard.json:1: policy must be an object, not an array",
            parseError("[]"));
  EXPECT_EQ(".riskguard.json:2: policy must be an object, not 1",
            parseError("// just a number\n1\n"));
}

TEST(PolicyTest, SyntaxErrorsNameLineAndColumn) {
  // The column is where the offending token starts.
  EXPECT_EQ(".riskguard.json:3:3: syntax error while parsing object - "
            "unexpected string literal; expected '}'",
            parseError("{\n  \"version\": 1\n  \"base\": \"main\"\n}"));
  EXPECT_EQ(".riskguard.json:1:31: syntax error while parsing object - "
            "unexpected string literal; expected '}'",
            parseError(R"({"version": 1, "base": "a\"b" "c"})"));
  EXPECT_EQ(".riskguard.json:2:16: syntax error while parsing object key - "
            "unexpected '}'; expected string literal",
            parseError("{\n  \"version\": 1,}"));
  EXPECT_EQ(".riskguard.json:1:37: syntax error while parsing value - "
            "invalid literal",
            parseError(R"({"version": 1, "require": {"tests": changed}})"));
  EXPECT_EQ(".riskguard.json:1:2: syntax error while parsing object key - "
            "invalid literal; expected string literal",
            parseError("{'version': 1}"));
  EXPECT_EQ(".riskguard.json:1:16: syntax error while parsing value - "
            "unexpected '{'; expected end of input",
            parseError(R"({"version": 1} {})"));
  // Errors inside a token point at the offending character.
  EXPECT_EQ(".riskguard.json:1:27: syntax error while parsing value - "
            "invalid string: forbidden character after backslash",
            parseError(R"({"version": 1, "base": "a\qb"})"));
  // The end of input is just after the last character.
  EXPECT_EQ(".riskguard.json:2:1: syntax error while parsing object key - "
            "unexpected end of input; expected string literal",
            parseError("{\n"));
  EXPECT_EQ(".riskguard.json:1:1: syntax error while parsing value - "
            "unexpected end of input; expected '[', '{', or a literal",
            parseError(""));
  EXPECT_EQ(".riskguard.json:2:5: syntax error while parsing value - invalid "
            "comment; missing closing '*/'",
            parseError("{\"version\": 1, \"base\":\n/* x"));
}

TEST(PolicyTest, NestingIsCapped) {
  std::string Deep = "{\"version\": 1, \"x\": " + std::string(100, '[');
  EXPECT_EQ(".riskguard.json:1:84: nesting deeper than 64 levels",
            parseError(Deep));
}

TEST(PolicyTest, EveryProblemIsReportedInFileOrder) {
  llvm::Expected<Policy> P = parsePolicy(R"json({
  "version": 1,
  "rules": [ { "path": "src/**", "domain": "nope" } ],
  "domains": { "pricing": {} },
  "require": { "tests": "sometimes", "min_approvals": -2 }
})json",
                                         "p.json");
  ASSERT_FALSE(P);
  std::vector<std::string> Messages;
  llvm::handleAllErrors(P.takeError(), [&](const llvm::ErrorInfoBase &E) {
    Messages.push_back(E.message());
  });
  EXPECT_EQ((std::vector<std::string>{
                "p.json:3: unknown domain 'nope' in 'rules[0].domain' "
                "(expected one of: pricing)",
                "p.json:5: 'require.tests' must be one of \"changed\", "
                "\"exists\", \"none\", not \"sometimes\"",
                "p.json:5: 'require.min_approvals' must be a non-negative "
                "integer, not -2"}),
            Messages);
}

TEST(PolicyTest, RuleDomainLastMatchingRuleWins) {
  Policy P = parseOk(R"json({
  "version": 1,
  "rules": [
    { "path": "src/**", "domain": "general" },
    { "path": "src/pricing/**", "domain": "pricing" },
    { "qualified_name": "acme::pricing::legacy::*", "domain": "legacy" },
    { "path": "src/pricing/experimental/**", "domain": "experimental" }
  ]
})json");
  EXPECT_EQ(std::optional<std::string>("pricing"),
            P.ruleDomain("src/pricing/a.cc", "acme::pricing::price"));
  EXPECT_EQ(std::optional<std::string>("general"),
            P.ruleDomain("src/cart.cc", "acme::cart::add"));
  EXPECT_EQ(std::optional<std::string>("legacy"),
            P.ruleDomain("src/pricing/a.cc", "acme::pricing::legacy::old"));
  // A later path rule beats an earlier name rule.
  EXPECT_EQ(std::optional<std::string>("experimental"),
            P.ruleDomain("src/pricing/experimental/b.cc",
                         "acme::pricing::legacy::x"));
  EXPECT_EQ(std::nullopt, P.ruleDomain("lib/x.cc", "acme::x"));
  // An unknown qualified name matches no name rule, even a catch-all.
  EXPECT_EQ(std::optional<std::string>("pricing"),
            P.ruleDomain("src/pricing/a.cc", ""));
  EXPECT_EQ(std::optional<std::string>("legacy"),
            P.ruleDomain("", "acme::pricing::legacy::old"));
}

TEST(PolicyTest, RuleDomainUnknownNameMatchesNoCatchAll) {
  Policy P = parseOk(R"json({
  "version": 1,
  "rules": [ { "qualified_name": "*", "domain": "all" } ]
})json");
  EXPECT_EQ(std::optional<std::string>("all"), P.ruleDomain("", "f"));
  EXPECT_EQ(std::nullopt, P.ruleDomain("a.cc", ""));
}

TEST(PolicyTest, ApprovalsDefaultsAndErrors) {
  Policy P = parseOk(R"({"version": 1})");
  EXPECT_EQ(StickyMode::Logic, P.Approvals.Sticky);
  EXPECT_TRUE(P.Approvals.TrustedCommitters.empty());
  EXPECT_EQ(".riskguard.json:1: 'approvals.sticky' must be one of \"logic\", "
            "\"none\", not \"always\"",
            parseError(R"({"version": 1, "approvals": {"sticky": "always"}})"));
  EXPECT_EQ(".riskguard.json:1: unknown key 'trusted' in 'approvals' "
            "(expected one of: trusted_committers, sticky)",
            parseError(R"({"version": 1, "approvals": {"trusted": []}})"));
}

TEST(PolicyTest, AuthorsAndDocument) {
  Policy P = parseOk(R"({"version": 1,
    "authors": [ { "members": ["@acme/junior", "mid"], "require_team": "senior" },
                 { "members": ["intern"], "min_approvals": 3 } ],
    "document": { "sections": ["Risk", "Testing", "Rollback"] }})");
  ASSERT_EQ(2u, P.Authors.size());
  EXPECT_EQ((std::vector<std::string>{"@acme/junior", "mid"}),
            P.Authors[0].Members);
  EXPECT_EQ("senior", P.Authors[0].RequireTeam);
  EXPECT_EQ(std::nullopt, P.Authors[0].MinApprovals);
  EXPECT_EQ(std::optional<unsigned>(3), P.Authors[1].MinApprovals);
  EXPECT_EQ(2u, P.Authors[0].Line);
  EXPECT_EQ((std::vector<std::string>{"Risk", "Testing", "Rollback"}),
            P.DocumentSections);
  EXPECT_EQ(".riskguard.json:1: missing required key 'members' in "
            "'authors[0]'",
            parseError(R"({"version": 1, "authors": [{"min_approvals": 2}]})"));
  EXPECT_EQ(".riskguard.json:1: 'authors[0]' asks for nothing (expected "
            "'min_approvals' or 'require_team')",
            parseError(R"({"version": 1, "authors": [{"members": ["a"]}]})"));
  EXPECT_EQ(
      ".riskguard.json:1: unknown key 'team' in 'authors[0]' (expected "
      "one of: members, min_approvals, require_team)",
      parseError(
          R"({"version": 1, "authors": [{"members": ["a"], "team": "x", "min_approvals": 2}]})"));
  EXPECT_EQ(".riskguard.json:1: 'document.sections' must be an array of "
            "strings, not \"Risk\"",
            parseError(R"({"version": 1, "document": {"sections": "Risk"}})"));
}

TEST(PolicyTest, ChangeCannotDropItsAuthorRulesOrSections) {
  Policy Base = parseOk(R"({"version": 1,
    "authors": [ { "members": ["dana"], "min_approvals": 2 } ],
    "document": { "sections": ["Risk"] }})");
  Policy Head =
      parseOk(R"({"version": 1, "document": { "sections": ["Testing"] }})");
  Policy E = effectivePolicy(Base, Head);
  ASSERT_EQ(1u, E.Authors.size());
  EXPECT_EQ(std::vector<std::string>{"dana"}, E.Authors[0].Members);
  EXPECT_EQ((std::vector<std::string>{"Testing", "Risk"}), E.DocumentSections);
}

TEST(PolicyTest, DataTests) {
  Policy P = parseOk(R"({"version": 1, "tests": { "paths": ["test/**"],
    "data": [ { "paths": ["test/regress/*.test"], "reaches_via": ["main"] },
              { "paths": ["golden/**"],
                "reaches_via": ["Golden.Matches", "shop::render*"] } ] }})");
  ASSERT_EQ(2u, P.DataTests.size());
  EXPECT_EQ(std::vector<std::string>{"test/regress/*.test"},
            P.DataTests[0].Paths);
  EXPECT_EQ("main", P.DataTests[0].via());
  EXPECT_EQ("Golden.Matches, shop::render*", P.DataTests[1].via());
  EXPECT_EQ(1u, P.DataTests[1].Index);
  EXPECT_EQ(3u, P.DataTests[1].Line);
  EXPECT_EQ(&P.DataTests[0], P.dataTestRule("test/regress/1234.test"));
  EXPECT_EQ(&P.DataTests[1], P.dataTestRule("golden/a/b.txt"));
  EXPECT_EQ(nullptr, P.dataTestRule("test/regress/sub/1.test"));
  EXPECT_EQ(nullptr, P.dataTestRule("src/main.cc"));

  EXPECT_EQ(
      ".riskguard.json:1: missing required key 'reaches_via' in "
      "'tests.data[0]'",
      parseError(R"({"version": 1, "tests": {"data": [{"paths": ["a"]}]}})"));
  EXPECT_EQ(
      ".riskguard.json:1: missing required key 'paths' in "
      "'tests.data[0]'",
      parseError(
          R"({"version": 1, "tests": {"data": [{"reaches_via": ["main"]}]}})"));
  EXPECT_EQ(
      ".riskguard.json:1: 'tests.data[0].reaches_via' must not be empty",
      parseError(
          R"({"version": 1, "tests": {"data": [{"paths": ["a"], "reaches_via": []}]}})"));
  EXPECT_EQ(".riskguard.json:1: 'tests.data' must be an array, not an object",
            parseError(R"({"version": 1, "tests": {"data": {}}})"));
  EXPECT_EQ(
      ".riskguard.json:1: unknown key 'via' in 'tests.data[0]' "
      "(expected one of: paths, reaches_via)",
      parseError(
          R"({"version": 1, "tests": {"data": [{"paths": ["a"], "reaches_via": ["m"], "via": 1}]}})"));
}

TEST(PolicyTest, ChangeCannotDeclareItsOwnDataTests) {
  // A data test stands for code it reaches without showing it: a change
  // that declares every file a test would pass any test requirement.
  Policy Base = parseOk(R"({"version": 1, "tests": {"data": [
      {"paths": ["test/regress/*.test"], "reaches_via": ["main"]}]}})");
  Policy Head = parseOk(R"({"version": 1, "tests": {"data": [
      {"paths": ["**"], "reaches_via": ["*"]}]}})");
  Policy E = effectivePolicy(Base, Head);
  ASSERT_EQ(1u, E.DataTests.size());
  EXPECT_EQ(std::vector<std::string>{"test/regress/*.test"},
            E.DataTests[0].Paths);
  EXPECT_TRUE(effectivePolicy(Policy(), Head).DataTests.empty());
}

TEST(PolicyTest, ChangeCannotTrustANewCommitterOrStickMore) {
  // The base's trusted committers decide; a head that trusts "*" would
  // approve itself through any trailer.
  Policy Base = parseOk(R"({"version": 1, "approvals": {
      "trusted_committers": ["gerrit@acme.example"], "sticky": "none"}})");
  Policy Head = parseOk(R"({"version": 1, "approvals": {
      "trusted_committers": ["*"], "sticky": "logic"},
      "ai_assisted": {"labels": ["ai"]}})");
  Policy E = effectivePolicy(Base, Head);
  EXPECT_EQ(std::vector<std::string>{"gerrit@acme.example"},
            E.Approvals.TrustedCommitters);
  EXPECT_EQ(StickyMode::None, E.Approvals.Sticky);
  EXPECT_EQ(std::vector<std::string>{"ai"}, E.AIAssisted.Labels);
  // Nor can a new policy trust anyone in the change that adds it.
  EXPECT_TRUE(
      effectivePolicy(Policy(), Head).Approvals.TrustedCommitters.empty());
}

TEST(PolicyTest, HighBlastRadiusKeys) {
  Policy P = parseOk(R"({"version": 1,
      "blast_radius": {"warn_callers": 10, "high_callers": 100,
                       "high_entry_points": 5, "high_min_approvals": 3,
                       "high_require_team": "senior"},
      "teams": {"senior": ["alice"]}})");
  EXPECT_EQ(10u, P.WarnCallers);
  EXPECT_EQ(std::optional<unsigned>(100), P.HighCallers);
  EXPECT_EQ(std::optional<unsigned>(5), P.HighEntryPoints);
  EXPECT_EQ(std::optional<unsigned>(3), P.HighMinApprovals);
  EXPECT_EQ("senior", P.HighRequireTeam);
  // Unset: no function is high-risk and nothing more is asked.
  Policy D = parseOk(R"({"version": 1, "blast_radius": {"warn_callers": 3}})");
  EXPECT_FALSE(D.HighCallers);
  EXPECT_FALSE(D.HighEntryPoints);
  EXPECT_FALSE(D.HighMinApprovals);
  EXPECT_EQ("", D.HighRequireTeam);
  // Any team name goes while `teams` lists none (teams on the forge).
  EXPECT_EQ("@acme/seniors", parseOk(R"({"version": 1,
      "blast_radius": {"high_require_team": "@acme/seniors"}})")
                                 .HighRequireTeam);
}

TEST(PolicyTest, HighBlastRadiusErrors) {
  EXPECT_EQ(".riskguard.json:2: 'blast_radius.high_callers' must be a "
            "non-negative integer, not \"100\"",
            parseError(R"({"version": 1,
 "blast_radius": {"high_callers": "100"}})"));
  EXPECT_EQ(
      ".riskguard.json:1: 'blast_radius.high_entry_points' must be a "
      "non-negative integer, not -1",
      parseError(
          R"({"version": 1, "blast_radius": {"high_entry_points": -1}})"));
  EXPECT_EQ(
      ".riskguard.json:1: 'blast_radius.high_min_approvals' must be a "
      "non-negative integer, not 1.5",
      parseError(
          R"({"version": 1, "blast_radius": {"high_min_approvals": 1.5}})"));
  EXPECT_EQ(
      ".riskguard.json:1: 'blast_radius.high_require_team' must be a "
      "string, not an array",
      parseError(
          R"({"version": 1, "blast_radius": {"high_require_team": []}})"));
  EXPECT_EQ(
      ".riskguard.json:1: 'blast_radius.high_require_team' must not be "
      "empty",
      parseError(
          R"({"version": 1, "blast_radius": {"high_require_team": ""}})"));
  EXPECT_EQ(".riskguard.json:3: unknown team 'seniors' in "
            "'blast_radius.high_require_team' (expected one of: @acme/pricing, "
            "senior)",
            parseError(R"json({"version": 1,
  "teams": {"senior": ["alice"], "@acme/pricing": ["bob"]},
  "blast_radius": {"high_require_team": "seniors"}})json"));
}

TEST(PolicyTest, ChangeCannotLowerItsHighBlastRadiusBar) {
  Policy Base = parseOk(R"({"version": 1, "blast_radius": {
      "high_callers": 100, "high_entry_points": 5, "high_min_approvals": 3,
      "high_require_team": "senior"}})");
  // Raising the thresholds, lowering the approvals, swapping the team.
  Policy Head = parseOk(R"({"version": 1, "blast_radius": {
      "high_callers": 1000, "high_entry_points": 50, "high_min_approvals": 1,
      "high_require_team": "juniors"}})");
  Policy E = effectivePolicy(Base, Head);
  EXPECT_EQ(std::optional<unsigned>(100), E.HighCallers);
  EXPECT_EQ(std::optional<unsigned>(5), E.HighEntryPoints);
  EXPECT_EQ(std::optional<unsigned>(3), E.HighMinApprovals);
  EXPECT_EQ("senior", E.HighRequireTeam);
  // Dropping the keys does not drop the bar.
  Policy None = parseOk(R"({"version": 1})");
  E = effectivePolicy(Base, None);
  EXPECT_EQ(std::optional<unsigned>(100), E.HighCallers);
  EXPECT_EQ(std::optional<unsigned>(5), E.HighEntryPoints);
  EXPECT_EQ(std::optional<unsigned>(3), E.HighMinApprovals);
  EXPECT_EQ("senior", E.HighRequireTeam);
  // A stricter head holds: smaller thresholds, more approvals, and its
  // team when the base names none.
  Policy Strict = parseOk(R"({"version": 1, "blast_radius": {
      "high_callers": 10, "high_entry_points": 2, "high_min_approvals": 4}})");
  E = effectivePolicy(Base, Strict);
  EXPECT_EQ(std::optional<unsigned>(10), E.HighCallers);
  EXPECT_EQ(std::optional<unsigned>(2), E.HighEntryPoints);
  EXPECT_EQ(std::optional<unsigned>(4), E.HighMinApprovals);
  E = effectivePolicy(None, Head);
  EXPECT_EQ(std::optional<unsigned>(1000), E.HighCallers);
  EXPECT_EQ(std::optional<unsigned>(1), E.HighMinApprovals);
  EXPECT_EQ("juniors", E.HighRequireTeam);
}

TEST(PolicyTest, IsTestPath) {
  Policy P = parseOk(FullPolicy);
  EXPECT_TRUE(P.isTestPath("test/unit/a.cc"));
  EXPECT_TRUE(P.isTestPath("src/pricing/discount_test.cc"));
  EXPECT_TRUE(P.isTestPath("discount_test.cc"));
  EXPECT_FALSE(P.isTestPath("src/pricing/discount.cc"));
  EXPECT_FALSE(P.isTestPath("src/test/a.cc"));
  EXPECT_FALSE(Policy().isTestPath("test/a.cc"));
}

TEST(PolicyTest, LoadPolicyMissingFile) {
  llvm::Expected<Policy> P = loadPolicy("/nonexistent/dir/.riskguard.json");
  ASSERT_FALSE(P);
  std::error_code EC = llvm::errorToErrorCode(P.takeError());
  EXPECT_EQ(std::make_error_code(std::errc::no_such_file_or_directory), EC);
  P = loadPolicy("/nonexistent/dir/.riskguard.json");
  ASSERT_FALSE(P);
  EXPECT_EQ("/nonexistent/dir/.riskguard.json: cannot read policy file: no "
            "such file or directory",
            llvm::toString(P.takeError()));
}

/// A temporary file removed when the test ends.
class TempFile {
public:
  explicit TempFile(llvm::StringRef Contents) {
    int FD;
    if (std::error_code EC = llvm::sys::fs::createTemporaryFile(
            "riskguard-policy", "json", FD, Path)) {
      ADD_FAILURE() << EC.message();
      return;
    }
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Contents;
  }
  ~TempFile() { llvm::sys::fs::remove(Path); }
  llvm::StringRef path() const { return Path; }

private:
  llvm::SmallString<128> Path;
};

TEST(PolicyTest, LoadPolicyReadsFileAndSetsSourcePath) {
  TempFile File("{\n  \"version\": 1,\n  \"base\": \"origin/main\"\n}\n");
  llvm::Expected<Policy> P = loadPolicy(File.path());
  ASSERT_TRUE(bool(P)) << llvm::toString(P.takeError());
  EXPECT_EQ("origin/main", P->Base);
  EXPECT_EQ(File.path().str(), P->SourcePath);
}

TEST(PolicyTest, LoadPolicyNamesTheFileInErrors) {
  TempFile File("{\n  \"version\": 1,\n  \"bse\": \"origin/main\"\n}\n");
  llvm::Expected<Policy> P = loadPolicy(File.path());
  ASSERT_FALSE(P);
  EXPECT_EQ(File.path().str() + ":3: unknown key 'bse' in policy " +
                ExpectedTopKeys,
            llvm::toString(P.takeError()));
}

} // namespace
