//===- RiskguardPlugin.cpp - Facts as a by-product of the build -----------===//
//
//   clang++-19 -fplugin=libriskguard-plugin.so \
//       -fplugin-arg-riskguard-facts-dir=DIR [-fplugin-arg-riskguard-root=DIR]
//       [-fplugin-arg-riskguard-exclude=DIR]... -c f.cc
//
// Runs after the main action (code generation is untouched) and writes the
// facts of the translation unit to DIR, one file per TU, as
// `riskguard check --facts-dir DIR` reads them. The facts are those the CLI
// extracts (core/facts), so a build with the plugin saves CI a second parse.
// Each file also records the repo-relative path and contents hash of every
// project file the TU read, which is how a reader on any checkout tells
// whether the facts still describe its sources.
//
//===----------------------------------------------------------------------===//
#include "facts/Extractor.h"
#include "facts/FactsIO.h"
#include "repo/Repository.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

using namespace clang;

namespace riskguard {
namespace {

/// \p Path made absolute against \p WorkingDir, symlinks resolved.
std::string absolutePath(llvm::StringRef Path, llvm::StringRef WorkingDir) {
  llvm::SmallString<256> Abs(Path);
  if (!llvm::sys::path::is_absolute(Abs)) {
    Abs = WorkingDir;
    llvm::sys::path::append(Abs, Path);
  }
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Abs, Real))
    return std::string(Real);
  return std::string(Abs);
}

/// The compiler's working directory (-working-directory, else the cwd).
std::string currentDir(CompilerInstance &CI) {
  if (!CI.getFileSystemOpts().WorkingDir.empty())
    return CI.getFileSystemOpts().WorkingDir;
  if (auto Dir = CI.getVirtualFileSystem().getCurrentWorkingDirectory())
    return *Dir;
  return ".";
}

/// Where the plugin puts facts and which files are the project's.
struct PluginOptions {
  std::string FactsDir;
  std::string Root; ///< Empty: the git work tree holding the main file.
  std::vector<std::string> Excluded;
};

/// Extracts the facts, then writes them when the TU is done.
class FactsWriter : public ASTConsumer {
public:
  FactsWriter(CompilerInstance &CI, PluginOptions Options,
              std::unique_ptr<PathMapper> Paths)
      : CI(CI), Options(std::move(Options)), Paths(std::move(Paths)),
        Extract(createFactsConsumer(CI, *this->Paths, Facts)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    Extract->HandleTranslationUnit(Ctx);
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    // A TU with errors produces no object file either; its facts would only
    // describe code that does not build.
    if (Diags.hasErrorOccurred() || Facts.MainFile.empty())
      return;
    if (std::error_code EC =
            llvm::sys::fs::create_directories(Options.FactsDir)) {
      report("cannot create facts directory '" + Options.FactsDir +
             "': " + EC.message());
      return;
    }
    // One file per TU: a file compiled twice (two targets) gets two, told
    // apart by the object file they belong to.
    std::string Key = Facts.MainFile + "\n" + CI.getFrontendOpts().OutputFile;
    std::string Name = Facts.MainFile;
    std::replace(Name.begin(), Name.end(), '/', '_');
    std::string Path =
        (Options.FactsDir + "/" + Name + "." +
         llvm::utohexstr(llvm::xxh3_64bits(Key), /*LowerCase=*/true) +
         ".facts.json");
    if (llvm::Error E = writeFactsFile(Facts, inputs(), Path))
      report(llvm::toString(std::move(E)));
  }

private:
  /// The contents the compiler read of each project file, so that a reader
  /// can tell whether the facts still describe the sources. System headers
  /// are left out: facts stay valid on a machine with other ones.
  std::vector<FactsInput> inputs() {
    SourceManager &SM = CI.getSourceManager();
    std::string WorkingDir = currentDir(CI);
    std::vector<FactsInput> Inputs;
    for (auto It = SM.fileinfo_begin(), E = SM.fileinfo_end(); It != E; ++It) {
      std::optional<std::string> Rel =
          Paths->relative(It->first.getName(), WorkingDir);
      if (!Rel || !llvm::is_contained(Facts.Files, *Rel))
        continue;
      std::optional<llvm::MemoryBufferRef> Buf =
          SM.getMemoryBufferForFileOrNone(It->first);
      if (!Buf)
        continue; // Unverifiable: the reader then parses.
      Inputs.push_back({std::move(*Rel), contentHash(Buf->getBuffer())});
    }
    llvm::sort(Inputs, [](const FactsInput &A, const FactsInput &B) {
      return A.Path < B.Path;
    });
    Inputs.erase(llvm::unique(Inputs,
                              [](const FactsInput &A, const FactsInput &B) {
                                return A.Path == B.Path;
                              }),
                 Inputs.end());
    return Inputs;
  }

