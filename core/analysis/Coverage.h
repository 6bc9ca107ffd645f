//===- Coverage.h - Per-test line coverage from lcov tracefiles -*- C++ -*-===//
//
// `--coverage FILE|DIR` reads lcov tracefiles: what `llvm-cov export
// -format=lcov` writes (no TN:), and what lcov 1.x / 2.x write (TN:, VER:,
// FNL:/FNA:, MCDC:, DA:line,count,checksum). TN:, SF:, VER: and DA: are read;
// FN:, FNDA:, FNF:, FNH:, FNL:, FNA:, BRDA:, BRF:, BRH:, MCDC:, MCF:, MCH:,
// LF: and LH: are accepted without being used. Blank lines, `#` comment lines
// (lcov 2's --comment) and trailing white space (a CR of CRLF files) are
// skipped, as lcov does.
//
// Malformed input is an error "FILE:LINE: what is wrong": a line that is not
// KEY:VALUE or end_of_record, an unknown key, record data (anything but TN:)
// outside an SF: ... end_of_record record, SF: or TN: inside a record, a DA:
// whose line number or count is not a number, line number 0, a record open at
// the end of the file, and a tracefile without records. A DA: count is a
// 64-bit unsigned number, as llvm-cov prints it; a negative count is
// malformed, because no execution count is negative: it comes from a corrupt
// counter (gcov's counters race without -fprofile-update=atomic), which lcov
// 2 refuses as well, and guessing what it meant would be trusting it.
//
// Coverage must describe the head revision. Per (test, file) pair, the whole
// pair is dropped and named in Coverage::Ignored when the file does not exist
// at head, a DA: line is past its end, a DA: checksum differs from the head
// line's (lcov's: the MD5 of the line without its '\n', in base64 without '='
// padding, see lcovLineChecksum), or a VER: of 40 hex digits differs from the
// file's git blob id at head (see gitBlobId; other VER: values, such as what
// lcov's sample version scripts print, cannot be checked and are ignored).
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CORE_ANALYSIS_COVERAGE_H
#define RISKGUARD_CORE_ANALYSIS_COVERAGE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace riskguard {

/// The lines one test executed (count > 0), by repo-relative file.
struct TestCoverage {
  std::string Test; ///< As its TN: record names it, unchanged.
  /// Sorted, unique. A file the test has no executed line of is absent.
  std::map<std::string, std::vector<unsigned>> Lines;
};

/// What readCoverage found.
struct Coverage {
  /// Sorted by Test; one entry per test that a record names (records of one
  /// test in several files or records merged), also when none of its lines
  /// is left, so that "measured, covers nothing there" stays visible.
  std::vector<TestCoverage> Tests;
  /// Coverage that was read but ignored, one human-readable note each,
  /// sorted, e.g. "coverage/a.info: test 'PricingTest.Discount':
  /// src/pricing.cc:120 does not exist at head (the file has 80 lines); its
  /// coverage of src/pricing.cc is ignored".
  std::vector<std::string> Ignored;
  unsigned Files = 0; ///< Tracefiles read.
};

/// How the tracefiles' paths relate to the repository at head.
struct CoverageSource {
  /// Repo-relative path of an SF: path, or nullopt when it is not a project
  /// file (system headers, the build directory, generated files): such
  /// records are skipped silently.
  std::function<std::optional<std::string>(llvm::StringRef SF)> Relative;
  /// Contents of a repo-relative file at head; nullopt when it does not exist
  /// there.
  std::function<std::optional<std::string>(llvm::StringRef Path)> HeadText;
};

/// Reads \p Path: one lcov tracefile, or a directory whose regular files
/// ending in .info or .lcov (not recursive, sorted by name) are each a
/// tracefile. A record's test is the last TN: value before it in its file;
/// without one (or with an empty one) it is the file's name without .info or
/// .lcov in a directory, and in a single FILE the record names no test: such
/// records give one Ignored note per file ("records without a test name")
/// and nothing else, as coverage that is not per test says nothing about a
/// test. Malformed input is an error "FILE:LINE: what is wrong".
/// \p Src's functions are called once per distinct argument.
llvm::Expected<Coverage> readCoverage(llvm::StringRef Path,
                                      const CoverageSource &Src);

/// lcov's checksum of one source line (without its line break): the MD5 of
/// its bytes in base64 without '=' padding, as geninfo --checksum writes it
/// in DA:line,count,checksum.
std::string lcovLineChecksum(llvm::StringRef Line);

/// The git blob id of \p Contents, as `git hash-object` computes it: the
/// SHA-1 of "blob <size>\0<contents>", in lower-case hex.
std::string gitBlobId(llvm::StringRef Contents);

} // namespace riskguard

#endif
