//===- Indexer.cpp - Parse translation units into facts -------------------===//
#include "facts/Indexer.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Driver/Driver.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/PrecompiledPreamble.h"
#include "clang/Lex/HeaderSearch.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Serialization/PCHContainerOperations.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/thread.h"
#include <mutex>

using namespace clang;

namespace riskguard {
namespace {

/// Hides the files that do not exist in the revision being parsed.
class HidingFileSystem : public llvm::vfs::ProxyFileSystem {
public:
  HidingFileSystem(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                   llvm::StringSet<> Hidden)
      : ProxyFileSystem(std::move(FS)), Hidden(std::move(Hidden)) {}

  llvm::ErrorOr<llvm::vfs::Status> status(const llvm::Twine &Path) override {
    if (hidden(Path))
      return std::make_error_code(std::errc::no_such_file_or_directory);
    return ProxyFileSystem::status(Path);
  }
  // ProxyFileSystem forwards exists() past status(); a file the revision
  // deletes must not exist through either.
  bool exists(const llvm::Twine &Path) override {
    return !hidden(Path) && ProxyFileSystem::exists(Path);
  }
  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
  openFileForRead(const llvm::Twine &Path) override {
    if (hidden(Path))
      return std::make_error_code(std::errc::no_such_file_or_directory);
    return ProxyFileSystem::openFileForRead(Path);
  }

private:
  bool hidden(const llvm::Twine &Path) {
    llvm::SmallString<256> Abs;
    Path.toVector(Abs);
    if (makeAbsolute(Abs))
      return false;
    llvm::sys::path::remove_dots(Abs, true);
    return Hidden.contains(Abs);
  }
  llvm::StringSet<> Hidden;
};

/// Remembers every file the compiler reads, so that a cache entry can name
/// what it depends on. One per parse: not shared between threads.
class RecordingFileSystem : public llvm::vfs::ProxyFileSystem {
public:
  explicit RecordingFileSystem(
      llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS)
      : ProxyFileSystem(std::move(FS)) {}

  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
  openFileForRead(const llvm::Twine &Path) override {
    auto File = ProxyFileSystem::openFileForRead(Path);
    if (File) {
      llvm::SmallString<256> Abs;
      Path.toVector(Abs);
      // As opened: ".." after a symlink is not the parent of its name.
      if (!makeAbsolute(Abs))
        Read.insert(Abs);
    }
    return File;
  }

  llvm::StringSet<> Read;
};

llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem>
makeFileSystem(const Snapshot *Overlay, const PathMapper &Paths) {
  // Each parse gets its own working directory, never the process's.
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> Real(
      llvm::vfs::createPhysicalFileSystem().release());
  if (!Overlay || Overlay->empty())
    return Real;
  llvm::StringSet<> Hidden;
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  for (const auto &[Path, Contents] : *Overlay) {
    std::string Abs = (Paths.root() + "/" + Path).str();
    if (!Contents) {
      Hidden.insert(Abs);
      continue;
    }
    Memory->addFile(Abs, 0,
                    llvm::MemoryBuffer::getMemBuffer(*Contents, Abs, false));
  }
  auto Merged = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::makeIntrusiveRefCnt<HidingFileSystem>(Real, std::move(Hidden)));
  Merged->pushOverlay(Memory);
  return Merged;
}

/// Keeps the errors of a parse, with repo-relative paths where possible.
class ErrorCollector : public DiagnosticConsumer {
public:
  ErrorCollector(const PathMapper &Paths, llvm::StringRef WorkingDir,
                 std::vector<ParseError> &Out)
      : Paths(Paths), WorkingDir(WorkingDir), Out(Out) {}

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error)
      return;
    ParseError E;
    llvm::SmallString<128> Message;
    Info.FormatDiagnostic(Message);
    E.Message = std::string(Message);
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      const SourceManager &SM = Info.getSourceManager();
      PresumedLoc P = SM.getPresumedLoc(SM.getExpansionLoc(Info.getLocation()));
      if (P.isValid()) {
        E.File = Paths.relative(P.getFilename(), WorkingDir)
                     .value_or(P.getFilename());
        E.Line = P.getLine();
        E.Column = P.getColumn();
      }
    }
    Out.push_back(std::move(E));
  }

