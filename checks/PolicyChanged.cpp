//===- PolicyChanged.cpp - policy-changed ---------------------------------===//
//
// The policy or CODEOWNERS decides what is tier-1 and who approves, so a
// change to either needs an approval from an owner of every domain it may
// affect: riskguard cannot tell which, so every domain of the base and head
// policies.
//
//===----------------------------------------------------------------------===//
#include "checks/Check.h"
#include <set>

namespace riskguard {

void PolicyChanged::run(const CheckContext &Ctx,
                        std::vector<Finding> &Out) const {
  std::set<std::string> Watched = {Ctx.Review.PolicyFile, Ctx.Review.OwnersFile,
                                   "CODEOWNERS", ".github/CODEOWNERS",
                                   "docs/CODEOWNERS"};
  Watched.erase("");
  std::set<std::string> Domains;
  for (const Policy *P : {&Ctx.BaseRules, &Ctx.Rules})
    for (const auto &Entry : P->Domains)
      Domains.insert(Entry.first);

  for (const FileChange &FC : Ctx.Changes.Files) {
    if (!Watched.count(FC.NewPath) && !Watched.count(FC.OldPath))
      continue;
    std::vector<std::string> Missing, By;
    for (const std::string &D : Domains) {
      std::vector<std::string> Owners;
      for (const Policy *P : {&Ctx.BaseRules, &Ctx.Rules}) {
        auto It = P->Domains.find(D);
        if (It != P->Domains.end())
          Owners.insert(Owners.end(), It->second.Owners.begin(),
                        It->second.Owners.end());
      }
      if (std::optional<std::string> Who = ownerApproval(Owners, Ctx))
        By.push_back(*Who + " for " + D);
      else
        Missing.push_back(D);
    }
    Finding F;
    F.Rule = RuleId.str();
    F.File = FC.path();
    F.Line = F.Column = F.EndLine = 1;
    std::string What = "'" + FC.path() + "' changed: it decides what is " +
                       "tier-1 and who must approve";
    if (Domains.empty()) {
      F.Message = What + "; no domain with owners is declared, so nobody can "
                         "approve it: declare 'domains' with 'owners'";
    } else if (Missing.empty()) {
      F.Level = Severity::Note;
      F.Blocking = false;
      F.Message = What + "; approved by " + listNames(By);
    } else {
      F.Message = What + "; needs an approval from an owner of every domain " +
                  "it may affect, missing: " + listNames(Missing);
    }
    setFingerprint(F, F.File);
    Out.push_back(std::move(F));
  }
}

} // namespace riskguard
