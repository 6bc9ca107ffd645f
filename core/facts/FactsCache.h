//===- FactsCache.h - Content-addressed cache of facts ----------*- C++ -*-===//
//
// Parsing is the cost of riskguard; the facts of a translation unit depend
// only on its compile command and on the files it reads, so they are cached
// by content. A lookup is two-level, as in ccache's direct mode: the first
// key covers what is known before parsing (the compile command, the main
// file's contents, the compiler and riskguard itself) and names a manifest
// of the dependency sets seen with it; an entry is a hit only when every
// file of its set still has the recorded identity (contents for files under
// the repository, size and modification time for system headers).
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CORE_FACTS_FACTSCACHE_H
#define RISKGUARD_CORE_FACTS_FACTSCACHE_H

#include "facts/Facts.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace riskguard {

/// One file a translation unit read and the identity it had then.
struct CacheDependency {
  std::string Path; ///< Absolute, as the compiler opened it.
  std::string Hash; ///< "c:<xxh3 of contents>" or "s:<size>:<mtime>".
};

/// A directory of facts keyed by what produced them. Safe to share between
/// threads and between processes: every file is written to a temporary and
/// renamed into place, and a file that cannot be read back is a miss.
class FactsCache {
public:
  /// \p Dir is created on the first store.
  explicit FactsCache(std::string Dir);

  /// The directory the user asked for: \p Flag when given (empty: no
  /// cache), else none when RISKGUARD_NO_CACHE is set to anything but "0"
  /// or "", else $XDG_CACHE_HOME/riskguard, else ~/.cache/riskguard.
  static std::optional<std::string>
  directory(const std::optional<std::string> &Flag);

  /// The first-level key of a parse: \p Args (the adjusted command line),
  /// \p WorkingDir, \p Root (paths in facts are relative to it) and the
  /// main file's contents \p MainContents.
  static std::string key(llvm::ArrayRef<std::string> Args,
                         llvm::StringRef WorkingDir, llvm::StringRef Root,
                         llvm::StringRef MainContents);

  /// The identity of \p Path in \p FS: its contents' hash when it is under
  /// \p Root, else its size and modification time; nullopt when it cannot be
  /// read.
  static std::optional<std::string> identity(llvm::vfs::FileSystem &FS,
                                             llvm::StringRef Path,
                                             llvm::StringRef Root);

  /// The facts stored under \p Key whose dependencies all still have their
  /// identity in \p FS; nullopt on a miss or an unreadable entry.
  std::optional<TUFacts> lookup(llvm::StringRef Key, llvm::vfs::FileSystem &FS,
                                llvm::StringRef Root) const;

  /// Stores \p Facts under \p Key with the dependencies \p Deps. Failures
  /// are not errors: the cache only saves time.
  void store(llvm::StringRef Key, std::vector<CacheDependency> Deps,
             const TUFacts &Facts) const;

  llvm::StringRef dir() const { return Dir; }

private:
  /// identity(), remembered for files outside the root: every unit reads
  /// much the same system headers, and stat-ing them for each lookup made a
  /// warm run's cost grow with the number of units. They are taken not to
  /// change while one run lasts.
  std::optional<std::string> knownIdentity(llvm::vfs::FileSystem &FS,
                                           llvm::StringRef Path,
                                           llvm::StringRef Root) const;

  std::string Dir;
  mutable std::mutex OutsideLock;
  mutable llvm::StringMap<std::optional<std::string>> Outside;
};

} // namespace riskguard

#endif