private:
  const PathMapper &Paths;
  std::string WorkingDir;
  std::vector<ParseError> &Out;
};

const std::string &resourceDir() {
  static const std::string Dir =
      driver::Driver::GetResourcesPath(RISKGUARD_CLANG_BINARY);
  return Dir;
}

std::mutex DroppedMutex;
std::set<std::string> Dropped; // Guarded by DroppedMutex.

/// Drops every option that makes clang load code (a plugin, a pass plugin,
/// a config file that may name one): a compile database is input, and
/// riskguard runs where a change's author cannot run code.
tooling::CommandLineArguments
stripCodeLoading(const tooling::CommandLineArguments &Args) {
  tooling::CommandLineArguments Out;
  std::vector<std::string> Seen;
  auto Loads = [](StringRef A) {
    return A.starts_with("-fplugin=") || A.starts_with("-fpass-plugin=") ||
           A.starts_with("-fplugin-arg-") || A.starts_with("--config=") ||
           A.starts_with("--config ");
  };
  // Options of clang -cc1 that load a library or run a plugin, each
  // followed by its value.
  auto LoadsCC1 = [](StringRef A) {
    return A == "-load" || A == "-plugin" || A == "-add-plugin" ||
           A.starts_with("-plugin-arg-") || A.starts_with("-fplugin=") ||
           A.starts_with("-fpass-plugin=") || A.starts_with("-load=");
  };
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if (I > 0 && Loads(A)) {
      Seen.push_back(A.str());
      continue;
    }
    if (I > 0 && A == "--config" && I + 1 < Args.size()) {
      Seen.push_back(A.str() + " " + Args[I + 1]);
      ++I;
      continue;
    }
    if (A == "-Xclang" && I + 1 < Args.size() && LoadsCC1(Args[I + 1])) {
      std::string What = "-Xclang " + Args[I + 1];
      StringRef Opt = Args[I + 1];
      I += 1;
      // "-Xclang -load -Xclang lib.so": the value comes in its own pair.
      bool TakesValue = Opt == "-load" || Opt == "-plugin" ||
                        Opt == "-add-plugin" || Opt.starts_with("-plugin-arg-");
      if (TakesValue && I + 2 < Args.size() && Args[I + 1] == "-Xclang") {
        What += " -Xclang " + Args[I + 2];
        I += 2;
      }
      Seen.push_back(What);
      continue;
    }
    Out.push_back(Args[I]);
  }
  if (!Seen.empty()) {
    std::lock_guard<std::mutex> Lock(DroppedMutex);
    Dropped.insert(Seen.begin(), Seen.end());
  }
  return Out;
}

std::vector<std::string> adjustedArguments(const tooling::CompileCommand &Cmd) {
  tooling::CommandLineArguments Args = stripCodeLoading(Cmd.CommandLine);
  for (const auto &Adjust : {tooling::getClangStripOutputAdjuster(),
                             tooling::getClangStripDependencyFileAdjuster(),
                             tooling::getClangSyntaxOnlyAdjuster()})
    Args = Adjust(Args, Cmd.Filename);
  // Built-in headers must be clang 19's, whatever compiler the build uses;
  // warnings are not facts; errors are collected, not printed (without
  // carets clang also keeps its "N errors generated." to itself).
  Args.insert(Args.begin() + 1,
              {"-resource-dir=" + resourceDir(), "-w",
               "-Wno-unknown-warning-option", "-fno-caret-diagnostics"});
  return Args;
}

/// Leaves the declarations of system headers out of the traversal: the
/// extractor skips them, and through a preamble each one traversed would be
/// read back from it.
class ProjectScope : public ASTConsumer {
public:
  explicit ProjectScope(std::unique_ptr<ASTConsumer> Facts)
      : Facts(std::move(Facts)) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    const SourceManager &SM = Ctx.getSourceManager();
    std::vector<Decl *> Scope;
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (!SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
        Scope.push_back(D);
    Ctx.setTraversalScope(Scope);
    Facts->HandleTranslationUnit(Ctx);
  }

private:
  std::unique_ptr<ASTConsumer> Facts;
};

