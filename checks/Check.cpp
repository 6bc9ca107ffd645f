//===- Check.cpp - The rule registry --------------------------------------===//
#include "checks/Check.h"
#include "repo/SourceFiles.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <algorithm>
#include <cassert>

namespace riskguard {

namespace {
const ChangeSet NoChanges;
const ReviewContext NoReview;
} // namespace

CheckContext::CheckContext(const AnalysisResult &Analysis, const Policy &Rules)
    : CheckContext(Analysis, Rules, Rules, NoChanges, NoReview) {}

CheckContext::CheckContext(const AnalysisResult &Analysis, const Policy &Rules,
                           const Policy &BaseRules, const ChangeSet &Changes,
                           const ReviewContext &Review)
    : Analysis(Analysis), Rules(Rules), BaseRules(BaseRules), Changes(Changes),
      Review(Review) {}

namespace {

/// The function as the base has it, if the change did not add it: its
/// annotations say who reviews the change, as the base's policy does.
const FunctionFacts *atBase(const FunctionFacts &F, const CheckContext &Ctx) {
  std::optional<unsigned> Id = Ctx.Analysis.Base.findUSR(F.USR);
  return Id ? &Ctx.Analysis.Base.function(*Id) : nullptr;
}

/// RG_MIN_APPROVALS, else the domain's, else the policy's count.
unsigned minApprovals(const FunctionFacts &F, llvm::StringRef Domain,
                      const Policy &P) {
  if (F.MinApprovals)
    return *F.MinApprovals;
  auto D = P.Domains.find(Domain.str());
  if (D != P.Domains.end() && D->second.MinApprovals)
    return *D->second.MinApprovals;
  return P.MinApprovals;
}

/// The domain's owners and the CODEOWNERS entries of \p Paths, appended.
void addOwners(std::vector<std::string> &Owners,
               llvm::ArrayRef<std::string> Paths, llvm::StringRef Domain,
               const CheckContext &Ctx, const Policy &Rules) {
  auto D = Rules.Domains.find(Domain.str());
  if (D != Rules.Domains.end())
    Owners.insert(Owners.end(), D->second.Owners.begin(),
                  D->second.Owners.end());
  if (Ctx.Review.Owners)
    for (const std::string &Path : Paths) {
      std::vector<std::string> FromFile = Ctx.Review.Owners->ownersOf(Path);
      Owners.insert(Owners.end(), FromFile.begin(), FromFile.end());
    }
  llvm::sort(Owners);
  Owners.erase(llvm::unique(Owners), Owners.end());
}

/// Raises \p R for an AI-assisted change.
/// What the change as a whole adds to \p R: more approvals and a team for
/// an AI-assisted change, and for an author an `authors` rule names.
void addChangeRequirements(ApprovalRequirement &R, const CheckContext &Ctx) {
  const Policy &P = Ctx.Rules;
  auto Raise = [&](unsigned N, const std::string &Why) {
    if (N > R.Need) {
      R.Need = N;
      R.NeedWhy = Why;
    }
  };
  if (!Ctx.Review.AIAssisted.empty()) {
    const std::string Why = " as an AI-assisted change";
    if (P.AIAssisted.MinApprovals)
      Raise(*P.AIAssisted.MinApprovals, Why);
    if (!P.AIAssisted.RequireTeam.empty())
      R.Teams.push_back({P.AIAssisted.RequireTeam, Why});
  }
  for (const AuthorRule *A : authorRules(Ctx)) {
    std::string Why = " for a change by " + Ctx.Review.Author +
                      " (authors: " + llvm::join(A->Members, ", ") + ")";
    R.AuthorRules.push_back(Why.substr(1));
    if (A->MinApprovals)
      Raise(*A->MinApprovals, Why);
    if (!A->RequireTeam.empty())
      R.Teams.push_back({A->RequireTeam, Why});
  }
}

} // namespace

std::vector<std::string> ownersOf(const FunctionFacts &F,
                                  llvm::StringRef Domain,
                                  const CheckContext &Ctx,
                                  const Policy &Rules) {
  // A change that rewrites RG_OWNERS cannot name its own reviewers.
  const FunctionFacts *Base = atBase(F, Ctx);
  std::vector<std::string> Owners = Base ? Base->Owners : F.Owners;
  addOwners(Owners, F.File, Domain, Ctx, Rules);
  return Owners;
}

ApprovalRequirement approvalRequirement(const FunctionFacts &F,
                                        llvm::StringRef Domain,
                                        const CheckContext &Ctx) {
  const Policy &P = Ctx.Rules;
  ApprovalRequirement R;
  R.Need = minApprovals(F, Domain, P);
  R.Owners = ownersOf(F, Domain, Ctx, P);
  R.NeedsOwner = P.OwnerApproval || !F.Owners.empty();
  // Nor can it lower RG_MIN_APPROVALS or drop RG_OWNERS for itself.
  if (const FunctionFacts *Base = atBase(F, Ctx)) {
    R.Need = std::max(R.Need, minApprovals(*Base, Domain, P));
    R.NeedsOwner = R.NeedsOwner || !Base->Owners.empty();
  }
  addChangeRequirements(R, Ctx);
  return R;
}

ApprovalRequirement fileApprovalRequirement(llvm::ArrayRef<std::string> Paths,
                                            llvm::StringRef Domain,
                                            const CheckContext &Ctx) {
  const Policy &P = Ctx.Rules;
  ApprovalRequirement R;
  auto D = P.Domains.find(Domain.str());
  R.Need = D != P.Domains.end() && D->second.MinApprovals
               ? *D->second.MinApprovals
               : P.MinApprovals;
  addOwners(R.Owners, Paths, Domain, Ctx, P);
  R.NeedsOwner = P.OwnerApproval;
  addChangeRequirements(R, Ctx);
  return R;
}

std::vector<const AuthorRule *> authorRules(const CheckContext &Ctx) {
  std::vector<const AuthorRule *> Out;
  if (Ctx.Review.Author.empty())
    return Out;
  for (const AuthorRule &A : Ctx.Rules.Authors)
    if (isOwner(Ctx.Review.Author, A.Members, Ctx.Rules))
      Out.push_back(&A);
  return Out;
}

std::optional<std::string> ownerApproval(llvm::ArrayRef<std::string> Owners,
                                         const CheckContext &Ctx) {
  for (const Approval &A : Ctx.Review.Approvals)
    if (isOwner(A.Who, Owners, Ctx.Rules))
      return A.Who;
  return std::nullopt;
}

BlastRadius blastRadiusOf(unsigned HeadId, const CheckContext &Ctx) {
  const Program &Head = Ctx.Analysis.Head;
  auto IsTest = [&](unsigned Id) {
    return isTestFunction(Head.function(Id), Ctx.Rules);
  };
  BlastRadius B;
  for (unsigned Caller : Head.transitiveCallers(HeadId)) {
    if (IsTest(Caller))
      continue;
    ++B.Callers;
    if (llvm::all_of(Head.callers(Caller), IsTest))
      B.EntryPoints.push_back(Head.function(Caller).Name);
  }
  llvm::sort(B.EntryPoints);
  return B;
}

std::string highBlastRadiusReason(const BlastRadius &B, const Policy &P) {
  std::vector<std::string> Why;
  if (P.HighCallers && B.Callers >= *P.HighCallers)
    Why.push_back(
        std::to_string(B.Callers) + (B.Callers == 1 ? " caller" : " callers") +
        " >= blast_radius.high_callers " + std::to_string(*P.HighCallers));
  size_t Entries = B.EntryPoints.size();
  if (P.HighEntryPoints && Entries >= *P.HighEntryPoints)
    Why.push_back(std::to_string(Entries) +
                  (Entries == 1 ? " entry point" : " entry points") +
                  " >= blast_radius.high_entry_points " +
                  std::to_string(*P.HighEntryPoints));
  return llvm::join(Why, ", ");
}

std::string listNames(llvm::ArrayRef<std::string> Names) {
  std::string S;
  for (size_t I = 0; I < Names.size() && I < 3; ++I)
    S += (I ? ", " : "") + Names[I];
  if (Names.size() > 3)
    S += ", and " + std::to_string(Names.size() - 3) + " more";
  return S;
}

const TierRule *dataFileRule(const FileChange &FC, const CheckContext &Ctx) {
  for (const Policy *P : {&Ctx.Rules, &Ctx.BaseRules})
    for (const std::string *Path : {&FC.NewPath, &FC.OldPath})
      if (!Path->empty() && !isCxxSource(*Path))
        if (const TierRule *Rule = P->matchingRule(*Path, ""))
          return Rule;
  return nullptr;
}

void placeOnFile(Finding &F, const FileChange &FC) {
  F.File = FC.path();
  F.Line = 1;
  if (FC.Status != FileStatus::Deleted)
    for (const Hunk &H : FC.Hunks)
      if (H.NewLines) {
        F.Line = H.NewStart;
        break;
      }
  F.Column = 1;
  F.EndLine = F.Line;
}

bool changesLogic(const ChangedFunction &C) {
  return C.Kind == ChangeKind::Modified || C.Kind == ChangeKind::Added;
}

bool isLogicChange(const ChangedFunction &C, TierKind K) {
  return C.TierKind == K && changesLogic(C);
}

bool isLogicChangeAtHead(const ChangedFunction &C, TierKind K) {
  return C.HeadId && isLogicChange(C, K);
}

Finding makeFinding(llvm::StringRef RuleId) {
  const RuleInfo *Info = findRule(RuleId);
  assert(Info && "a rule missing from Checks.def");
  Finding F;
  F.Rule = RuleId.str();
  // Unknown ids fail closed, as the Finding defaults do.
  if (Info) {
    F.Level = Info->Level;
    F.Blocking = Info->Level == Severity::Error;
  }
  return F;
}

Finding makeFinding(llvm::StringRef RuleId, const FunctionFacts &Fn) {
  Finding F = makeFinding(RuleId);
  F.Function = Fn.Name;
  F.File = Fn.File;
  F.Line = Fn.Line;
  F.Column = Fn.Column;
  F.EndLine = Fn.EndLine;
  return F;
}

Finding makeFinding(llvm::StringRef RuleId, llvm::StringRef File, unsigned Line,
                    unsigned Column) {
  Finding F = makeFinding(RuleId);
  F.File = File.str();
  F.Line = Line;
  F.Column = Column;
  F.EndLine = Line;
  return F;
}

Finding makeFinding(llvm::StringRef RuleId, const FileChange &FC) {
  Finding F = makeFinding(RuleId);
  placeOnFile(F, FC);
  return F;
}

llvm::ArrayRef<RuleInfo> allRules() {
  static const RuleInfo Rules[] = {
#define RISKGUARD_CHECK(Id, Class, Level, Summary)                             \
  {Id, #Class, Severity::Level, Summary},
#include "checks/Checks.def"
  };
  return Rules;
}

const RuleInfo *findRule(llvm::StringRef Id) {
  for (const RuleInfo &R : allRules())
    if (R.Id == Id)
      return &R;
  return nullptr;
}

std::vector<std::unique_ptr<Check>> createChecks() {
  std::vector<std::unique_ptr<Check>> Checks;
#define RISKGUARD_CHECK(Id, Class, Level, Summary)                             \
  Checks.push_back(std::make_unique<Class>());
#include "checks/Checks.def"
  return Checks;
}

std::vector<Finding> runChecks(const CheckContext &Ctx,
                               RiskAssessment *Overall) {
  std::vector<Finding> Findings;
  for (const auto &C : createChecks())
    C->run(Ctx, Findings);
  sortFindings(Findings);
  RiskAssessment Change;
  assessRisk(Findings, Ctx, Change);
  if (Overall)
    *Overall = std::move(Change);
  return Findings;
}

} // namespace riskguard
