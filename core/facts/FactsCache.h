//===- FactsCache.h - Content-addressed cache of facts ----------*- C++ -*-===//
//
// Parsing is the cost of riskguard; the facts of a translation unit depend
// only on its compile command and on the files it reads, so they are cached
// by content. A lookup is two-level, as in ccache's direct mode: the first
// key covers what is known before parsing (the compile command, the main
// file's contents, the compiler and riskguard itself) and names a manifest
// of the dependency sets seen with it; an entry is a hit only when every
// file of its set still has the recorded identity: its contents, except for
// system headers, which are identified by size and modification time.
//
// Nothing in a key or a manifest names the checkout: paths under the
// repository root and the build directory are written with placeholders, as
// ccache's base_dir does, so a cache filled in one checkout serves a clone
// in another directory or a build configured into another directory.
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CORE_FACTS_FACTSCACHE_H
#define RISKGUARD_CORE_FACTS_FACTSCACHE_H

#include "facts/Extractor.h"
#include "facts/Facts.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace riskguard {

/// The header search directories of one parse, each a system directory
/// (-isystem, the compiler's own) or not, as clang's header search has them.
class IncludeDirs {
public:
  /// Adds the absolute directory \p Dir.
  void add(llvm::StringRef Dir, bool System);

  /// Whether the absolute \p Path is a system header: the innermost search
  /// directory holding it is a system one, as clang decides for a header it
  /// finds there or includes with "" from one found there.
  bool isSystem(llvm::StringRef Path) const;

private:
  std::vector<std::pair<std::string, bool>> Dirs; ///< Without "." or "..".
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

  /// What riskguard is, for keys: the facts format, the LLVM version, and
  /// the GNU build id of the executable and of the clang and LLVM libraries
  /// it loaded (the hash of the executable's contents when it has none), so
  /// the same bytes installed anywhere share entries and a rebuilt,
  /// different binary does not. Computed once per process.
  static const std::string &toolIdentity();

  /// The first-level key of a parse: \p Args (the adjusted command line),
  /// \p WorkingDir and the main file's contents \p MainContents, with the
  /// paths under \p Paths' root and build directory rebased().
  static std::string key(llvm::ArrayRef<std::string> Args,
                         llvm::StringRef WorkingDir, const PathMapper &Paths,
                         llvm::StringRef MainContents);

  /// \p Text (an argument or a path) with every absolute path under the
  /// root of \p Paths written "@ROOT@/...", and under its build directory
  /// "@BUILD@/..." (the innermost wins); a '@' of its own is doubled, so
  /// that no two texts rebase alike.
  static std::string rebased(llvm::StringRef Text, const PathMapper &Paths);

  /// The absolute path a rebased() path names for \p Paths; nullopt when
  /// \p Path is neither absolute nor rebased.
  static std::optional<std::string> expanded(llvm::StringRef Path,
                                             const PathMapper &Paths);

  /// The identity of \p Path in \p FS: "c:" and its contents' hash, or with
  /// \p Cheap "s:" and its size and modification time; nullopt when it
  /// cannot be read.
  static std::optional<std::string> identity(llvm::vfs::FileSystem &FS,
                                             llvm::StringRef Path, bool Cheap);

  /// The facts stored under \p Key whose dependencies all still have their
  /// identity in \p FS, and are project files of \p Paths under the same
  /// names or not at all, as then; nullopt on a miss or an unreadable entry.
  std::optional<TUFacts> lookup(llvm::StringRef Key, llvm::vfs::FileSystem &FS,
                                const PathMapper &Paths) const;

  /// Stores \p Facts under \p Key with the files \p Read (absolute, as
  /// opened) as dependencies, identified in \p FS: by size and time the
  /// system headers of \p Dirs outside the root and the build directory,
  /// by contents every other. Failures are not errors: the cache only
  /// saves time; a file that cannot be identified stores nothing.
  void store(llvm::StringRef Key, llvm::ArrayRef<std::string> Read,
             llvm::vfs::FileSystem &FS, const IncludeDirs &Dirs,
             const PathMapper &Paths, const TUFacts &Facts) const;

  llvm::StringRef dir() const { return Dir; }

private:
  /// identity(), remembered for files outside the root, and
  /// PathMapper::relative(), for every file: every unit reads much the same
  /// headers, and looking at them for each lookup made a warm run's cost
  /// grow with the number of units. They are taken not to change while one
  /// run lasts.
  std::optional<std::string> knownIdentity(llvm::vfs::FileSystem &FS,
                                           llvm::StringRef Path, bool Cheap,
                                           const PathMapper &Paths) const;
  std::string knownRelative(llvm::StringRef Path,
                            const PathMapper &Paths) const;

  std::string Dir;
  mutable std::mutex OutsideLock;
  mutable llvm::StringMap<std::optional<std::string>> Outside;
};

} // namespace riskguard

#endif