/// The header search directories of \p CI, absolute, and which are system
/// ones: the cache identifies a system header by size and time.
IncludeDirs includeDirs(CompilerInstance &CI) {
  IncludeDirs Dirs;
  const HeaderSearch &HS = CI.getPreprocessor().getHeaderSearchInfo();
  for (const DirectoryLookup &D : HS.search_dir_range()) {
    if (D.isHeaderMap())
      continue;
    llvm::SmallString<256> Dir(D.getName());
    CI.getFileManager().makeAbsolutePath(Dir);
    Dirs.add(Dir, D.isSystemHeaderDirectory());
  }
  return Dirs;
}

class FactsAction : public ASTFrontendAction {
public:
  FactsAction(const PathMapper &Paths, TUFacts &Out, IncludeDirs &Dirs)
      : Paths(Paths), Out(Out), Dirs(Dirs) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    Dirs = includeDirs(CI);
    return std::make_unique<ProjectScope>(createFactsConsumer(CI, Paths, Out));
  }

private:
  const PathMapper &Paths;
  TUFacts &Out;
  IncludeDirs &Dirs;
};

/// Runs the facts action on the invocation the driver makes of a command,
/// through a precompiled preamble when one is given or wanted.
class FactsTool : public tooling::ToolAction {
public:
  FactsTool(const PathMapper &Paths, TUFacts &Facts,
            llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> Sources,
            const StoredPreamble *Given, bool Build)
      : Paths(Paths), Facts(Facts), Initial(Facts), Sources(std::move(Sources)),
        Given(Given), Build(Build) {}

  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *Diags) override {
    if (Given || Build)
      if (std::optional<bool> Ok =
              runWithPreamble(Invocation, Files, PCHContainerOps, Diags))
        return *Ok;
    return run(std::move(Invocation), Files, std::move(PCHContainerOps), Diags);
  }

  /// The preamble this parse built and went through.
  std::unique_ptr<StoredPreamble> Built;
  /// Whether the parse went through the given or the built preamble.
  bool Used = false;
  /// Where the parse searched for headers.
  IncludeDirs Dirs;

private:
  bool run(std::shared_ptr<CompilerInvocation> Invocation, FileManager *Files,
           std::shared_ptr<PCHContainerOperations> PCHContainerOps,
           DiagnosticConsumer *Diags) {
    // As tooling's FrontendActionFactory does; the action dies first.
    CompilerInstance Compiler(std::move(PCHContainerOps));
    Compiler.setInvocation(std::move(Invocation));
    Compiler.setFileManager(Files);
    FactsAction Action(Paths, Facts, Dirs);
    Compiler.createDiagnostics(Diags, /*ShouldOwnClient=*/false);
    if (!Compiler.hasDiagnostics())
      return false;
    Compiler.createSourceManager(*Files);
    bool Ok = Compiler.ExecuteAction(Action);
    Files->clearStatCache();
    return Ok;
  }

  /// Parses through the preamble; nullopt when there is none to go through,
  /// and the facts are left as they were.
  std::optional<bool> runWithPreamble(
      const std::shared_ptr<CompilerInvocation> &Invocation, FileManager *Files,
      const std::shared_ptr<PCHContainerOperations> &PCHContainerOps,
      DiagnosticConsumer *Diags) {
    if (Invocation->getFrontendOpts().Inputs.size() != 1)
      return std::nullopt;
    auto Main = Files->getBufferForFile(
        Invocation->getFrontendOpts().Inputs[0].getFile());
    if (!Main)
      return std::nullopt;
    const StoredPreamble *P = Given;
    if (P && !preambleHolds(*P, *Invocation, **Main, *Sources, Paths.root()))
      return std::nullopt;
    if (!P) {
      Built =
          buildPreamble(*Invocation, **Main, Sources, PCHContainerOps, Paths);
      P = Built.get();
    }
    if (!P)
      return std::nullopt;

    auto CI = std::make_shared<CompilerInvocation>(*Invocation);
    CI->getPreprocessorOpts().RetainRemappedFileBuffers = true;
    llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> VFS =
        Files->getVirtualFileSystemPtr();
    P->PCH->AddImplicitPreamble(*CI, VFS, Main->get());
    auto PreambleFiles =
        llvm::makeIntrusiveRefCnt<FileManager>(Files->getFileSystemOpts(), VFS);
    bool Ok = run(std::move(CI), PreambleFiles.get(), PCHContainerOps, Diags);
    if (!Ok || !Facts.Errors.empty()) {
      // Messages about headers name them as the preamble recorded them;
      // a plain parse words them as it always does.
      Facts = Initial;
      Diags->clear();
      Built.reset();
      return std::nullopt;
    }
    // The headers it holds are not entered again, yet are read.
    Facts.Files.insert(Facts.Files.end(), P->Files.begin(), P->Files.end());
    llvm::sort(Facts.Files);
    Facts.Files.erase(llvm::unique(Facts.Files), Facts.Files.end());
    Used = true;
    return true;
  }

  const PathMapper &Paths;
  TUFacts &Facts;
  const TUFacts Initial;
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> Sources;
  const StoredPreamble *Given;
  bool Build;
};