  void report(llvm::StringRef Message) {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    unsigned ID =
        Diags.getCustomDiagID(DiagnosticsEngine::Error, "riskguard plugin: %0");
    Diags.Report(ID) << Message;
  }

  CompilerInstance &CI;
  PluginOptions Options;
  std::unique_ptr<PathMapper> Paths;
  TUFacts Facts;
  std::unique_ptr<ASTConsumer> Extract;
};

/// The `riskguard` plugin action.
class FactsPluginAction : public PluginASTAction {
protected:
  std::unique_ptr<ASTConsumer>
  CreateASTConsumer(CompilerInstance &CI, llvm::StringRef InFile) override {
    std::string WorkingDir = currentDir(CI);
    PluginOptions O = Options;
    O.FactsDir = absolutePath(O.FactsDir, WorkingDir);
    if (O.Root.empty()) {
      std::string Main = absolutePath(InFile, WorkingDir);
      if (auto Repo = Repository::open(llvm::sys::path::parent_path(Main)))
        O.Root = (*Repo)->root().str();
      else {
        llvm::consumeError(Repo.takeError());
        O.Root = WorkingDir;
      }
    }
    O.Root = absolutePath(O.Root, WorkingDir);
    for (std::string &Dir : O.Excluded)
      Dir = absolutePath(Dir, WorkingDir);
    // The facts themselves are never project files.
    O.Excluded.push_back(O.FactsDir);
    auto Paths = std::make_unique<PathMapper>(O.Root, O.Excluded);
    return std::make_unique<FactsWriter>(CI, std::move(O), std::move(Paths));
  }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    // clang drops a plugin whose arguments it rejects without a word and
    // the build succeeds without facts: say so as an error instead.
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    auto Error = [&](llvm::StringRef Message) {
      unsigned ID = Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                          "riskguard plugin: %0");
      Diags.Report(ID) << Message;
      return false;
    };
    for (const std::string &Arg : Args) {
      auto [Key, Value] = llvm::StringRef(Arg).split('=');
      if (!llvm::StringRef(Arg).contains('=') || Value.empty())
        return Error("argument '" + Arg +
                     "' needs a value: -fplugin-arg-riskguard-" + Key.str() +
                     "=VALUE");
      if (Key == "facts-dir")
        Options.FactsDir = Value.str();
      else if (Key == "root")
        Options.Root = Value.str();
      else if (Key == "exclude")
        Options.Excluded.push_back(Value.str());
      else
        return Error("unknown argument '" + Arg +
                     "': expected facts-dir=DIR, root=DIR or exclude=DIR");
    }
    if (Options.FactsDir.empty())
      return Error("no facts directory: pass "
                   "-fplugin-arg-riskguard-facts-dir=DIR");
    return true;
  }

  // After the main action: the object file is produced exactly as without
  // the plugin, and a plain -fplugin= (no -plugin) is enough.
  ActionType getActionType() override { return AddAfterMainAction; }

private:
  PluginOptions Options;
};

} // namespace
} // namespace riskguard

static FrontendPluginRegistry::Add<riskguard::FactsPluginAction>
    X("riskguard", "write riskguard facts for each translation unit");
