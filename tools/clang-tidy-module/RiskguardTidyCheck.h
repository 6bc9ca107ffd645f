//===- RiskguardTidyCheck.h - Facts-based clang-tidy checks -----*- C++ -*-===//
//
// The clang-tidy checks are thin adapters: they extract the same facts the
// CLI extracts (core/facts), resolve tiers with core/analysis and judge with
// the functions of checks/, so the editor and the CI gate cannot disagree
// about what a rule means.
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_TOOLS_CLANG_TIDY_MODULE_RISKGUARDTIDYCHECK_H
#define RISKGUARD_TOOLS_CLANG_TIDY_MODULE_RISKGUARDTIDYCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "facts/Extractor.h"
#include "facts/Facts.h"
#include "policy/Policy.h"
#include <memory>
#include <optional>

namespace riskguard {
namespace tidy {

/// The repository and policy the file being checked belongs to.
struct TidyWorkspace {
  std::string WorkingDir; ///< What the parse's relative names are under.
  std::string MainFile;   ///< The translation unit's, absolute.
  std::string Root;       ///< The git work tree (else the file's directory).
  std::unique_ptr<PathMapper> Paths;
  Policy Rules;
  std::string PolicyError; ///< Why the policy could not be read, if so.
};

/// A check that reads the facts of the translation unit once it is parsed.
/// Subclasses judge them in checkFacts().
class FactsCheck : public clang::tidy::ClangTidyCheck {
public:
  FactsCheck(llvm::StringRef Name, clang::tidy::ClangTidyContext *Context);

  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const clang::SourceManager &SM,
                           clang::Preprocessor *PP,
                           clang::Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(clang::ast_matchers::MatchFinder *Finder) override;
  void
  check(const clang::ast_matchers::MatchFinder::MatchResult &Result) override;

protected:
  /// Judges the facts of the translation unit in \p Ctx.
  virtual void checkFacts(clang::ASTContext &Ctx, const TUFacts &Facts,
                          const TidyWorkspace &W) = 0;

  /// Where a repo-relative File:Line:Column is in \p Ctx; invalid when the
  /// translation unit did not read that file.
  clang::SourceLocation locate(clang::ASTContext &Ctx, const TidyWorkspace &W,
                               llvm::StringRef File, unsigned Line,
                               unsigned Column) const;

  clang::Preprocessor *PP = nullptr;
  /// For the build directory, whose generated files are not the project's.
  clang::tidy::ClangTidyContext *TidyContext;
  /// The policy file; empty: .riskguard.json at the repository root.
  const std::string PolicyFile;
};

/// riskguard-annotation-invalid: a riskguard annotation is malformed or sits
/// where it cannot apply.
class AnnotationInvalidCheck : public FactsCheck {
public:
  using FactsCheck::FactsCheck;

protected:
  void checkFacts(clang::ASTContext &Ctx, const TUFacts &Facts,
                  const TidyWorkspace &W) override;
};

/// riskguard-money-floating-point: a `float` or `double` holds money in
/// tier-1 code.
class MoneyFloatingPointCheck : public FactsCheck {
public:
  using FactsCheck::FactsCheck;

protected:
  void checkFacts(clang::ASTContext &Ctx, const TUFacts &Facts,
                  const TidyWorkspace &W) override;
};

/// riskguard-tier1-change: a tier-1 function differs in logic from itself at
/// BaseRef, or is new since then; says, on the first changed line of its
/// body, what the merge will need.
class Tier1ChangeCheck : public FactsCheck {
public:
  Tier1ChangeCheck(llvm::StringRef Name,
                   clang::tidy::ClangTidyContext *Context);
  void storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) override;

protected:
  void checkFacts(clang::ASTContext &Ctx, const TUFacts &Facts,
                  const TidyWorkspace &W) override;

private:
  /// The revision to compare with; empty: the policy's base, else HEAD~1.
  const std::string BaseRef;
};

} // namespace tidy
} // namespace riskguard

#endif
