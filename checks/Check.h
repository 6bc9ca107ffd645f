//===- Check.h - The interface every rule implements ------------*- C++ -*-===//
#ifndef RISKGUARD_CHECKS_CHECK_H
#define RISKGUARD_CHECKS_CHECK_H

#include "analysis/Analyzer.h"
#include "analysis/Finding.h"
#include "analysis/TestEvidence.h"
#include "policy/Policy.h"
#include "policy/Review.h"
#include "repo/ChangeSet.h"
#include "llvm/ADT/ArrayRef.h"
#include <memory>
#include <optional>

namespace riskguard {

/// A trailer "Riskguard-Waiver: <qualified name>: <reason>".
struct Waiver {
  std::string Function; ///< Qualified name, without parameters.
  std::string Reason;
  std::string Commit; ///< Short id of the commit that carries it.
};

/// Who wrote and who approved the change, from --approvals, --author,
/// --ai-assisted and the trailers of base..head.
struct ReviewContext {
  std::string Author;
  std::vector<Approval> Approvals;  ///< Sorted by Who; the author excluded.
  std::vector<std::string> Ignored; ///< Approvals that do not count, why.
  /// Why the change counts as AI-assisted; empty when it does not.
  std::string AIAssisted;
  /// Where AI assistance was looked for and found: "trailer", "label",
  /// "flag", or "none".
  std::string AISource = "none";
  /// Where the commit messages came from: "commits" (base..head), "patch"
  /// (a format-patch or mbox --diff), or "none" (a plain diff).
  std::string Messages = "none";
  /// The pull request's description, from --pull-request.
  std::string Description;
  /// The commit messages of base..head, or of a --diff patch's mails.
  std::vector<std::string> CommitMessages;
  std::vector<Waiver> Waivers;
  std::optional<CodeOwners> Owners; ///< The CODEOWNERS file, if any.
  std::string OwnersFile;           ///< Its repo-relative path.
  std::string PolicyFile; ///< The policy's repo-relative path, if inside.
};

/// What the project says about its tests beyond the call graph.
struct TestInputs {
  std::vector<ChangedDataTest> DataTests;  ///< The change's data tests.
  const CoverageIndex *Coverage = nullptr; ///< From --coverage, if given.
  /// Coverage that was read but ignored (stale, or without test names).
  std::vector<std::string> CoverageIgnored;
};

/// What a rule looks at.
struct CheckContext {
  CheckContext(const AnalysisResult &Analysis, const Policy &Rules);
  CheckContext(const AnalysisResult &Analysis, const Policy &Rules,
               const Policy &BaseRules, const ChangeSet &Changes,
               const ReviewContext &Review);

