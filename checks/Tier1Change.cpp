//===- Tier1Change.cpp - What the editor says of a tier-1 change ----------===//
#include "checks/Tier1Change.h"
#include "checks/Check.h"

namespace riskguard {

std::string approvalCount(unsigned N) {
  return std::to_string(N) + (N == 1 ? " approval" : " approvals");
}

std::string anOwnerOf(llvm::ArrayRef<std::string> Owners) {
  return "an owner (" + listNames(Owners) + ")";
}

namespace {

/// What the merge will need of a change to \p C, each a phrase after "the
/// merge will need": the test the policy asks for, then the approvals.
std::vector<std::string> mergeNeeds(const Tier1Change &C, const Policy &P) {
  std::vector<std::string> Needs;
  switch (P.Tests) {
  case TestRequirement::Changed:
    Needs.push_back("a test that reaches it to change too");
    break;
  case TestRequirement::Exists:
    Needs.push_back("a test that reaches it");
    break;
  case TestRequirement::None:
    break;
  }
  // The editor knows no review yet: the requirement of the code alone.
  AnalysisResult NoAnalysis;
  CheckContext Ctx(NoAnalysis, P);
  ApprovalRequirement R = approvalRequirement(C.Function, C.Domain, Ctx);
  if (R.Need)
    Needs.push_back(approvalCount(R.Need));
  if (R.NeedsOwner)
    // CODEOWNERS is not read here: RG_OWNERS and the domain's owners are
    // what the editor can point to.
    Needs.push_back(R.Owners.empty()
                        ? std::string("an owner's approval (no owner is "
                                      "named: add RG_OWNERS or the "
                                      "domain's owners)")
                        : "approval by " + anOwnerOf(R.Owners));
  return Needs;
}

} // namespace

std::string tier1ChangeMessage(const Tier1Change &C, const Policy &P) {
  std::string Message =
      "tier-1 function '" + C.Function.Name + "' (domain '" + C.Domain.str() +
      "') " + (C.Added ? "is new since " : "changed in logic since ") +
      C.Since.str();
  std::vector<std::string> Needs = mergeNeeds(C, P);
  if (Needs.empty())
    Message += "; the policy asks nothing more of the merge";
  else
    Message += ": the merge will need " + listNames(Needs);
  if (P.Tests != TestRequirement::None)
    Message += "; run riskguard check to see the tests that reach it";
  return Message;
}

} // namespace riskguard
