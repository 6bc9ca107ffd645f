//===- TestSupport.h - Helpers shared by the unit tests ---------*- C++ -*-===//
#ifndef RISKGUARD_TEST_UNIT_TESTSUPPORT_H
#define RISKGUARD_TEST_UNIT_TESTSUPPORT_H

#include "policy/Policy.h"
#include "repo/ChangeSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <cstdlib>
#include <string>

namespace riskguard::testsupport {

/// Fixed identities and dates for the commits a test makes with git, and no
/// system git configuration, so that what git writes is reproducible.
inline void setReproducibleGitEnvironment() {
  for (auto [Name, Value] : {
           std::pair{"GIT_AUTHOR_NAME", "Ann Author"},
           std::pair{"GIT_AUTHOR_EMAIL", "ann@example.com"},
           std::pair{"GIT_AUTHOR_DATE", "1704067200 +0000"},
           std::pair{"GIT_COMMITTER_NAME", "Carl Committer"},
           std::pair{"GIT_COMMITTER_EMAIL", "carl@example.com"},
           std::pair{"GIT_COMMITTER_DATE", "1704067200 +0000"},
           std::pair{"GIT_CONFIG_NOSYSTEM", "1"},
       })
    ::setenv(Name, Value, 1);
  for (const char *Name : {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"})
    ::unsetenv(Name);
}

/// One line per file: status, old and new path, "binary", then the hunks.
inline std::string describeChanges(const ChangeSet &Changes) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  for (const FileChange &File : Changes.Files) {
    const char *Status[] = {"A", "D", "M", "R"};
    OS << Status[static_cast<int>(File.Status)] << " " << File.OldPath << "|"
       << File.NewPath;
    if (File.Binary)
      OS << " binary";
    for (const Hunk &H : File.Hunks)
      OS << " -" << H.OldStart << "," << H.OldLines << " +" << H.NewStart << ","
         << H.NewLines;
    OS << "\n";
  }
  return Out;
}

/// The policy \p Text holds; a test failure (and an empty policy) when it
/// does not parse.
inline Policy parsePolicyOrFail(llvm::StringRef Text) {
  llvm::Expected<Policy> P = parsePolicy(Text, ".riskguard.json");
  if (!P) {
    ADD_FAILURE() << llvm::toString(P.takeError());
    return Policy();
  }
  return std::move(*P);
}

/// Writes \p Contents to \p Root / \p Path, creating directories.
inline void writeFile(llvm::StringRef Root, llvm::StringRef Path,
                      llvm::StringRef Contents) {
  std::string Abs = (Root + "/" + Path).str();
  ASSERT_FALSE(
      llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Abs)));
  std::error_code EC;
  llvm::raw_fd_ostream OS(Abs, EC);
  ASSERT_FALSE(EC) << EC.message();
  OS << Contents;
}

} // namespace riskguard::testsupport

#endif
