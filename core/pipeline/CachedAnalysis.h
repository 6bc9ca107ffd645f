//===- CachedAnalysis.h - The analysis through the facts cache --*- C++ -*-===//
#ifndef RISKGUARD_CORE_PIPELINE_CACHEDANALYSIS_H
#define RISKGUARD_CORE_PIPELINE_CACHEDANALYSIS_H

#include "analysis/Analyzer.h"
#include "pipeline/Workspace.h"
#include <functional>
#include <optional>
#include <string>

namespace riskguard {

/// Told when a translation unit starts being parsed: the N-th of Total.
using ParseProgress =
    std::function<void(size_t N, size_t Total, llvm::StringRef Path)>;

/// analyzeChange(\p In) through the facts cache \p CacheDir names (as
/// --cache-dir: nullopt is the default, empty is none), telling
/// \p Progress (may be null) of each parse.
AnalysisResult analyzeCached(AnalysisInput In,
                             const std::optional<std::string> &CacheDir,
                             ParseProgress Progress);

/// The program at the head of \p W (the working tree), with no change to
/// classify: what explain and init read, judged by \p Rules.
AnalysisResult analyzeHead(const Workspace &W, const Policy &Rules,
                           const std::optional<std::string> &CacheDir,
                           unsigned Jobs, ParseProgress Progress);

} // namespace riskguard

#endif
