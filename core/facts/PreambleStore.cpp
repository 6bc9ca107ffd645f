//===- PreambleStore.cpp - Preambles for head and base parses ------------===//
#include "facts/PreambleStore.h"
#include "facts/FactsCache.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/CompilerInvocation.h"
#include "clang/Frontend/PrecompiledPreamble.h"
#include "clang/Serialization/PCHContainerOperations.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"
#include <cstdlib>

using namespace clang;

namespace riskguard {
namespace {

bool isUnder(llvm::StringRef Path, llvm::StringRef Root) {
  return Path.starts_with(Root) &&
         (Path.size() == Root.size() ||
          llvm::sys::path::is_separator(Path[Root.size()]));
}

/// What \p Path is in \p FS, as far as an #include can tell.
std::string probe(llvm::vfs::FileSystem &FS, llvm::StringRef Path) {
  llvm::ErrorOr<llvm::vfs::Status> St = FS.status(Path);
  if (!St)
    return "none";
  if (St->isDirectory())
    return "dir";
  // Paths under the root only, which a revision may change: by contents.
  return FactsCache::identity(FS, Path, /*Cheap=*/false).value_or("unreadable");
}

/// Remembers every path looked up under the repository root, found or not,
/// and every file read.
class ProbingFileSystem : public llvm::vfs::ProxyFileSystem {
public:
  ProbingFileSystem(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                    llvm::StringRef Root)
      : ProxyFileSystem(std::move(FS)), Root(Root) {}

  llvm::ErrorOr<llvm::vfs::Status> status(const llvm::Twine &Path) override {
    look(Path);
    return ProxyFileSystem::status(Path);
  }
  bool exists(const llvm::Twine &Path) override {
    look(Path);
    return ProxyFileSystem::exists(Path);
  }
  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
  openFileForRead(const llvm::Twine &Path) override {
    std::string Abs = look(Path);
    auto File = ProxyFileSystem::openFileForRead(Path);
    if (File && !Abs.empty())
      Read.insert(Abs);
    return File;
  }

  llvm::StringSet<> Looked, Read;

private:
  std::string look(const llvm::Twine &Path) {
    llvm::SmallString<256> Abs;
    Path.toVector(Abs);
    if (makeAbsolute(Abs))
      return {};
    if (isUnder(Abs, Root))
      Looked.insert(Abs);
    return std::string(Abs);
  }
  std::string Root;
};

/// Collects the project files the preamble enters, as the facts extractor
/// would name them.
class FilesCallbacks : public PreambleCallbacks {
public:
  explicit FilesCallbacks(const PathMapper &Paths) : Paths(Paths) {}

  void AfterExecute(CompilerInstance &CI) override {
    std::string WorkingDir = CI.getFileSystemOpts().WorkingDir;
    if (WorkingDir.empty())
      if (auto Dir = CI.getVirtualFileSystem().getCurrentWorkingDirectory())
        WorkingDir = *Dir;
    const SourceManager &SM = CI.getSourceManager();
    for (auto It = SM.fileinfo_begin(), E = SM.fileinfo_end(); It != E; ++It)
      if (auto Rel = Paths.relative(It->first.getName(), WorkingDir))
        Files.push_back(*Rel);
  }

