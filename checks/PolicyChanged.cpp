//===- PolicyChanged.cpp - policy-changed ---------------------------------===//
//
// The policy or CODEOWNERS decides what is tier-1 and who approves, so a
// change to either needs an approval from an owner of every domain it may
// affect: riskguard cannot tell which, so every domain, with its owners as
// the base has them (a change cannot name the owners who approve it).
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
  for (const auto &Entry : Ctx.BaseRules.Domains)
    Domains.insert(Entry.first);

  for (const FileChange &FC : Ctx.Changes.Files) {
    if (!Watched.count(FC.NewPath) && !Watched.count(FC.OldPath))
      continue;
    std::vector<std::string> Missing, By;
    for (const std::string &D : Domains) {
      const std::vector<std::string> &Owners =
          Ctx.BaseRules.Domains.at(D).Owners;
      if (std::optional<std::string> Who = ownerApproval(Owners, Ctx))
        By.push_back(*Who + " for " + D);
      else
        Missing.push_back(D);
    }
    Finding F = makeFinding(RuleId, FC.path(), 1, 1);
    std::string What = "'" + FC.path() + "' changed: it decides what is " +
                       "tier-1 and who must approve";
    if (Domains.empty()) {
      F.Message = What + "; the base declares no domain with owners, so "
                         "nobody can approve it: declare 'domains' with "
                         "'owners' first";
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
