//===- Indexer.cpp - Parse translation units into facts -------------------===//
#include "facts/Indexer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Driver/Driver.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/VirtualFileSystem.h"
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
makeFileSystem(const IndexOptions &Options) {
  // Each parse gets its own working directory, never the process's.
  llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> Real(
      llvm::vfs::createPhysicalFileSystem().release());
  if (!Options.Overlay || Options.Overlay->empty())
    return Real;
  llvm::StringSet<> Hidden;
  auto Memory = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  for (const auto &[Path, Contents] : *Options.Overlay) {
    std::string Abs = (Options.Paths->root() + "/" + Path).str();
    if (!Contents) {
      Hidden.insert(Abs);
      continue;
    }
    Memory->addFile(Abs, 0,
                    llvm::MemoryBuffer::getMemBuffer(*Contents, Abs, false));
  }
  auto Overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(
      llvm::makeIntrusiveRefCnt<HidingFileSystem>(Real, std::move(Hidden)));
  Overlay->pushOverlay(Memory);
  return Overlay;
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

std::vector<std::string> adjustedArguments(const tooling::CompileCommand &Cmd) {
  tooling::CommandLineArguments Args = Cmd.CommandLine;
  for (const auto &Adjust :
       {tooling::getClangStripOutputAdjuster(),
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

TUFacts indexOne(const tooling::CompileCommand &Cmd,
                 const IndexOptions &Options, uint8_t &FromCache,
                 const std::function<void()> &Starting) {
  TUFacts Facts;
  Facts.MainFile =
      Options.Paths->relative(Cmd.Filename, Cmd.Directory).value_or(Cmd.Filename);
  auto FS = makeFileSystem(Options);
  FS->setCurrentWorkingDirectory(Cmd.Directory);
  std::vector<std::string> Args = adjustedArguments(Cmd);
  llvm::StringRef Root = Options.Paths->root();

  // The cache's first key needs the main file's contents as this revision
  // has them; a miss parses, and a clean parse is stored for the next run.
  std::optional<std::string> Key;
  if (Options.Cache) {
    llvm::SmallString<256> Main(Cmd.Filename);
    if (!FS->makeAbsolute(Main)) {
      llvm::sys::path::remove_dots(Main, true);
      if (auto Buf = FS->getBufferForFile(Main, -1, false))
        Key = FactsCache::key(Args, Cmd.Directory, Root, (*Buf)->getBuffer());
    }
    if (Key)
      if (std::optional<TUFacts> Hit = Options.Cache->lookup(*Key, *FS, Root);
          Hit && Hit->MainFile == Facts.MainFile) {
        FromCache = 1;
        return std::move(*Hit);
      }
  }
  if (Starting)
    Starting();

  auto Recording = llvm::makeIntrusiveRefCnt<RecordingFileSystem>(FS);
  FileSystemOptions FSOpts;
  FSOpts.WorkingDir = Cmd.Directory;
  auto Files = llvm::makeIntrusiveRefCnt<FileManager>(FSOpts, Recording);
  ErrorCollector Errors(*Options.Paths, Cmd.Directory, Facts.Errors);
  tooling::ToolInvocation Invocation(
      Args, createFactsAction(*Options.Paths, Facts), Files.get());
  Invocation.setDiagnosticConsumer(&Errors);
  bool Ok = Invocation.run();
  if (!Ok && Facts.Errors.empty())
    Facts.Errors.push_back({Facts.MainFile, 0, 0, "the compiler failed"});

  // A TU with errors is not stored: a missing header leaves no dependency
  // whose appearance would invalidate the entry.
  if (!Key || !Ok || !Facts.Errors.empty())
    return Facts;
  std::vector<CacheDependency> Deps;
  for (const auto &Entry : Recording->Read) {
    std::optional<std::string> Id =
        FactsCache::identity(*FS, Entry.getKey(), Root);
    if (!Id)
      return Facts;
    Deps.push_back({Entry.getKey().str(), std::move(*Id)});
  }
  Options.Cache->store(*Key, std::move(Deps), Facts);
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
  unsigned Jobs = Options.Jobs ? Options.Jobs
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
  return Result;
}

} // namespace riskguard
