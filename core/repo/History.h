//===- History.h - Writing commits (for the demo and tests) -----*- C++ -*-===//
#ifndef RISKGUARD_CORE_REPO_HISTORY_H
#define RISKGUARD_CORE_REPO_HISTORY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace riskguard {

/// One commit to write: the files it changes (repo-relative path ->
/// contents; nullopt removes the file), its message, author and time.
struct CommitSpec {
  std::map<std::string, std::optional<std::string>> Files;
  std::string Message;
  std::string AuthorName, AuthorEmail;
  int64_t Time = 0; ///< Seconds since the epoch, UTC.
};

/// Creates a git repository in \p Dir (which must not hold one) and writes
/// \p Commits on its main branch, working tree and index included; returns
/// the commit ids in order.
llvm::Expected<std::vector<std::string>>
writeHistory(llvm::StringRef Dir, llvm::ArrayRef<CommitSpec> Commits);

/// Parses "2026-03-02T10:00:00Z" into seconds since the epoch.
std::optional<int64_t> parseUTCTime(llvm::StringRef Text);

} // namespace riskguard

#endif
