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

/// Registers the riskguard-* checks.
class RiskguardModule : public clang::tidy::ClangTidyModule {
public:
  void
  addCheckFactories(clang::tidy::ClangTidyCheckFactories &Factories) override {
    Factories.registerCheck<AnnotationInvalidCheck>(
        "riskguard-annotation-invalid");
    Factories.registerCheck<MoneyFloatingPointCheck>(
        "riskguard-money-floating-point");
    Factories.registerCheck<Tier1ChangeCheck>("riskguard-tier1-change");
  }
};

} // namespace tidy
} // namespace riskguard

static clang::tidy::ClangTidyModuleRegistry::Add<
    riskguard::tidy::RiskguardModule>
    X("riskguard-module", "Checks for risky changes to tier-1 code.");
