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
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace riskguard {

/// The version of the facts file format; a reader rejects any other.
constexpr unsigned FactsFormatVersion = 1;

/// Writes \p TU as a facts file: every field, in a fixed order.
void writeFacts(const TUFacts &TU, llvm::raw_ostream &OS);

/// Reads a facts file; \p FileName is for messages only.
llvm::Expected<TUFacts> readFacts(llvm::StringRef Text,
                                  llvm::StringRef FileName);

/// Writes \p TU to \p Path through a temporary file in the same directory
/// and a rename, so that a concurrent reader (or a killed compiler) never
/// leaves half a file.
llvm::Error writeFactsFile(const TUFacts &TU, llvm::StringRef Path);

/// Reads every `*.facts.json` file in \p Dir, sorted by file name so that
/// the result does not depend on the directory's order.
llvm::Expected<std::vector<TUFacts>> readFactsDir(llvm::StringRef Dir);

} // namespace riskguard

#endif