  const AnalysisResult &Analysis;
  const Policy &Rules;     ///< The policy at head.
  const Policy &BaseRules; ///< The policy at base (the same when unchanged).
  const ChangeSet &Changes;
  const ReviewContext &Review;
  const TestInputs *Tests = nullptr; ///< Null: the call graph alone.
};

/// Everyone who owns a function: its RG_OWNERS (as the base has them, when
/// the base has the function), its domain's owners and its file's
/// CODEOWNERS entry, sorted and unique.
std::vector<std::string> ownersOf(const FunctionFacts &F,
                                  llvm::StringRef Domain,
                                  const CheckContext &Ctx, const Policy &Rules);

/// A team one approver must be in, and why (" as an AI-assisted change").
struct TeamRequirement {
  std::string Team;
  std::string Why;
};

/// What a change to one tier-1 function needs from review.
struct ApprovalRequirement {
  unsigned Need = 0;                  ///< How many approvals.
  std::string NeedWhy;                ///< What raised Need, if not the code.
  bool NeedsOwner = false;            ///< Whether one must be an owner's.
  std::vector<std::string> Owners;    ///< Who owns it.
  std::vector<TeamRequirement> Teams; ///< Each needs one approver.
  /// The `authors` rules the change's author falls under, described.
  std::vector<std::string> AuthorRules;
};

/// The approvals a change to \p F (of \p Domain) needs: RG_MIN_APPROVALS,
/// else the domain's, else the policy's count; an owner when the policy or
/// RG_OWNERS asks; more, and a team member, when the change is AI-assisted
/// or its author falls under an `authors` rule.
/// Where the base has the function, the stricter of its annotations and the
/// head's applies, and its RG_OWNERS name the owners.
ApprovalRequirement approvalRequirement(const FunctionFacts &F,
                                        llvm::StringRef Domain,
                                        const CheckContext &Ctx);

/// "authors rule for @acme/junior, mid" for each `authors` rule whose members
/// include the change's author, in policy order.
std::vector<const AuthorRule *> authorRules(const CheckContext &Ctx);

/// The approvals a change to a non-C++ file a path rule of \p Domain makes
/// tier-1 needs: the domain's, else the policy's count; an owner (of the
/// domain, or by CODEOWNERS of any of \p Paths) when the policy asks; more,
/// and a team member, when the change is AI-assisted.
ApprovalRequirement fileApprovalRequirement(llvm::ArrayRef<std::string> Paths,
                                            llvm::StringRef Domain,
                                            const CheckContext &Ctx);

/// The first approver (by name) who is one of \p Owners, if any.
std::optional<std::string> ownerApproval(llvm::ArrayRef<std::string> Owners,
                                         const CheckContext &Ctx);

/// The transitive callers of a head function that are not tests, and the
/// entry points among them (functions no non-test code calls).
BlastRadius blastRadiusOf(unsigned HeadId, const CheckContext &Ctx);

/// Why a function is high-risk under `blast_radius.high_callers` /
/// `high_entry_points` ("112 callers >= blast_radius.high_callers 100"), or
/// empty when it is not.
std::string highBlastRadiusReason(const BlastRadius &B, const Policy &P);

/// The rule that makes a non-C++ file tier-1, at head (the policy the
/// change is held to) or at base, by either of its paths; null if none.
const TierRule *dataFileRule(const FileChange &FC, const CheckContext &Ctx);

/// Puts a finding about a changed file on its first changed line at head,
/// or on line 1 of the base side for a deleted file.
void placeOnFile(Finding &F, const FileChange &FC);

/// "a, b, c, and 3 more": up to three names of a list.
std::string listNames(llvm::ArrayRef<std::string> Names);

/// Whether the change alters what \p C does: it was added, or modified
/// beyond layout (neither deleted nor only reformatted).
bool changesLogic(const ChangedFunction &C);

/// Whether \p C is of tier kind \p K and the change alters its logic.
bool isLogicChange(const ChangedFunction &C, TierKind K);

/// Whether isLogicChange(C, K) holds and the head has \p C (HeadId is
/// set), for the rules that read its head facts.
bool isLogicChangeAtHead(const ChangedFunction &C, TierKind K);

/// A finding of rule \p RuleId with the severity of its Checks.def row,
/// blocking when that is an error; not yet placed.
Finding makeFinding(llvm::StringRef RuleId);

/// A finding of rule \p RuleId (as above) on function \p F: its name, file
/// and lines.
Finding makeFinding(llvm::StringRef RuleId, const FunctionFacts &F);

/// A finding of rule \p RuleId (as above) on one line and column of
/// \p File, about no function.
Finding makeFinding(llvm::StringRef RuleId, llvm::StringRef File, unsigned Line,
                    unsigned Column);

/// A finding of rule \p RuleId (as above) on a changed file, placed as
/// placeOnFile does.
Finding makeFinding(llvm::StringRef RuleId, const FileChange &FC);

/// One rule of checks/Checks.def.
class Check {
public:
  virtual ~Check() = default;
  /// Appends this rule's findings for the analyzed change.
  virtual void run(const CheckContext &Ctx,
                   std::vector<Finding> &Out) const = 0;
};

/// A rule's stable id, implementing class, default severity and one-line
/// summary: its row of Checks.def.
struct RuleInfo {
  llvm::StringRef Id;
  llvm::StringRef Name; ///< The implementing class, e.g. Tier1UntestedChange.
  Severity Level;
  llvm::StringRef Summary;
};

/// Every rule, in the order of Checks.def.
llvm::ArrayRef<RuleInfo> allRules();

/// The row of rule \p Id, or null when no rule has that id.
const RuleInfo *findRule(llvm::StringRef Id);

/// One instance of every rule.
std::vector<std::unique_ptr<Check>> createChecks();

/// Runs every rule and returns the findings sorted, each with its risk;
/// \p Overall, when given, gets the change's (the highest).
std::vector<Finding> runChecks(const CheckContext &Ctx,
                               RiskAssessment *Overall = nullptr);

/// Fills every finding's Risk from the policy rules that apply to what it
/// is about, and \p Overall with the highest level and its reasons.
void assessRisk(std::vector<Finding> &Findings, const CheckContext &Ctx,
                RiskAssessment &Overall);

#define RISKGUARD_CHECK(Id, Class, Severity, Summary)                          \
  class Class : public Check {                                                 \
  public:                                                                      \
    static constexpr llvm::StringLiteral RuleId = Id;                          \
    void run(const CheckContext &Ctx,                                          \
             std::vector<Finding> &Out) const override;                        \
  };
#include "checks/Checks.def"

} // namespace riskguard

#endif
