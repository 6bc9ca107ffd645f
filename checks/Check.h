//===- Check.h - The interface every rule implements ------------*- C++ -*-===//
#ifndef RISKGUARD_CHECKS_CHECK_H
#define RISKGUARD_CHECKS_CHECK_H

#include "analysis/Analyzer.h"
#include "analysis/Finding.h"
#include "policy/Policy.h"
#include "llvm/ADT/ArrayRef.h"
#include <memory>

namespace riskguard {

/// What a rule looks at.
struct CheckContext {
  const AnalysisResult &Analysis;
  const Policy &Rules;
};

/// One rule of checks/Checks.def.
class Check {
public:
  virtual ~Check() = default;
  /// Appends this rule's findings for the analyzed change.
  virtual void run(const CheckContext &Ctx,
                   std::vector<Finding> &Out) const = 0;
};

/// A rule's stable id, default severity and one-line summary.
struct RuleInfo {
  llvm::StringRef Id;
  Severity Level;
  llvm::StringRef Summary;
};

/// Every rule, in the order of Checks.def.
llvm::ArrayRef<RuleInfo> allRules();

/// One instance of every rule.
std::vector<std::unique_ptr<Check>> createChecks();

/// Runs every rule and returns the findings sorted.
std::vector<Finding> runChecks(const CheckContext &Ctx);

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
