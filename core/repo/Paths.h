//===- Paths.h - Where a path in the repository leads -----------*- C++ -*-===//
#ifndef RISKGUARD_CORE_REPO_PATHS_H
#define RISKGUARD_CORE_REPO_PATHS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>

namespace riskguard {

/// The repo-relative path that a symbolic link at the repo-relative
/// \p LinkPath with target \p Target names, resolved lexically; nullopt when
/// it leaves the repository (an absolute target, or more ".." than there are
/// directories above the link).
std::optional<std::string> resolveLink(llvm::StringRef LinkPath,
                                       llvm::StringRef Target);

/// An error when the repo-relative \p Path exists in the working tree at
/// \p Root but resolves, through symbolic links, to a file outside \p Root;
/// \p Where names it in the message (default: the path).
llvm::Error checkInsideWorkTree(llvm::StringRef Root, llvm::StringRef Path,
                                const llvm::Twine &Where = {});

/// The error for a symbolic link that leaves the repository: \p Where names
/// the link (its path, with the revision or patch position), \p Target is
/// where it points.
llvm::Error outsideLinkError(const llvm::Twine &Where, llvm::StringRef Target);

} // namespace riskguard

#endif
