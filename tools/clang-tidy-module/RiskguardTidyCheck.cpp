//===- RiskguardTidyCheck.cpp - Facts-based clang-tidy checks -------------===//
#include "RiskguardTidyCheck.h"
#include "analysis/Tier.h"
#include "checks/Check.h"
#include "checks/FileChecks.h"
#include "repo/Repository.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"

using namespace clang;
using namespace clang::ast_matchers;

namespace riskguard {
namespace tidy {

namespace {

/// \p Name made absolute against \p WorkingDir, symlinks resolved, as
/// PathMapper expects the repository root.
std::string absolute(llvm::StringRef Name, llvm::StringRef WorkingDir) {
  llvm::SmallString<256> Abs(Name);
  if (!llvm::sys::path::is_absolute(Abs) && !WorkingDir.empty()) {
    Abs = WorkingDir;
    llvm::sys::path::append(Abs, Name);
  }
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Abs, Real))
    return std::string(Real);
  return std::string(Abs);
}

/// The directory relative file names of the parse are relative to.
std::string workingDirOf(const SourceManager &SM) {
  FileManager &FM = SM.getFileManager();
  if (!FM.getFileSystemOpts().WorkingDir.empty())
    return FM.getFileSystemOpts().WorkingDir;
  if (auto Dir = FM.getVirtualFileSystem().getCurrentWorkingDirectory())
    return *Dir;
  return {};
}

/// The absolute path of the translation unit's main file.
std::string mainFileOf(const SourceManager &SM, llvm::StringRef WorkingDir) {
  if (OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID()))
    return absolute(Main->getName(), WorkingDir);
  return {};
}

/// The work tree holding \p MainFile and its policy. Files of the build
/// directory are not the project's, as for the CLI.
TidyWorkspace openTidyWorkspace(llvm::StringRef MainFile,
                                llvm::StringRef BuildDir,
                                llvm::StringRef PolicyFile) {
  TidyWorkspace W;
  llvm::StringRef Dir = llvm::sys::path::parent_path(MainFile);
  if (auto Repo = Repository::open(Dir))
    W.Root = (*Repo)->root().str();
  else {
    llvm::consumeError(Repo.takeError());
    W.Root = Dir.str();
  }
  W.Root = absolute(W.Root, {});
  std::vector<std::string> Excluded;
  if (!BuildDir.empty()) {
    std::string Build = absolute(BuildDir, {});
    if (Build != W.Root && llvm::StringRef(Build).starts_with(W.Root + "/"))
      Excluded.push_back(Build);
  }
  W.Paths = std::make_unique<PathMapper>(W.Root, std::move(Excluded));

  std::string Path = PolicyFile.str(), Display = PolicyFile.str();
  if (Path.empty() && llvm::sys::fs::exists(W.Root + "/.riskguard.json")) {
    Path = W.Root + "/.riskguard.json";
    Display = ".riskguard.json";
  }
  if (Path.empty())
    return W;
  if (llvm::Expected<Policy> P = loadPolicy(Path, Display))
    W.Rules = std::move(*P);
  else
    W.PolicyError = llvm::toString(P.takeError());
  return W;
}

/// Parses \p MainFile as it was at base (the files of \p Base laid over the
/// working tree) with the options of the parse clang-tidy just did, so no
/// compile database is needed. Returns nullopt when the base does not parse.
std::optional<TUFacts> parseAtBase(ASTContext &Ctx, Preprocessor &PP,
                                   llvm::StringRef MainFile,
                                   llvm::StringRef WorkingDir,
                                   const Snapshot &Base,
                                   const TidyWorkspace &W) {
  auto Inv = std::make_shared<CompilerInvocation>();
  Inv->getLangOpts() = Ctx.getLangOpts();
  Inv->getHeaderSearchOpts() = PP.getHeaderSearchInfo().getHeaderSearchOpts();
  Inv->getPreprocessorOpts().Macros = PP.getPreprocessorOpts().Macros;
  Inv->getPreprocessorOpts().Includes = PP.getPreprocessorOpts().Includes;
  Inv->getTargetOpts() = Ctx.getTargetInfo().getTargetOpts();
  Inv->getFileSystemOpts().WorkingDir = WorkingDir.str();
  Inv->getDiagnosticOpts().IgnoreWarnings = true;
  FrontendOptions &FE = Inv->getFrontendOpts();
  FE.Inputs.clear();
  FE.Inputs.emplace_back(
      MainFile,
      InputKind(Ctx.getLangOpts().CPlusPlus ? Language::CXX : Language::C));
  FE.ProgramAction = frontend::ParseSyntaxOnly;

  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  for (const auto &[Path, Contents] : Base)
    if (Contents)
      Memory->addFile(
          W.Root + "/" + Path, 0,
          llvm::MemoryBuffer::getMemBufferCopy(*Contents, W.Root + "/" + Path));
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::vfs::getRealFileSystem());
  FS->pushOverlay(Memory);
  FS->setCurrentWorkingDirectory(WorkingDir);

  CompilerInstance CI;
  CI.setInvocation(std::move(Inv));
  // Errors at base are the CLI's business (analysis-incomplete); here they
  // only mean there is nothing to compare with.
  CI.createDiagnostics(new IgnoringDiagConsumer(), /*ShouldOwnClient=*/true);
  CI.createFileManager(FS);
  TUFacts Facts;
  std::unique_ptr<FrontendAction> Action = createFactsAction(*W.Paths, Facts);
  if (!CI.ExecuteAction(*Action) || CI.getDiagnostics().hasErrorOccurred())
    return std::nullopt;
  return Facts;
}

