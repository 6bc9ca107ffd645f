//===- RiskguardTidyCheck.cpp - Facts-based clang-tidy checks -------------===//
#include "RiskguardTidyCheck.h"
#include "analysis/ChangeSummary.h"
#include "analysis/Program.h"
#include "analysis/Tier.h"
#include "checks/FileChecks.h"
#include "checks/Tier1Change.h"
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

// The paths of the parse: the names clang-tidy gives files, made absolute
// and symlink-free as PathMapper expects.

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

/// The work tree holding the main file of \p SM and its policy; an empty
/// MainFile when the parse has none. Files of the build directory are not
/// the project's, as for the CLI.
TidyWorkspace openTidyWorkspace(const SourceManager &SM,
                                llvm::StringRef BuildDir,
                                llvm::StringRef PolicyFile) {
  TidyWorkspace W;
  W.WorkingDir = workingDirOf(SM);
  W.MainFile = mainFileOf(SM, W.WorkingDir);
  if (W.MainFile.empty())
    return W;
  llvm::StringRef Dir = llvm::sys::path::parent_path(W.MainFile);
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

/// Parses the main file as it was at base (the files of \p Base laid over
/// the working tree) with the options of the parse clang-tidy just did, so
/// no compile database is needed. Returns nullopt when the base does not
/// parse.
std::optional<TUFacts> parseAtBase(ASTContext &Ctx, Preprocessor &PP,
                                   const Snapshot &Base,
                                   const TidyWorkspace &W) {
  auto Inv = std::make_shared<CompilerInvocation>();
  Inv->getLangOpts() = Ctx.getLangOpts();
  Inv->getHeaderSearchOpts() = PP.getHeaderSearchInfo().getHeaderSearchOpts();
  Inv->getPreprocessorOpts().Macros = PP.getPreprocessorOpts().Macros;
  Inv->getPreprocessorOpts().Includes = PP.getPreprocessorOpts().Includes;
  Inv->getTargetOpts() = Ctx.getTargetInfo().getTargetOpts();
  Inv->getFileSystemOpts().WorkingDir = W.WorkingDir;
  Inv->getDiagnosticOpts().IgnoreWarnings = true;
  FrontendOptions &FE = Inv->getFrontendOpts();
  FE.Inputs.clear();
  FE.Inputs.emplace_back(
      W.MainFile,
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
  FS->setCurrentWorkingDirectory(W.WorkingDir);

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

/// The file \p File (repo-relative) as the parse opened it, if it did.
OptionalFileEntryRef fileRef(const SourceManager &SM, const TidyWorkspace &W,
                             llvm::StringRef File) {
  llvm::Expected<FileEntryRef> FE =
      SM.getFileManager().getFileRef((W.Root + "/" + File).str());
  if (!FE) {
    llvm::consumeError(FE.takeError());
    return std::nullopt;
  }
  return *FE;
}

/// The contents of \p File (repo-relative) as the parse read them; nullopt
/// when the translation unit did not read it.
std::optional<llvm::StringRef> parsedText(const SourceManager &SM,
                                          const TidyWorkspace &W,
                                          llvm::StringRef File) {
  OptionalFileEntryRef FE = fileRef(SM, W, File);
  if (!FE)
    return std::nullopt;
  FileID ID = SM.translateFile(*FE);
  bool Invalid = false;
  llvm::StringRef Text = ID.isValid() ? SM.getBufferData(ID, &Invalid) : "";
  if (ID.isInvalid() || Invalid)
    return std::nullopt;
  return Text;
}

/// Lines \p First to \p Last (1-based, closed) of \p Text, without the last
/// newline; empty when \p Text has fewer lines.
llvm::StringRef lineRange(llvm::StringRef Text, unsigned First, unsigned Last) {
  size_t Begin = 0;
  for (unsigned L = 1; L < First && Begin != llvm::StringRef::npos; ++L)
    if ((Begin = Text.find('\n', Begin)) != llvm::StringRef::npos)
      ++Begin;
  if (Begin == llvm::StringRef::npos)
    return {};
  size_t End = Begin;
  for (unsigned L = First; L <= Last && End != llvm::StringRef::npos; ++L)
    if ((End = Text.find('\n', End)) != llvm::StringRef::npos && L < Last)
      ++End;
  return Text.slice(Begin, End);
}

/// A tier-1 function of the translation unit, with its tier.
struct Tier1Function {
  const FunctionFacts *Facts;
  Tier T;
};

/// The functions of \p Facts that are tier-1 code and not tests.
std::vector<Tier1Function> tier1Functions(const TUFacts &Facts,
                                          const Policy &P) {
  std::vector<Tier1Function> Tier1;
  for (const FunctionFacts &F : Facts.Functions) {
    Tier T = resolveTier(F, P);
    if (T.isTier1() && !isTestFunction(F, P))
      Tier1.push_back({&F, T});
  }
  return Tier1;
}

/// The files that differ between \p Rev and the working tree, or what to
/// tell the user when the revision cannot be read.
llvm::Expected<Snapshot> snapshotAt(const TidyWorkspace &W,
                                    llvm::StringRef Rev) {
  auto Fail = [&](const std::string &Why) {
    return llvm::createStringError("cannot compare tier-1 code with " +
                                   Rev.str() + ": " + Why);
  };
  llvm::Expected<std::unique_ptr<Repository>> Repo = Repository::open(W.Root);
  if (!Repo)
    return Fail(llvm::toString(Repo.takeError()));
  llvm::Expected<Snapshot> Base = (*Repo)->snapshot(Rev);
  if (!Base)
    return Fail(llvm::toString(Base.takeError()) +
                " (set the BaseRef option of riskguard-tier1-change)");
  return Base;
}

/// How \p File (repo-relative) is at base: nullopt when it does not differ
/// from the working tree, else whether it exists there.
std::optional<bool> fileAtBase(const Snapshot &Base, llvm::StringRef File) {
  auto It = Base.find(File.str());
  if (It == Base.end())
    return std::nullopt;
  return It->second.has_value();
}

/// The functions of the translation unit at base, parsed only when a file
/// with tier-1 code that exists at base differs from it (a file the base
/// lacks holds only new functions); nullopt when nothing was parsed. An
/// error, in the check's words, when the main file does not parse at base.
llvm::Expected<std::optional<Program>>
functionsAtBase(ASTContext &Ctx, Preprocessor &PP,
                llvm::ArrayRef<Tier1Function> Tier1, const Snapshot &Base,
                llvm::StringRef Rev, const TidyWorkspace &W) {
  bool NeedsParse = llvm::any_of(Tier1, [&](const Tier1Function &T) {
    return fileAtBase(Base, T.Facts->File).value_or(false);
  });
  std::optional<std::string> MainRel = W.Paths->relative(W.MainFile);
  // A main file the base lacks cannot be parsed at base: its headers'
  // functions are left to riskguard check, which parses their other users.
  bool MainAtBase = !MainRel || fileAtBase(Base, *MainRel).value_or(true);
  if (!NeedsParse || !MainAtBase)
    return std::nullopt;
  std::optional<TUFacts> Facts = parseAtBase(Ctx, PP, Base, W);
  if (!Facts)
    return llvm::createStringError(
        "cannot compare tier-1 code with " + Rev.str() +
        ": this file does not parse at " + Rev.str() +
        "; run riskguard check for the full analysis");
  return Program(llvm::ArrayRef<TUFacts>(*Facts));
}

/// What the base revision has: its files that differ from the working
/// tree, and the functions of the translation unit when they were parsed.
struct BaseView {
  const Snapshot &Files;
  std::optional<Program> Functions;
  std::string Rev;
};

/// The contents of \p File (repo-relative) at base; nullopt when the base
/// lacks it or the parse did not read it (where it is unchanged).
std::optional<llvm::StringRef> textAtBase(const SourceManager &SM,
                                          const BaseView &Base,
                                          const TidyWorkspace &W,
                                          llvm::StringRef File) {
  auto It = Base.Files.find(File.str());
  if (It == Base.Files.end())
    return parsedText(SM, W, File);
  if (!It->second)
    return std::nullopt;
  return llvm::StringRef(*It->second);
}

/// A 1-based position in a file.
struct LineColumn {
  unsigned Line, Column;
};

/// Where a reader sees \p F's change from \p Old (null: \p F is new), so
/// that tools showing only changed lines keep the warning: the first line
/// of its body that differs from \p Old (of the function, when only its
/// signature does; the body's first line when \p F is new or its text is
/// the same), at its first non-blank. \p F's own position when its text
/// cannot be read.
LineColumn changePosition(const SourceManager &SM, const FunctionFacts &F,
                          const FunctionFacts *Old, const BaseView &Base,
                          const TidyWorkspace &W) {
  std::optional<llvm::StringRef> File = parsedText(SM, W, F.File);
  if (!File)
    return {F.Line, F.Column};
  llvm::StringRef Text = lineRange(*File, F.Line, F.EndLine);
  unsigned Offset = bodyLine(Text);
  std::optional<llvm::StringRef> OldFile =
      Old ? textAtBase(SM, Base, W, Old->File) : std::nullopt;
  if (OldFile)
    Offset = firstChangedLine(lineRange(*OldFile, Old->Line, Old->EndLine),
                              Text, Offset)
                 .value_or(Offset);
  llvm::StringRef Line = lineRange(*File, F.Line + Offset, F.Line + Offset);
  size_t Blank = Line.find_first_not_of(" \t");
  return {F.Line + Offset,
          Blank == llvm::StringRef::npos ? 1u : unsigned(Blank) + 1};
}

/// One riskguard-tier1-change warning: where, and what it says.
struct ChangeWarning {
  unsigned Line, Column;
  std::string Message;
};

/// The warning about \p T when it differs in logic from itself at base or
/// is new since then; nullopt when it does not, or when its file exists at
/// base but could not be compared.
std::optional<ChangeWarning> changeWarning(const SourceManager &SM,
                                           const Tier1Function &T,
                                           const BaseView &Base,
                                           const Program &Head,
                                           const TidyWorkspace &W) {
  const FunctionFacts &F = *T.Facts;
  std::optional<bool> Existed = fileAtBase(Base.Files, F.File);
  if (!Existed || (*Existed && !Base.Functions))
    return std::nullopt;
  const FunctionFacts *Old = nullptr;
  if (*Existed)
    if (std::optional<unsigned> Id = counterpart(*Base.Functions, F, Head))
      Old = &Base.Functions->function(*Id);
  if (Old && Old->TokenHash == F.TokenHash)
    return std::nullopt;
  LineColumn At = changePosition(SM, F, Old, Base, W);
  return ChangeWarning{
      At.Line, At.Column,
      tier1ChangeMessage({F, T.T.Domain, /*Added=*/!Old, Base.Rev}, W.Rules)};
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
  TidyWorkspace W = openTidyWorkspace(
      SM, TidyContext->getCurrentBuildDirectory(), PolicyFile);
  if (W.MainFile.empty())
    return;
  if (!W.PolicyError.empty()) {
    diag(SM.getLocForStartOfFile(SM.getMainFileID()),
         "cannot read the riskguard policy: %0")
        << W.PolicyError;
    return;
  }
  TUFacts Facts;
  extractFacts(Ctx, *PP, *W.Paths, W.WorkingDir, Facts);
  checkFacts(Ctx, Facts, W);
}

SourceLocation FactsCheck::locate(ASTContext &Ctx, const TidyWorkspace &W,
                                  llvm::StringRef File, unsigned Line,
                                  unsigned Column) const {
  SourceManager &SM = Ctx.getSourceManager();
  OptionalFileEntryRef FE = fileRef(SM, W, File);
  if (!FE)
    return {};
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
  std::vector<Tier1Function> Tier1 = tier1Functions(Facts, W.Rules);
  if (Tier1.empty())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Start = SM.getLocForStartOfFile(SM.getMainFileID());
  std::string Rev = !BaseRef.empty()        ? BaseRef
                    : !W.Rules.Base.empty() ? W.Rules.Base
                                            : std::string("HEAD~1");
  llvm::Expected<Snapshot> Files = snapshotAt(W, Rev);
  if (!Files) {
    diag(Start, "%0") << llvm::toString(Files.takeError());
    return;
  }
  if (llvm::none_of(Tier1, [&](const Tier1Function &T) {
        return fileAtBase(*Files, T.Facts->File).has_value();
      }))
    return;
  llvm::Expected<std::optional<Program>> Functions =
      functionsAtBase(Ctx, *PP, Tier1, *Files, Rev, W);
  if (!Functions) {
    diag(Start, "%0") << llvm::toString(Functions.takeError());
    return;
  }
  BaseView Base{*Files, std::move(*Functions), Rev};
  Program Head{llvm::ArrayRef<TUFacts>(Facts)};
  for (const Tier1Function &T : Tier1) {
    std::optional<ChangeWarning> Warning = changeWarning(SM, T, Base, Head, W);
    if (!Warning)
      continue;
    SourceLocation Loc =
        locate(Ctx, W, T.Facts->File, Warning->Line, Warning->Column);
    if (Loc.isValid())
      diag(Loc, "%0") << Warning->Message;
  }
}

} // namespace tidy
} // namespace riskguard
