//===- DataTestProposals.h - tests.data entries from CMake tests -*- C++
//-*-===//
#ifndef RISKGUARD_DRIVER_DATATESTPROPOSALS_H
#define RISKGUARD_DRIVER_DATATESTPROPOSALS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <set>
#include <string>
#include <vector>

namespace riskguard {

/// One argument of a CMake command as written, before variable expansion.
struct CMakeArgument {
  enum ArgKind { Unquoted, Quoted, Bracket };
  std::string Text; ///< Without its quotes or brackets.
  ArgKind Kind = Unquoted;
};

/// One command invocation of a CMakeLists.txt.
struct CMakeCommand {
  std::string Name; ///< In lower case: CMake command names ignore case.
  std::vector<CMakeArgument> Args;
  unsigned Line = 0;
};

/// The command invocations of a CMakeLists.txt (comments, brackets and
/// quotes as CMake reads them). What it cannot read ends the file or is
/// skipped: an odd file gives fewer commands, never an error.
std::vector<CMakeCommand> parseCMakeCommands(llvm::StringRef Text);

/// A `tests.data` entry that 'riskguard init' proposes: files of one
/// directory that a CMake test gives one of the project's executables.
struct DataTestProposal {
  std::string Dir;                ///< Repo-relative.
  std::vector<std::string> Paths; ///< Path globs, sorted.
  std::string Executable;         ///< The target the first such test runs.
  std::string Where;              ///< That test: "test/CMakeLists.txt:4".
};

/// Reads the CMakeLists.txt files of the working tree at \p Root (absolute,
/// symlink-free), skipping .git, hidden directories, build trees and
/// \p Excluded, and proposes one entry per directory of non-C++ files that
/// an `add_test` gives a project executable (a target of `add_executable`
/// that is not a test runner: none of its sources is in \p TestSources,
/// repo-relative, and it links no test framework). Sorted by directory.
std::vector<DataTestProposal>
proposeDataTests(llvm::StringRef Root, llvm::ArrayRef<std::string> Excluded,
                 const std::set<std::string> &TestSources);

} // namespace riskguard

#endif