/// Identifies a compile command, for the preamble built at head to be found
/// by the base parse of the same command.
std::string commandKey(const tooling::CompileCommand &Cmd) {
  std::string Key = Cmd.Directory + '\0' + Cmd.Filename;
  for (const std::string &Arg : Cmd.CommandLine) {
    Key += '\0';
    Key += Arg;
  }
  return Key;
}

/// Whether the base's facts for \p Cmd, whose main file is the repo-relative
/// \p MainFile, are cached: then no base parse needs its preamble.
bool cachedAtBase(const tooling::CompileCommand &Cmd,
                  llvm::ArrayRef<std::string> Args, const IndexOptions &Options,
                  const std::string &MainFile) {
  if (!Options.Cache)
    return false;
  const Snapshot *Base = Options.Preambles->baseOverlay();
  auto It = Base->find(MainFile);
  if (It == Base->end() || !It->second)
    return false;
  auto FS = makeFileSystem(Base, *Options.Paths);
  FS->setCurrentWorkingDirectory(Cmd.Directory);
  const PathMapper &Paths = *Options.Paths;
  std::optional<TUFacts> Hit = Options.Cache->lookup(
      FactsCache::key(Args, Cmd.Directory, Paths, *It->second), *FS, Paths);
  return Hit && Hit->MainFile == MainFile;
}

/// Stack for one parse. Clang recurses once per operand of a chain like
/// `x + 1 + 1 ...`, about 100 bytes each, and a thread's default 8 MiB is
/// gone after some 100,000 (`clang -fsyntax-only` crashes there too); this
/// covers millions, and untouched pages cost nothing.
constexpr unsigned ParseStackSize = 1u << 30;

