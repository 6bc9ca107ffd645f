//===- HeadFacts.cpp - The build's facts that still describe the head -----===//
#include "pipeline/HeadFacts.h"
#include "analysis/Analyzer.h"
#include "facts/FactsIO.h"
#include "facts/FactsValidity.h"
#include "repo/Snapshot.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include <set>

using namespace llvm;

namespace riskguard {

namespace {

/// The facts of \p Built that describe the head; the rest are parsed.
std::vector<TUFacts> headFacts(std::vector<BuiltFacts> Built,
                               const Workspace &W, const Snapshot &HeadOverlay,
                               bool Verbose, raw_ostream &Log, FactsUse &Use) {
  std::set<std::string> Units;
  for (const clang::tooling::CompileCommand &Cmd :
       projectCommands(*W.Commands, *W.Paths))
    Units.insert(*W.Paths->relative(Cmd.Filename, Cmd.Directory));
  Use.Units = Units.size();
  // Many units read one header: hash it once.
  StringMap<std::optional<std::string>> Hashes;
  auto HashOf = [&](const std::string &Path) {
    auto [It, New] = Hashes.try_emplace(Path);
    if (New)
      if (std::optional<std::string> Text =
              readThrough(&HeadOverlay, W.Root, Path))
        It->second = contentHash(*Text);
    return It->second;
  };
  std::vector<TUFacts> Valid;
  std::set<std::string> Used;
  for (BuiltFacts &B : Built) {
    std::string Name = displayPath(B.FileName, W.Root);
    const std::string &Main = B.Facts.MainFile;
    if (!Units.count(Main)) {
      ++Use.NotBuilt;
      if (Verbose)
        Log << "riskguard: ignoring facts file '" << Name << "': '" << Main
            << "' is not in " << W.CommandsName << "\n";
      continue;
    }
    std::string Changed;
    switch (factsState(B, HashOf, &Changed)) {
    case FactsState::Stale:
      ++Use.Stale;
      if (Verbose)
        Log << "riskguard: ignoring facts file '" << Name << "': '" << Changed
            << "' changed since the build; parsing '" << Main << "'\n";
      continue;
    case FactsState::Unverifiable:
      ++Use.Unverifiable;
      if (Verbose)
        Log << "riskguard: ignoring facts file '" << Name
            << "': it records no hash of some file it read (an older "
               "plugin?); parsing '"
            << Main << "'\n";
      continue;
    case FactsState::Current:
      break;
    }
    // analyzeChange parses a unit that reads a file --head replaces.
    if (llvm::none_of(B.Facts.Files, [&](const std::string &F) {
          return HeadOverlay.count(F);
        }))
      Used.insert(Main);
    Valid.push_back(std::move(B.Facts));
  }
  Use.FromFacts = Used.size();
  return Valid;
}

} // namespace

Expected<std::vector<TUFacts>> readHeadFacts(StringRef FactsDir,
                                             const Workspace &W,
                                             const Snapshot &HeadOverlay,
                                             bool Verbose, raw_ostream &Log,
                                             FactsUse &Use) {
  Expected<std::vector<BuiltFacts>> Read = readFactsDir(FactsDir);
  if (!Read)
    return Read.takeError();
  return headFacts(std::move(*Read), W, HeadOverlay, Verbose, Log, Use);
}

} // namespace riskguard