  std::vector<std::string> Files;

private:
  const PathMapper &Paths;
};

} // namespace

StoredPreamble::StoredPreamble() = default;
StoredPreamble::~StoredPreamble() = default;

std::unique_ptr<StoredPreamble>
buildPreamble(const CompilerInvocation &Invocation,
              const llvm::MemoryBuffer &Main,
              llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
              std::shared_ptr<PCHContainerOperations> PCHContainerOps,
              const PathMapper &Paths) {
  PreambleBounds Bounds = ComputePreambleBounds(Invocation.getLangOpts(),
                                                Main.getMemBufferRef(), 0);
  if (Bounds.Size == 0 || Invocation.getFrontendOpts().Inputs.size() != 1)
    return nullptr;
  llvm::StringRef Root = Paths.root();
  auto Probing = llvm::makeIntrusiveRefCnt<ProbingFileSystem>(FS, Root);
  // Warnings are off (-w); an error anywhere is a reason to parse plainly.
  DiagnosticConsumer Errors;
  auto DiagOpts = llvm::makeIntrusiveRefCnt<DiagnosticOptions>(
      Invocation.getDiagnosticOpts());
  IntrusiveRefCntPtr<DiagnosticsEngine> Diags =
      CompilerInstance::createDiagnostics(DiagOpts.get(), &Errors,
                                          /*ShouldOwnClient=*/false);
  FilesCallbacks Callbacks(Paths);
  llvm::ErrorOr<PrecompiledPreamble> PCH = PrecompiledPreamble::Build(
      Invocation, &Main, Bounds, *Diags, Probing, std::move(PCHContainerOps),
      /*StoreInMemory=*/true, /*StoragePath=*/"", Callbacks);
  if (!PCH || Errors.getNumErrors() || Diags->hasErrorOccurred())
    return nullptr;

  auto P = std::make_unique<StoredPreamble>();
  P->PCH = std::make_unique<PrecompiledPreamble>(std::move(*PCH));
  // The main file differs at base by design; CanReuse compares its preamble.
  llvm::SmallString<256> MainPath(
      Invocation.getFrontendOpts().Inputs[0].getFile());
  FS->makeAbsolute(MainPath);
  llvm::sys::path::remove_dots(MainPath, /*remove_dot_dot=*/true);
  for (const auto &Entry : Probing->Looked) {
    llvm::SmallString<256> Clean(Entry.getKey());
    llvm::sys::path::remove_dots(Clean, /*remove_dot_dot=*/true);
    if (Clean == MainPath)
      continue;
    P->Probes.emplace_back(Entry.getKey().str(), probe(*FS, Entry.getKey()));
  }
  llvm::sort(P->Probes);
  for (const auto &Entry : Probing->Read)
    P->Read.push_back(Entry.getKey().str());
  llvm::sort(P->Read);
  P->Files = std::move(Callbacks.Files);
  llvm::sort(P->Files);
  P->Files.erase(llvm::unique(P->Files), P->Files.end());
  return P;
}

bool preambleHolds(const StoredPreamble &P,
                   const CompilerInvocation &Invocation,
                   const llvm::MemoryBuffer &Main, llvm::vfs::FileSystem &FS,
                   llvm::StringRef Root) {
  PreambleBounds Bounds = ComputePreambleBounds(Invocation.getLangOpts(),
                                                Main.getMemBufferRef(), 0);
  // CanReuse compares files outside the repository by size and time; those
  // under it, which the revisions change, are compared by contents here.
  if (!P.PCH->CanReuse(Invocation, Main.getMemBufferRef(), Bounds, FS))
    return false;
  return llvm::all_of(P.Probes, [&](const auto &Probe) {
    return probe(FS, Probe.first) == Probe.second;
  });
}

PreambleStore::PreambleStore(const Snapshot *BaseOverlay, uint64_t Budget)
    : BaseOverlay(BaseOverlay), Budget(Budget) {}

PreambleStore::~PreambleStore() = default;

uint64_t PreambleStore::defaultBudget() {
  const char *Off = std::getenv("RISKGUARD_NO_PREAMBLE");
  if (Off && *Off && llvm::StringRef(Off) != "0")
    return 0;
  return uint64_t(1) << 30;
}

bool PreambleStore::wanted(llvm::StringRef MainFile,
                           llvm::StringRef HeadContents) const {
  if (!BaseOverlay || !Budget)
    return false;
  auto It = BaseOverlay->find(MainFile.str());
  if (It == BaseOverlay->end() || !It->second || *It->second == HeadContents)
    return false;
  std::lock_guard<std::mutex> Guard(Lock);
  return Bytes < Budget;
}

bool PreambleStore::add(std::string Key, std::unique_ptr<StoredPreamble> P) {
  uint64_t Size = P->PCH->getSize();
  std::lock_guard<std::mutex> Guard(Lock);
  std::unique_ptr<StoredPreamble> &Slot = Kept[Key];
  if (Slot)
    Bytes -= Slot->PCH->getSize();
  if (Bytes + Size > Budget) {
    Slot.reset();
    Kept.erase(Key);
    return false;
  }
  Bytes += Size;
  Slot = std::move(P);
  ++Built;
  return true;
}

std::unique_ptr<StoredPreamble> PreambleStore::take(llvm::StringRef Key) {
  std::lock_guard<std::mutex> Guard(Lock);
  auto It = Kept.find(Key);
  if (It == Kept.end())
    return nullptr;
  std::unique_ptr<StoredPreamble> P = std::move(It->second);
  Kept.erase(It);
  Bytes -= P->PCH->getSize();
  return P;
}

void PreambleStore::clear() {
  std::lock_guard<std::mutex> Guard(Lock);
  Kept.clear();
  Bytes = 0;
}

void PreambleStore::count(bool WasReused) {
  std::lock_guard<std::mutex> Guard(Lock);
  ++(WasReused ? Reused : Rejected);
}

unsigned PreambleStore::built() const {
  std::lock_guard<std::mutex> Guard(Lock);
  return Built;
}

unsigned PreambleStore::reused() const {
  std::lock_guard<std::mutex> Guard(Lock);
  return Reused;
}

unsigned PreambleStore::rejected() const {
  std::lock_guard<std::mutex> Guard(Lock);
  return Rejected;
}

} // namespace riskguard
