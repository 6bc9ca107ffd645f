//===- Extractor.h - Facts from a Clang AST ---------------------*- C++ -*-===//
#ifndef RISKGUARD_CORE_FACTS_EXTRACTOR_H
#define RISKGUARD_CORE_FACTS_EXTRACTOR_H

#include "facts/Facts.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTConsumer;
class FrontendAction;
class ASTContext;
class CompilerInstance;
class Preprocessor;
} // namespace clang

namespace riskguard {

/// Maps file names seen by the compiler to repo-relative paths.
class PathMapper {
public:
  /// \p Root is the absolute, symlink-free repo root; files under any of
  /// \p Excluded (absolute, e.g. the build directory) are not project files.
  PathMapper(std::string Root, std::vector<std::string> Excluded = {});

  /// Repo-relative path of \p Name (absolute, or relative to \p WorkingDir),
  /// or nullopt when it is not a project file.
  std::optional<std::string> relative(llvm::StringRef Name,
                                      llvm::StringRef WorkingDir = {}) const;

  llvm::StringRef root() const { return Root; }
  /// The directories whose files are not project files (the build's).
  llvm::ArrayRef<std::string> excluded() const { return Excluded; }

private:
  std::string Root;
  std::vector<std::string> Excluded;
};

/// An AST consumer that fills \p Out with the facts of the translation unit
/// that \p CI compiles. Both must outlive the consumer.
std::unique_ptr<clang::ASTConsumer>
createFactsConsumer(clang::CompilerInstance &CI, const PathMapper &Paths,
                    TUFacts &Out);

/// A syntax-only frontend action that fills \p Out with the facts of the
/// translation unit it parses; both arguments must outlive it.
std::unique_ptr<clang::FrontendAction>
createFactsAction(const PathMapper &Paths, TUFacts &Out);

/// Fills \p Out with the facts of the translation unit parsed into \p Ctx,
/// whose relative file names are relative to \p WorkingDir. For frontends
/// that own no CompilerInstance (a clang-tidy check): \p PP must still hold
/// the TU's macro history, since macro definitions are part of a function's
/// logic.
void extractFacts(clang::ASTContext &Ctx, clang::Preprocessor &PP,
                  const PathMapper &Paths, llvm::StringRef WorkingDir,
                  TUFacts &Out);

/// Whether \p Path names a C or C++ source or header by its extension.
bool isCppFile(const std::string &Path);

/// The annotations of many translation units, each once (a header's are
/// seen by every TU that includes it), sorted as in TUFacts.
std::vector<AnnotationFacts> mergeAnnotations(const std::vector<TUFacts> &TUs);

/// The classes of many translation units, one per USR (the definition with
/// the smallest File, Line), with the methods any TU saw; sorted as in
/// TUFacts.
std::vector<ClassFacts> mergeClasses(const std::vector<TUFacts> &TUs);

} // namespace riskguard

#endif
