//===- PatchMail.h - Commit messages carried by a patch ---------*- C++ -*-===//
#ifndef RISKGUARD_CORE_REPO_PATCHMAIL_H
#define RISKGUARD_CORE_REPO_PATCHMAIL_H

#include "repo/Repository.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>
#include <vector>

namespace riskguard {

/// Whether \p Line, followed by \p Next, starts a mail of an mbox ("From
/// <sha> <date>" and a header line): the commit id git wrote there, or empty
/// for another mbox writer's "From <sender> <date>"; nullopt otherwise.
std::optional<std::string> mailSeparator(llvm::StringRef Line,
                                         llvm::StringRef Next);

/// The commits a patch carries as mails (`git format-patch`, an mbox), in
/// order, with author, message and trailers but no committer; empty for a
/// plain `git diff` or `diff -u`. Errors name \p FileName and the line.
llvm::Expected<std::vector<Repository::Commit>>
patchCommits(llvm::StringRef Text, llvm::StringRef FileName);

} // namespace riskguard

#endif
