//===- Check.cpp - The rule registry --------------------------------------===//
#include "checks/Check.h"

namespace riskguard {

llvm::ArrayRef<RuleInfo> allRules() {
  static const RuleInfo Rules[] = {
#define RISKGUARD_CHECK(Id, Class, Level, Summary) {Id, Severity::Level, Summary},
#include "checks/Checks.def"
  };
  return Rules;
}

std::vector<std::unique_ptr<Check>> createChecks() {
  std::vector<std::unique_ptr<Check>> Checks;
#define RISKGUARD_CHECK(Id, Class, Level, Summary)                             \
  Checks.push_back(std::make_unique<Class>());
#include "checks/Checks.def"
  return Checks;
}

std::vector<Finding> runChecks(const CheckContext &Ctx) {
  std::vector<Finding> Findings;
  for (const auto &C : createChecks())
    C->run(Ctx, Findings);
  sortFindings(Findings);
  return Findings;
}

} // namespace riskguard