TUFacts indexOne(const tooling::CompileCommand &Cmd,
                 const IndexOptions &Options, uint8_t &FromCache,
                 const std::function<void()> &Starting) {
  TUFacts Facts;
  Facts.MainFile = Options.Paths->relative(Cmd.Filename, Cmd.Directory)
                       .value_or(Cmd.Filename);
  auto FS = makeFileSystem(Options.Overlay, *Options.Paths);
  FS->setCurrentWorkingDirectory(Cmd.Directory);
  std::vector<std::string> Args = adjustedArguments(Cmd);
  const PathMapper &Paths = *Options.Paths;
  PreambleStore *Store = Options.Preambles;
  if (Store && !Store->baseOverlay())
    Store = nullptr;

  std::unique_ptr<llvm::MemoryBuffer> Main;
  if (Options.Cache || Store) {
    llvm::SmallString<256> MainPath(Cmd.Filename);
    if (!FS->makeAbsolute(MainPath)) {
      llvm::sys::path::remove_dots(MainPath, true);
      if (auto Buf = FS->getBufferForFile(MainPath, -1, false))
        Main = std::move(*Buf);
    }
  }
  // The cache's first key needs the main file's contents as this revision
  // has them; a miss parses, and a clean parse is stored for the next run.
  std::optional<std::string> Key;
  if (Options.Cache && Main) {
    Key = FactsCache::key(Args, Cmd.Directory, Paths, Main->getBuffer());
    if (std::optional<TUFacts> Hit = Options.Cache->lookup(*Key, *FS, Paths);
        Hit && Hit->MainFile == Facts.MainFile) {
      FromCache = 1;
      return std::move(*Hit);
    }
  }
  if (Starting)
    Starting();

  // A changed translation unit is parsed at base too, most often with the
  // same headers: the head parse leaves its preamble for the base parse.
  std::unique_ptr<StoredPreamble> Given;
  bool Build = false;
  if (Store && Main) {
    if (Options.Overlay == Store->baseOverlay())
      Given = Store->take(commandKey(Cmd));
    else
      Build = Store->wanted(Facts.MainFile, Main->getBuffer()) &&
              !cachedAtBase(Cmd, Args, Options, Facts.MainFile);
  }

  auto Recording = llvm::makeIntrusiveRefCnt<RecordingFileSystem>(FS);
  FileSystemOptions FSOpts;
  FSOpts.WorkingDir = Cmd.Directory;
  auto Files = llvm::makeIntrusiveRefCnt<FileManager>(FSOpts, Recording);
  ErrorCollector Errors(*Options.Paths, Cmd.Directory, Facts.Errors);
  FactsTool Tool(*Options.Paths, Facts, FS, Given.get(), Build);
  tooling::ToolInvocation Invocation(
      Args, &Tool, Files.get(), std::make_shared<PCHContainerOperations>());
  Invocation.setDiagnosticConsumer(&Errors);
  bool Ok = false;
  llvm::thread Parse(std::optional<unsigned>(ParseStackSize),
                     [&] { Ok = Invocation.run(); });
  Parse.join();
  if (!Ok && Facts.Errors.empty())
    Facts.Errors.push_back({Facts.MainFile, 0, 0, "the compiler failed"});
  if (Given)
    Store->count(Tool.Used);

  // The headers in the preamble were read to build it, not by this parse.
  if (const StoredPreamble *P = Given ? Given.get() : Tool.Built.get();
      P && Tool.Used)
    for (const std::string &File : P->Read)
      Recording->Read.insert(File);
  if (Tool.Built && Ok && Facts.Errors.empty())
    Store->add(commandKey(Cmd), std::move(Tool.Built));

  // A TU with errors is not stored: a missing header leaves no dependency
  // whose appearance would invalidate the entry.
  if (!Key || !Ok || !Facts.Errors.empty())
    return Facts;
  std::vector<std::string> Read;
  for (const auto &Entry : Recording->Read)
    Read.push_back(Entry.getKey().str());
  llvm::sort(Read);
  Options.Cache->store(*Key, Read, *FS, Tool.Dirs, Paths, Facts);
  return Facts;
}

} // namespace

std::vector<TUFacts>
indexTranslationUnits(llvm::ArrayRef<tooling::CompileCommand> Commands,
                      const IndexOptions &Options) {
  std::vector<TUFacts> Result(Commands.size());
  std::vector<uint8_t> FromCache(Commands.size(), 0);
  std::mutex ProgressLock;
  size_t Started = 0;
  auto Starting = [&](size_t I) -> std::function<void()> {
    if (!Options.Progress)
      return nullptr;
    return [&, I] {
      std::lock_guard<std::mutex> Lock(ProgressLock);
      Options.Progress(++Started, Commands.size(), Commands[I].Filename);
    };
  };
  unsigned Jobs = Options.Jobs
                      ? Options.Jobs
                      : llvm::hardware_concurrency().compute_thread_count();
  if (Jobs <= 1 || Commands.size() <= 1) {
    for (size_t I = 0; I < Commands.size(); ++I)
      Result[I] = indexOne(Commands[I], Options, FromCache[I], Starting(I));
  } else {
    llvm::DefaultThreadPool Pool(llvm::hardware_concurrency(Jobs));
    for (size_t I = 0; I < Commands.size(); ++I)
      Pool.async([&, I] {
        Result[I] = indexOne(Commands[I], Options, FromCache[I], Starting(I));
      });
    Pool.wait();
  }
  if (Options.FromCache)
    *Options.FromCache = std::move(FromCache);
  // The base parse was the last to need them.
  if (Options.Preambles && Options.Preambles->baseOverlay() &&
      Options.Overlay == Options.Preambles->baseOverlay())
    Options.Preambles->clear();
  return Result;
}

std::vector<std::string> droppedCodeLoadingOptions() {
  std::lock_guard<std::mutex> Lock(DroppedMutex);
  return {Dropped.begin(), Dropped.end()};
}

} // namespace riskguard
