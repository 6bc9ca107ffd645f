//===- Index.cpp - The 'riskguard index' command --------------------------===//
#include "driver/Index.h"
#include "analysis/Analyzer.h"
#include "facts/FactsCache.h"
#include "facts/Indexer.h"
#include "pipeline/Workspace.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Process.h"
#include <chrono>

using namespace llvm;

namespace riskguard {

Progress::Progress(bool Quiet, StringRef Root, raw_ostream &Err)
    : Enabled(!Quiet && sys::Process::StandardErrIsDisplayed()),
      Root(Root.str()), Err(Err) {}

std::function<void(size_t, size_t, StringRef)> Progress::callback() {
  if (!Enabled)
    return nullptr;
  return [this](size_t N, size_t Total, StringRef Path) {
    // "\r" and erase-to-end-of-line: each line replaces the one before.
    Err << "\r[" << N << '/' << Total << "] parsing "
        << (Root.empty() ? Path.str() : displayPath(Path, Root)) << "\x1b[K";
    Err.flush();
    Shown = true;
  };
}

void Progress::finish() {
  if (!Shown)
    return;
  Err << "\r\x1b[K";
  Err.flush();
  Shown = false;
}

int runIndex(const IndexCommandOptions &O, raw_ostream &Err) {
  auto Fail = [&](const Twine &Message) {
    Err << "riskguard: error: " << Message << "\n";
    return 2;
  };
  std::optional<std::string> Dir = FactsCache::directory(O.CacheDir);
  if (!Dir)
    return Fail("the facts cache is disabled (--cache-dir= or "
                "RISKGUARD_NO_CACHE); 'riskguard index' has nothing to do");
  auto Start = std::chrono::steady_clock::now();
  Expected<Workspace> W = openWorkspace(O.RepoDir, "", O.BuildPath);
  if (!W)
    return Fail(toString(W.takeError()));

  std::vector<clang::tooling::CompileCommand> Commands =
      projectCommands(*W->Commands, *W->Paths);
  FactsCache Cache(*Dir);
  std::vector<uint8_t> FromCache;
  Progress Shown(O.Quiet, W->Root, Err);
  IndexOptions Options{W->Paths.get(), nullptr,    O.Jobs,
                       &Cache,         &FromCache, Shown.callback()};
  std::vector<TUFacts> TUs = indexTranslationUnits(Commands, Options);
  Shown.finish();

  if (O.Quiet)
    return 0;
  size_t Cached = llvm::count(FromCache, 1);
  size_t Failed =
      count_if(TUs, [](const TUFacts &TU) { return !TU.Errors.empty(); });
  double Seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - Start)
          .count();
  Err << "riskguard: indexed " << TUs.size() << " translation units ("
      << TUs.size() - Cached << " parsed, " << Cached << " cached";
  if (Failed)
    Err << ", " << Failed << " with errors, not cached";
  Err << ") in " << format("%.2f", Seconds) << "s into "
      << displayPath(*Dir, W->Root) << "\n";
  return 0;
}

} // namespace riskguard
