//===- Program.h - The whole program's functions and call graph -*- C++ -*-===//
#ifndef RISKGUARD_CORE_ANALYSIS_PROGRAM_H
#define RISKGUARD_CORE_ANALYSIS_PROGRAM_H

#include "facts/Facts.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include <optional>

namespace riskguard {

/// The functions of many translation units merged by USR (a function defined
/// in a header is one function), with a call graph in which a call to a
/// virtual method also reaches every override of it.
class Program {
public:
  /// Merges facts; deterministic whatever the order of \p TUs.
  explicit Program(llvm::ArrayRef<TUFacts> TUs = {});

  /// Functions sorted by file, line, USR.
  llvm::ArrayRef<FunctionFacts> functions() const { return Functions; }
  const FunctionFacts &function(unsigned Id) const { return Functions[Id]; }

  std::optional<unsigned> findUSR(llvm::StringRef USR) const;
  /// Functions with this name ("ns::f(int)"), for matching across revisions
  /// where the USR changed (e.g. a static function whose file moved).
  llvm::ArrayRef<unsigned> findName(llvm::StringRef Name) const;

  /// The functions a call to \p USR may run: the one it names and every
  /// override of it, transitively, those the program defines; sorted.
  std::vector<unsigned> targets(llvm::StringRef USR) const;

  llvm::ArrayRef<unsigned> callees(unsigned Id) const { return Callees[Id]; }
  llvm::ArrayRef<unsigned> callers(unsigned Id) const { return Callers[Id]; }

  /// Every function that reaches \p Id through calls (not \p Id itself),
  /// sorted.
  std::vector<unsigned> transitiveCallers(unsigned Id) const;

  /// For each function that transitively calls \p Id, the shortest call
  /// chain from it down to \p Id; functions ordered by distance.
  std::vector<std::vector<unsigned>> callerPaths(unsigned Id) const;

private:
  std::vector<FunctionFacts> Functions;
  llvm::StringMap<unsigned> ByUSR;
  llvm::StringMap<std::vector<unsigned>> ByName;
  llvm::StringMap<std::vector<unsigned>> OverridersByUSR;
  std::vector<std::vector<unsigned>> Callees, Callers;
};

/// \p F's version in \p P: the function of its USR, else the only one of
/// its name, unless that one's USR is in \p Own (F's program), where it has
/// a version of its own (a Catch2 test whose generated name a test added
/// above it now gives to another). How every frontend matches a function
/// with itself at another revision.
std::optional<unsigned> counterpart(const Program &P, const FunctionFacts &F,
                                    const Program &Own);

} // namespace riskguard

#endif
