//===- RiskguardTidyModule.cpp - The riskguard clang-tidy module ----------===//
//
// Loaded with `clang-tidy --load libriskguard-tidy.so`. The module object is
// all that must exist: clang-tidy finds it through its registry, and its
// classes come from the clang-tidy executable at load time.
//
//===----------------------------------------------------------------------===//
#include "RiskguardTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace riskguard {
namespace tidy {

/// Registers the riskguard-* checks of checks/TidyChecks.def.
class RiskguardModule : public clang::tidy::ClangTidyModule {
public:
  void
  addCheckFactories(clang::tidy::ClangTidyCheckFactories &Factories) override {
#define RISKGUARD_TIDY_CHECK(Id, Class, RuleId, Summary)                       \
  Factories.registerCheck<Class>(Id);
#include "checks/TidyChecks.def"
  }
};

} // namespace tidy
} // namespace riskguard

static clang::tidy::ClangTidyModuleRegistry::Add<
    riskguard::tidy::RiskguardModule>
    X("riskguard-module", "Checks for risky changes to tier-1 code.");