/// The same function at base: by USR, else by a unique name (a static
/// function keeps its name when its USR changes), as the CLI matches.
const FunctionFacts *matchAtBase(const TUFacts &Base, const FunctionFacts &F) {
  const FunctionFacts *ByName = nullptr;
  unsigned Named = 0;
  for (const FunctionFacts &B : Base.Functions) {
    if (B.USR == F.USR)
      return &B;
    if (B.Name == F.Name) {
      ByName = &B;
      ++Named;
    }
  }
  return Named == 1 ? ByName : nullptr;
}

/// "a, b, c".
std::string commaList(llvm::ArrayRef<std::string> Names) {
  std::string S;
  for (size_t I = 0; I < Names.size(); ++I)
    S += (I ? ", " : "") + Names[I];
  return S;
}

} // namespace

FactsCheck::FactsCheck(llvm::StringRef Name,
                       clang::tidy::ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), TidyContext(Context),
      PolicyFile(Options.get("Policy", "")) {}

void FactsCheck::storeOptions(clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "Policy", PolicyFile);
}

void FactsCheck::registerPPCallbacks(const SourceManager &, Preprocessor *PP,
                                     Preprocessor *) {
  // Macro definitions are part of a function's logic: the extractor reads
  // them from the preprocessor, which lives until the matchers have run.
  this->PP = PP;
}

void FactsCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void FactsCheck::check(const MatchFinder::MatchResult &Result) {
  if (!PP)
    return;
  ASTContext &Ctx = *Result.Context;
  const SourceManager &SM = Ctx.getSourceManager();
  std::string WorkingDir = workingDirOf(SM);
  std::string MainFile = mainFileOf(SM, WorkingDir);
  if (MainFile.empty())
    return;
  TidyWorkspace W = openTidyWorkspace(
      MainFile, TidyContext->getCurrentBuildDirectory(), PolicyFile);
  if (!W.PolicyError.empty()) {
    diag(SM.getLocForStartOfFile(SM.getMainFileID()),
         "cannot read the riskguard policy: %0")
        << W.PolicyError;
    return;
  }
  TUFacts Facts;
  extractFacts(Ctx, *PP, *W.Paths, WorkingDir, Facts);
  checkFacts(Ctx, Facts, W);
}

SourceLocation FactsCheck::locate(ASTContext &Ctx, const TidyWorkspace &W,
                                  llvm::StringRef File, unsigned Line,
                                  unsigned Column) const {
  SourceManager &SM = Ctx.getSourceManager();
  llvm::Expected<FileEntryRef> FE =
      SM.getFileManager().getFileRef((W.Root + "/" + File).str());
  if (!FE) {
    llvm::consumeError(FE.takeError());
    return {};
  }
  return SM.translateFileLineCol(*FE, Line, std::max(Column, 1u));
}

void AnnotationInvalidCheck::checkFacts(ASTContext &Ctx, const TUFacts &Facts,
                                        const TidyWorkspace &W) {
  // Every annotation the TU reads is in scope: clang-tidy's header filter
  // decides which files' diagnostics are shown.
  findInvalidAnnotations(
      Facts.Annotations, W.Rules, [](const AnnotationFacts &) { return true; },
      [&](const AnnotationFacts &A, std::string Message, llvm::StringRef) {
        SourceLocation Loc = locate(Ctx, W, A.File, A.Line, A.Column);
        if (Loc.isValid())
          diag(Loc, "%0") << Message;
      });
}

void MoneyFloatingPointCheck::checkFacts(ASTContext &Ctx, const TUFacts &Facts,
                                         const TidyWorkspace &W) {
  // In the editor every tier-1 function is judged, changed or not: that is
  // where the money type is chosen.
  auto Reporter = [&](const std::string &File) {
    return [&, File](const FloatingValue &V, std::string Message,
                     llvm::StringRef) {
      SourceLocation Loc = locate(Ctx, W, File, V.Line, V.Column);
      if (Loc.isValid())
        diag(Loc, "%0") << Message;
    };
  };
  for (const FunctionFacts &F : Facts.Functions)
    if (resolveTier(F, W.Rules).isTier1() && !isTestFunction(F, W.Rules))
      findMoneyInFunction(F, W.Rules, Reporter(F.File));
  Program Head{llvm::ArrayRef<TUFacts>(Facts)};
  for (const ClassFacts &C : Facts.Classes)
    findMoneyInClass(C, Head, W.Rules, Reporter(C.File));
}

Tier1ChangeCheck::Tier1ChangeCheck(llvm::StringRef Name,
                                   clang::tidy::ClangTidyContext *Context)
    : FactsCheck(Name, Context), BaseRef(Options.get("BaseRef", "")) {}

