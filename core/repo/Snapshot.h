//===- Snapshot.h - The files of a revision over the work tree --*- C++ -*-===//
#ifndef RISKGUARD_CORE_REPO_SNAPSHOT_H
#define RISKGUARD_CORE_REPO_SNAPSHOT_H

#include <map>
#include <optional>
#include <string>

namespace riskguard {

/// The files of one revision that differ from the working tree: path ->
/// contents at that revision, or nullopt where the file does not exist there.
/// Paths are repo-relative with '/'.
using Snapshot = std::map<std::string, std::optional<std::string>>;

/// The contents of the repo-relative \p Path in the revision that
/// \p Overlay (may be null) lays over the working tree at \p Root; nullopt
/// when the file does not exist there or cannot be read.
std::optional<std::string> readThrough(const Snapshot *Overlay,
                                       const std::string &Root,
                                       const std::string &Path);

} // namespace riskguard

#endif
