//===- CachedAnalysis.cpp - The analysis through the facts cache ----------===//
#include "pipeline/CachedAnalysis.h"
#include "facts/FactsCache.h"

namespace riskguard {

AnalysisResult analyzeCached(AnalysisInput In,
                             const std::optional<std::string> &CacheDir,
                             ParseProgress Progress) {
  std::optional<FactsCache> Cache;
  if (std::optional<std::string> Dir = FactsCache::directory(CacheDir))
    Cache.emplace(*Dir);
  In.Cache = Cache ? &*Cache : nullptr;
  In.Progress = std::move(Progress);
  return analyzeChange(In);
}

AnalysisResult analyzeHead(const Workspace &W, const Policy &Rules,
                           const std::optional<std::string> &CacheDir,
                           unsigned Jobs, ParseProgress Progress) {
  ChangeSet NoChanges;
  AnalysisInput In;
  In.Paths = W.Paths.get();
  In.Changes = &NoChanges;
  In.Commands = W.Commands.get();
  In.CommandsName = W.CommandsName;
  In.Rules = &Rules;
  In.Jobs = Jobs;
  return analyzeCached(In, CacheDir, std::move(Progress));
}

} // namespace riskguard