void Tier1ChangeCheck::storeOptions(
    clang::tidy::ClangTidyOptions::OptionMap &Opts) {
  FactsCheck::storeOptions(Opts);
  Options.store(Opts, "BaseRef", BaseRef);
}

void Tier1ChangeCheck::checkFacts(ASTContext &Ctx, const TUFacts &Facts,
                                  const TidyWorkspace &W) {
  std::vector<std::pair<const FunctionFacts *, Tier>> Tier1;
  for (const FunctionFacts &F : Facts.Functions) {
    Tier T = resolveTier(F, W.Rules);
    if (T.isTier1() && !isTestFunction(F, W.Rules))
      Tier1.push_back({&F, T});
  }
  if (Tier1.empty())
    return;

  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Start = SM.getLocForStartOfFile(SM.getMainFileID());
  std::string Rev = !BaseRef.empty()        ? BaseRef
                    : !W.Rules.Base.empty() ? W.Rules.Base
                                            : std::string("HEAD~1");
  llvm::Expected<std::unique_ptr<Repository>> Repo = Repository::open(W.Root);
  if (!Repo) {
    diag(Start, "cannot compare tier-1 code with %0: %1")
        << Rev << llvm::toString(Repo.takeError());
    return;
  }
  llvm::Expected<Snapshot> Base = (*Repo)->snapshot(Rev);
  if (!Base) {
    diag(Start, "cannot compare tier-1 code with %0: %1 (set the BaseRef "
                "option of riskguard-tier1-change)")
        << Rev << llvm::toString(Base.takeError());
    return;
  }

  // Parse the base only when a file with tier-1 code that exists at base
  // differs from it; a file the base lacks holds only new functions.
  auto AtBase = [&](const std::string &File) -> std::optional<bool> {
    auto It = Base->find(File);
    if (It == Base->end())
      return std::nullopt; // Unchanged.
    return It->second.has_value();
  };
  bool NeedsParse = llvm::any_of(Tier1, [&](const auto &Entry) {
    return AtBase(Entry.first->File).value_or(false);
  });
  bool Differs = llvm::any_of(Tier1, [&](const auto &Entry) {
    return AtBase(Entry.first->File).has_value();
  });
  if (!Differs)
    return;
  std::string WorkingDir = workingDirOf(SM);
  std::string MainFile = mainFileOf(SM, WorkingDir);
  std::optional<std::string> MainRel = W.Paths->relative(MainFile);
  // A main file the base lacks cannot be parsed at base: its headers'
  // functions are left to riskguard check, which parses their other users.
  bool MainAtBase = !MainRel || AtBase(*MainRel).value_or(true);
  std::optional<TUFacts> BaseFacts;
  if (NeedsParse && MainAtBase)
    BaseFacts = parseAtBase(Ctx, *PP, MainFile, WorkingDir, *Base, W);
  if (NeedsParse && MainAtBase && !BaseFacts) {
    diag(Start, "cannot compare tier-1 code with %0: this file does not "
                "parse at %0; run riskguard check for the full analysis")
        << Rev;
    return;
  }

  AnalysisResult NoAnalysis;
  CheckContext CheckCtx(NoAnalysis, W.Rules);
  for (const auto &[F, T] : Tier1) {
    std::optional<bool> Existed = AtBase(F->File);
    if (!Existed || (*Existed && !BaseFacts))
      continue;
    const FunctionFacts *Old =
        *Existed && BaseFacts ? matchAtBase(*BaseFacts, *F) : nullptr;
    if (Old && Old->TokenHash == F->TokenHash)
      continue;
    std::vector<std::string> Needs;
    switch (W.Rules.Tests) {
    case TestRequirement::Changed:
      Needs.push_back("a test that reaches it to change too");
      break;
    case TestRequirement::Exists:
      Needs.push_back("a test that reaches it");
      break;
    case TestRequirement::None:
      break;
    }
    ApprovalRequirement R = approvalRequirement(*F, T.Domain, CheckCtx);
    if (R.Need)
      Needs.push_back(std::to_string(R.Need) +
                      (R.Need == 1 ? " approval" : " approvals"));
    if (R.NeedsOwner)
      Needs.push_back(R.Owners.empty()
                          ? std::string("an owner's approval (no owner is "
                                        "named: add RG_OWNERS or the "
                                        "domain's owners)")
                          : "approval by an owner (" + commaList(R.Owners) +
                                ")");
    std::string Message =
        "tier-1 function '" + F->Name + "' (domain '" + T.Domain + "') " +
        (Old ? "changed in logic since " : "is new since ") + Rev;
    if (Needs.empty())
      Message += "; the policy asks nothing more of the merge";
    else
      Message += ": the merge will need " + commaList(Needs);
    if (W.Rules.Tests != TestRequirement::None)
      Message += "; run riskguard check to see the tests that reach it";
    SourceLocation Loc = locate(Ctx, W, F->File, F->Line, F->Column);
    if (Loc.isValid())
      diag(Loc, "%0") << Message;
  }
}

} // namespace tidy
} // namespace riskguard
