//===- FactsIO.h - Facts of a translation unit as a file --------*- C++ -*-===//
//
// The compiler plugin writes one facts file per translation unit during the
// normal build; `riskguard check --facts-dir` reads them instead of parsing.
// The format is JSON, versioned, and deterministic (the same facts give the
// same bytes), so facts files can be cached and compared.
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CORE_FACTS_FACTSIO_H
#define RISKGUARD_CORE_FACTS_FACTSIO_H

#include "facts/Facts.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <optional>

namespace riskguard {

/// The version of the facts file format; a reader rejects any other.
constexpr unsigned FactsFormatVersion = 4;

/// Writes \p TU as a facts file: every field, in a fixed order.
void writeFacts(const TUFacts &TU, llvm::raw_ostream &OS);

/// One repository file a translation unit read, as the compiler saw it.
struct FactsInput {
  std::string Path; ///< Repo-relative, with '/'.
  std::string Hash; ///< contentHash() of its contents.
};

/// A facts file the build wrote, with the inputs it was derived from, so
/// that a reader can tell whether it still describes the sources.
struct BuiltFacts {
  std::string FileName; ///< The facts file, for messages.
  TUFacts Facts;
  /// Sorted by path; nullopt when the file records none (written by an
  /// older plugin): such facts cannot be checked.
  std::optional<std::vector<FactsInput>> Inputs;
};

/// The identity of a file's contents recorded in "inputs": the hex xxh3
/// 128-bit hash, as the facts cache identifies project files.
std::string contentHash(llvm::StringRef Contents);

/// Writes \p TU as a facts file that also records \p Inputs.
void writeFacts(const TUFacts &TU, llvm::ArrayRef<FactsInput> Inputs,
                llvm::raw_ostream &OS);

/// Reads a facts file and the inputs it records, if any.
llvm::Expected<BuiltFacts> readBuiltFacts(llvm::StringRef Text,
                                          llvm::StringRef FileName);

/// Reads a facts file; \p FileName is for messages only.
llvm::Expected<TUFacts> readFacts(llvm::StringRef Text,
                                  llvm::StringRef FileName);

/// Writes \p TU and its \p Inputs to \p Path through a temporary file in
/// the same directory and a rename, so that a concurrent reader (or a killed
/// compiler) never leaves half a file.
llvm::Error writeFactsFile(const TUFacts &TU, llvm::ArrayRef<FactsInput> Inputs,
                           llvm::StringRef Path);

/// Reads every `*.facts.json` file in \p Dir, sorted by file name so that
/// the result does not depend on the directory's order.
llvm::Expected<std::vector<BuiltFacts>> readFactsDir(llvm::StringRef Dir);

} // namespace riskguard

#endif
