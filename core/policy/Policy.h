//===- Policy.h - The .riskguard.json policy ---------------------*- C++
//-*-===//
#ifndef RISKGUARD_CORE_POLICY_POLICY_H
#define RISKGUARD_CORE_POLICY_POLICY_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace riskguard {

/// What `require.tests` asks of a changed tier-1 function.
enum class TestRequirement { Changed, Exists, None };

/// What `require.indirect` does with a changed callee of tier-1 code.
enum class IndirectMode { Block, Warn, Ignore };

/// One entry of `domains`.
struct DomainPolicy {
  std::vector<std::string> Owners;
  std::optional<unsigned> MinApprovals;
};

/// One entry of `rules`: exactly one of PathGlob / QualifiedNameGlob is set.
struct TierRule {
  std::string PathGlob;
  std::string QualifiedNameGlob;
  std::string Domain;
  unsigned Line = 0; ///< Line of the rule in the policy file, for messages.
};

/// `ai_assisted`.
struct AIAssistedPolicy {
  std::vector<std::string> Markers; ///< Trailer globs, e.g. "Assisted-by:".
  /// Pull-request labels (--pull-request) that mark the change AI-assisted.
  std::vector<std::string> Labels;
  std::optional<unsigned> MinApprovals;
  std::string RequireTeam;
};

/// `approvals.sticky`: whether an approval of an earlier commit of the
/// change still counts at head.
enum class StickyMode {
  Logic, ///< While no tier-1 or tier-1-reached logic changed after it.
  None,  ///< Only approvals of the head commit count.
};

/// `approvals`.
struct ApprovalsPolicy {
  /// Committers (e-mail or name globs) whose commits' Reviewed-by /
  /// Approved-by trailers count: a review server or merge bot.
  std::vector<std::string> TrustedCommitters;
  StickyMode Sticky = StickyMode::Logic;
};

/// One entry of `authors`: what a tier-1 change by one of its members needs
/// on top of the rest.
struct AuthorRule {
  std::vector<std::string> Members; ///< Logins, e-mails or teams.
  std::optional<unsigned> MinApprovals;
  std::string RequireTeam;
  unsigned Index = 0; ///< Its place in `authors`, for messages.
  unsigned Line = 0;  ///< Its line in the policy file.
};

/// One entry of `tests.data`: files a runner feeds to the program (journals,
/// golden files, request fixtures), each a test that reaches whatever the
/// functions or tests named in ReachesVia reach.
struct DataTestRule {
  std::vector<std::string> Paths;      ///< Path globs of its files.
  std::vector<std::string> ReachesVia; ///< Test names or qualified-name globs.
  unsigned Index = 0; ///< Its place in `tests.data`, for messages.
  unsigned Line = 0;  ///< Its line in the policy file.

  /// "main", or "main, ledger::run": how a finding names ReachesVia.
  std::string via() const;
};

/// A parsed and validated `.riskguard.json`.
struct Policy {
  unsigned Version = 1;
  std::string Base; ///< Empty when unset.
  std::map<std::string, DomainPolicy> Domains;
  std::vector<TierRule> Rules;
  std::vector<std::string> TestPaths;
  std::vector<DataTestRule> DataTests; ///< `tests.data`.
  TestRequirement Tests = TestRequirement::Changed;
  unsigned MinApprovals = 0; ///< `require.min_approvals`; 0: none asked.
  bool OwnerApproval = false;
  IndirectMode Indirect = IndirectMode::Warn;
  AIAssistedPolicy AIAssisted;
  ApprovalsPolicy Approvals;
  std::vector<AuthorRule> Authors;
  /// `document.sections`: what a tier-1 change must explain ("Risk").
  std::vector<std::string> DocumentSections;
  unsigned WarnCallers = 25; ///< `blast_radius.warn_callers`; 0 disables.
  /// `blast_radius.high_callers` / `high_entry_points`: a changed function
  /// with at least that many transitive callers / entry points is
  /// high-risk; unset: none is.
  std::optional<unsigned> HighCallers, HighEntryPoints;
  /// `blast_radius.high_min_approvals` / `high_require_team`: what a
  /// high-risk change needs from review; unset / empty: nothing more.
  std::optional<unsigned> HighMinApprovals;
  std::string HighRequireTeam;
  std::map<std::string, std::vector<std::string>> Teams;
  std::string CodeOwners; ///< Path of the CODEOWNERS file; empty when unset.
  /// `money.names`: a variable whose name contains one of these words
  /// (case-insensitively) holds money, for money-floating-point.
  std::vector<std::string> MoneyNames = {
      "price",    "amount",  "cost",     "total", "fee",  "tax",
      "discount", "balance", "subtotal", "cents", "money"};
  std::string SourcePath; ///< File the policy was read from; empty if none.

  /// Domain given by the policy rules to a function; the last matching rule
  /// wins, as in CODEOWNERS. \p Path is repo-relative with '/', \p
  /// QualifiedName has no parameter list ("acme::checkout::Cart::total").
  std::optional<std::string> ruleDomain(llvm::StringRef Path,
                                        llvm::StringRef QualifiedName) const;

  /// The rule that gives a function its domain (the last matching one), or
  /// null; arguments as for ruleDomain.
  const TierRule *matchingRule(llvm::StringRef Path,
                               llvm::StringRef QualifiedName) const;

  /// Whether a repo-relative path is matched by `tests.paths`.
  bool isTestPath(llvm::StringRef Path) const;

  /// The `tests.data` entry whose paths match a repo-relative path (the
  /// first), or null.
  const DataTestRule *dataTestRule(llvm::StringRef Path) const;
};

/// The policy a change is held to when it edits the policy itself: the
/// head's tier rules and test paths, the stricter of the two for every
/// requirement, and the base's owners and team members where the base has
/// them, so that a change can neither loosen nor re-staff its own review.
Policy effectivePolicy(const Policy &Base, const Policy &Head);

/// Parses policy text; \p FileName is used in messages only. Errors read
/// "FILE:LINE: <what is wrong>", naming the key.
llvm::Expected<Policy> parsePolicy(llvm::StringRef Text,
                                   llvm::StringRef FileName);

/// Reads and parses a policy file; messages name it \p DisplayName (e.g.
/// repo-relative), else \p Path.
llvm::Expected<Policy> loadPolicy(llvm::StringRef Path,
                                  llvm::StringRef DisplayName = {});

/// Glob matching for policy paths: '**' spans directories, '*' and '?' stay
/// within one path segment, '[...]' is a character class; a pattern without
/// '/' matches the file name at any depth (as in .gitignore).
bool matchPathGlob(llvm::StringRef Pattern, llvm::StringRef Path);

/// Glob matching for qualified names: '*' matches any run of characters,
/// including "::"; '?' one character.
bool matchNameGlob(llvm::StringRef Pattern, llvm::StringRef Name);

/// Checks a glob for syntax errors (unterminated '[', empty pattern).
llvm::Error validateGlob(llvm::StringRef Pattern);

} // namespace riskguard

#endif
