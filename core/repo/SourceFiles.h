//===- SourceFiles.h - Which files are C/C++ sources ------------*- C++ -*-===//
//
// The one list of C/C++ extensions: every stage and frontend that asks
// whether a path is C/C++ code, or a header, asks here.
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CORE_REPO_SOURCEFILES_H
#define RISKGUARD_CORE_REPO_SOURCEFILES_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>

namespace riskguard {

/// Whether \p Path is a C/C++ source or header riskguard analyzes, by its
/// extension.
bool isCxxSource(llvm::StringRef Path);

/// The largest C/C++ source of a change riskguard reads, at either side: a
/// bigger one is an error rather than a parse that may exhaust time or
/// memory.
constexpr uint64_t MaxSourceSize = 32 << 20;

/// "N bytes", "N KiB" or "N.N MiB", for messages about sizes.
std::string sizeText(uint64_t Bytes);

} // namespace riskguard

#endif
