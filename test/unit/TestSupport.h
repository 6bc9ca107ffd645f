//===- TestSupport.h - Helpers shared by the unit tests ---------*- C++ -*-===//
#ifndef RISKGUARD_TEST_UNIT_TESTSUPPORT_H
#define RISKGUARD_TEST_UNIT_TESTSUPPORT_H

#include "repo/ChangeSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <string>

namespace riskguard::testsupport {

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
