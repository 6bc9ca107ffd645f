//===- FactsCache.cpp - Content-addressed cache of facts ------------------===//
#include "facts/FactsCache.h"
#include "facts/FactsIO.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/xxhash.h"
#include <cstring>

#if defined(__linux__)
#include <elf.h>
#include <link.h>
#endif

using namespace llvm;

namespace riskguard {

namespace {

/// Bumped whenever the layout of the cache or the meaning of its keys
/// changes. 2: rebased paths, build ids, system headers by search directory.
constexpr unsigned CacheVersion = 2;
/// At most this many dependency sets are kept per first-level key (a header
/// that differs between base and head gives two).
constexpr size_t MaxVariants = 8;

/// Accumulates length-prefixed parts, so that "ab"+"c" and "a"+"bc" differ.
class Hasher {
public:
  Hasher &add(StringRef S) {
    Data += std::to_string(S.size());
    Data += ':';
    Data += S;
    return *this;
  }
  std::string hex() const { return hash128(Data); }
  static std::string hash128(StringRef S) {
    XXH128_hash_t H = xxh3_128bits(arrayRefFromStringRef(S));
    std::string Out;
    raw_string_ostream OS(Out);
    OS << format_hex_no_prefix(H.high64, 16)
       << format_hex_no_prefix(H.low64, 16);
    return Out;
  }

private:
  std::string Data;
};

/// One file a translation unit read, as a manifest records it.
struct Dependency {
  std::string Path; ///< FactsCache::rebased(), as the compiler opened it.
  std::string Hash; ///< FactsCache::identity().
  std::string Rel;  ///< Its name as a project file; empty when it is none.
};

bool isUnder(StringRef Path, StringRef Dir) {
  return Path.starts_with(Dir) && (Path.size() == Dir.size() ||
                                   sys::path::is_separator(Path[Dir.size()]));
}

/// \p Path without "." and "..": lookups do this for every file a unit
/// read, so a path without any is taken as it is.
SmallString<256> withoutDots(StringRef Path) {
  SmallString<256> Clean(Path);
  if (Path.contains("/."))
    sys::path::remove_dots(Clean, /*remove_dot_dot=*/true);
  return Clean;
}

/// Whether \p Path is under the root once "." and ".." are gone, as a
/// revision laid over the root sees it.
bool underRoot(StringRef Path, const PathMapper &Paths) {
  return isUnder(withoutDots(Path), Paths.root());
}

/// Under the root or the build directory: files a checkout or a configure
/// writes anew, identified by contents wherever they are.
bool inCheckout(StringRef Path, const PathMapper &Paths) {
  SmallString<256> Clean = withoutDots(Path);
  if (isUnder(Clean, Paths.root()))
    return true;
  return llvm::any_of(Paths.excluded(),
                      [&](const std::string &D) { return isUnder(Clean, D); });
}

/// The directories rebased() names, innermost first, with their names.
using Bases = std::vector<std::pair<std::string, std::string>>;

Bases bases(const PathMapper &Paths) {
  Bases Out;
  if (Paths.root().size() > 1)
    Out.emplace_back(Paths.root().str(), "@ROOT@");
  unsigned N = 0;
  for (const std::string &D : Paths.excluded()) {
    if (D.size() > 1)
      Out.emplace_back(D, N ? "@BUILD" + std::to_string(N) + "@" : "@BUILD@");
    ++N;
  }
  llvm::sort(Out, [](const auto &A, const auto &B) {
    if (A.first.size() != B.first.size())
      return A.first.size() > B.first.size();
    return A.second < B.second;
  });
  return Out;
}

/// Characters that may end a path inside an argument ("-DX=/a:/b").
bool endsPath(char C) { return StringRef("/=,:;\"' ").contains(C); }

/// Whether a path can start at \p I of the argument \p Text: at its start,
/// after a separator, or right after the option name of "-I/dir".
bool startsPath(StringRef Text, size_t I) {
  if (I == 0 || StringRef("=,:;\"' ").contains(Text[I - 1]))
    return true;
  StringRef Option = Text.take_front(I);
  return Option.starts_with("-") && llvm::all_of(Option, [](char C) {
           return isAlnum(C) || C == '-' || C == '_';
         });
}

std::string rebaseWith(StringRef Text, const Bases &With) {
  if (Text.find_first_of("/@") == StringRef::npos)
    return Text.str();
  std::string Out;
  Out.reserve(Text.size());
  for (size_t I = 0; I < Text.size();) {
    if (Text[I] == '/' && startsPath(Text, I)) {
      StringRef Rest = Text.substr(I);
      auto Base = llvm::find_if(With, [&](const auto &B) {
        return Rest.starts_with(B.first) && (Rest.size() == B.first.size() ||
                                             endsPath(Rest[B.first.size()]));
      });
      if (Base != With.end()) {
        Out += Base->second;
        I += Base->first.size();
        continue;
      }
    }
    if (Text[I] == '@')
      Out += '@';
    Out += Text[I++];
  }
  return Out;
}

std::optional<std::string> expandWith(StringRef Path, const Bases &With) {
  if (!Path.contains('@')) {
    if (!sys::path::is_absolute(Path))
      return std::nullopt;
    return Path.str();
  }
  std::string Out;
  for (size_t I = 0; I < Path.size();) {
    if (Path[I] != '@') {
      Out += Path[I++];
      continue;
    }
    if (Path.substr(I).starts_with("@@")) {
      Out += '@';
      I += 2;
      continue;
    }
    StringRef Rest = Path.substr(I);
    auto Base = llvm::find_if(
        With, [&](const auto &B) { return Rest.starts_with(B.second); });
    // A placeholder this checkout has no directory for: a build directory
    // inside the root then, beside it now.
    if (Base == With.end())
      return std::nullopt;
    Out += Base->first;
    I += Base->second.size();
  }
  if (!sys::path::is_absolute(Out))
    return std::nullopt;
  return Out;
}

// Build ids live in the loaded images' notes; reading them costs nothing,
// where hashing the executable costs a read of it.
struct LoadedObject {
  std::string Name; ///< File name; empty for the executable.
  std::string Path;
  std::string BuildId; ///< Hex; empty when it has none.
};

#if defined(__linux__)
std::string buildId(const dl_phdr_info &Info) {
  for (unsigned I = 0; I < Info.dlpi_phnum; ++I) {
    const ElfW(Phdr) &P = Info.dlpi_phdr[I];
    if (P.p_type != PT_NOTE)
      continue;
    uint64_t Align = P.p_align == 8 ? 8 : 4;
    const char *Ptr =
        reinterpret_cast<const char *>(Info.dlpi_addr + P.p_vaddr);
    const char *End = Ptr + P.p_memsz;
    while (Ptr + sizeof(ElfW(Nhdr)) <= End) {
      ElfW(Nhdr) N;
      std::memcpy(&N, Ptr, sizeof(N));
      const char *Name = Ptr + sizeof(N);
      const char *Desc = Name + alignTo(N.n_namesz, Align);
      const char *Next = Desc + alignTo(N.n_descsz, Align);
      if (Next > End || Desc > End)
        break;
      if (N.n_type == NT_GNU_BUILD_ID && N.n_namesz == 4 &&
          std::memcmp(Name, "GNU", 4) == 0 && N.n_descsz)
        return toHex(StringRef(Desc, N.n_descsz), /*LowerCase=*/true);
      Ptr = Next;
    }
  }
  return "";
}

int collectObject(dl_phdr_info *Info, size_t, void *Data) {
  auto &Out = *static_cast<std::vector<LoadedObject> *>(Data);
  StringRef Path = Info->dlpi_name ? Info->dlpi_name : "";
  // The first is the executable; of the libraries, those that parse.
  StringRef Name = sys::path::filename(Path);
  if (!Out.empty() && !Name.starts_with("libclang") &&
      !Name.starts_with("libLLVM"))
    return 0;
  Out.push_back({Out.empty() ? "" : Name.str(), Path.str(), buildId(*Info)});
  return 0;
}
#endif

std::vector<LoadedObject> loadedObjects() {
  std::vector<LoadedObject> Out;
#if defined(__linux__)
  dl_iterate_phdr(collectObject, &Out);
#endif
  if (Out.empty())
    Out.push_back({"", "", ""});
  return Out;
}

std::optional<std::string> readFile(StringRef Path) {
  // Read, not mapped: another process may replace or truncate the file
  // while it is read, and a mapping of a truncated file faults.
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
      MemoryBuffer::getFile(Path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false,
                            /*IsVolatile=*/true);
  if (!Buf)
    return std::nullopt;
  return (*Buf)->getBuffer().str();
}

void writeFile(StringRef Path, StringRef Contents) {
  // A directory where the file goes (left by a broken tool, say) would make
  // every later rename onto it fail; anything else is replaced by the rename.
  sys::fs::file_status St;
  if (!sys::fs::status(Path, St, /*Follow=*/false) &&
      St.type() == sys::fs::file_type::directory_file)
    sys::fs::remove_directories(Path, /*IgnoreErrors=*/true);
  // A temporary in the same directory renamed into place: a concurrent run
  // sees the old file or the new one, never half of one.
  consumeError(writeToOutput(Path, [&](raw_ostream &OS) {
    OS << Contents;
    return Error::success();
  }));
}

struct Variant {
  std::string Id;
  std::vector<Dependency> Deps;
};

std::vector<Variant> readManifest(StringRef Path, StringRef Key) {
  std::optional<std::string> Text = readFile(Path);
  if (!Text)
    return {};
  Expected<json::Value> V = json::parse(*Text);
  if (!V) {
    consumeError(V.takeError());
    return {};
  }
  const json::Object *O = V->getAsObject();
  if (!O || O->getInteger("version") != int64_t(CacheVersion) ||
      O->getString("key") != Key)
    return {};
  const json::Array *Variants = O->getArray("variants");
  if (!Variants)
    return {};
  std::vector<Variant> Out;
  for (const json::Value &E : *Variants) {
    const json::Object *VO = E.getAsObject();
    if (!VO)
      return {};
    std::optional<StringRef> Id = VO->getString("id");
    const json::Array *Deps = VO->getArray("deps");
    if (!Id || !Deps)
      return {};
    Variant Var{Id->str(), {}};
    for (const json::Value &D : *Deps) {
      const json::Array *Triple = D.getAsArray();
      if (!Triple || Triple->size() != 3 ||
          !llvm::all_of(*Triple, [](const json::Value &S) {
            return S.getAsString().has_value();
          }))
        return {};
      Var.Deps.push_back({(*Triple)[0].getAsString()->str(),
                          (*Triple)[1].getAsString()->str(),
                          (*Triple)[2].getAsString()->str()});
    }
    Out.push_back(std::move(Var));
  }
  return Out;
}

std::string manifestText(StringRef Key, const std::vector<Variant> &Vars) {
  json::Array Variants;
  for (const Variant &Var : Vars) {
    json::Array Deps;
    for (const Dependency &D : Var.Deps)
      Deps.push_back(json::Array{D.Path, D.Hash, D.Rel});
    Variants.push_back(json::Object{{"id", Var.Id}, {"deps", std::move(Deps)}});
  }
  std::string Out;
  raw_string_ostream OS(Out);
  OS << json::Value(json::Object{{"version", CacheVersion},
                                 {"key", Key},
                                 {"variants", std::move(Variants)}})
     << "\n";
  return Out;
}

std::string variantId(StringRef Key, ArrayRef<Dependency> Deps) {
  Hasher H;
  H.add(Key);
  for (const Dependency &D : Deps)
    H.add(D.Path).add(D.Hash).add(D.Rel);
  return H.hex();
}

} // namespace

void IncludeDirs::add(StringRef Dir, bool System) {
  Dirs.emplace_back(std::string(withoutDots(Dir)), System);
}

bool IncludeDirs::isSystem(StringRef Path) const {
  SmallString<256> Clean = withoutDots(Path);
  const std::pair<std::string, bool> *Innermost = nullptr;
  for (const auto &D : Dirs)
    if (isUnder(Clean, D.first) &&
        (!Innermost || D.first.size() > Innermost->first.size()))
      Innermost = &D;
  return Innermost && Innermost->second;
}

FactsCache::FactsCache(std::string Dir) : Dir(std::move(Dir)) {}

std::optional<std::string>
FactsCache::directory(const std::optional<std::string> &Flag) {
  if (Flag) {
    if (Flag->empty())
      return std::nullopt;
    SmallString<256> Abs(*Flag);
    sys::fs::make_absolute(Abs);
    return std::string(Abs);
  }
  if (std::optional<std::string> No =
          sys::Process::GetEnv("RISKGUARD_NO_CACHE"))
    if (!No->empty() && *No != "0")
      return std::nullopt;
  SmallString<256> Dir;
  std::optional<std::string> Xdg = sys::Process::GetEnv("XDG_CACHE_HOME");
  if (Xdg && !Xdg->empty() && sys::path::is_absolute(*Xdg)) {
    Dir = *Xdg;
  } else {
    if (!sys::path::home_directory(Dir))
      return std::nullopt;
    sys::path::append(Dir, ".cache");
  }
  sys::path::append(Dir, "riskguard");
  return std::string(Dir);
}

const std::string &FactsCache::toolIdentity() {
  static const std::string Id = [] {
    std::string Out = "riskguard facts v" + std::to_string(FactsFormatVersion) +
                      " cache v" + std::to_string(CacheVersion) +
                      " llvm " LLVM_VERSION_STRING;
    std::vector<LoadedObject> Objects = loadedObjects();
    LoadedObject &Exe = Objects.front();
    // The build id names the linked bytes: a copy of them anywhere shares
    // the cache. Without one the contents do, read once per run.
    if (Exe.BuildId.empty()) {
      std::string Path = sys::fs::getMainExecutable(nullptr, nullptr);
      std::optional<std::string> Bytes =
          Path.empty() ? std::nullopt : readFile(Path);
      Exe.BuildId =
          Bytes ? "xxh3:" + Hasher::hash128(*Bytes) : "unknown:" + Path;
    }
    llvm::sort(Objects.begin() + 1, Objects.end(),
               [](const LoadedObject &A, const LoadedObject &B) {
                 return A.Name < B.Name;
               });
    for (const LoadedObject &O : Objects) {
      Out += " " + (O.Name.empty() ? std::string("exe") : O.Name) + " ";
      if (!O.BuildId.empty()) {
        Out += O.BuildId;
        continue;
      }
      // A system library without a build id: like a system header.
      sys::fs::file_status St;
      if (sys::fs::status(O.Path, St))
        Out += "unknown:" + O.Path;
      else
        Out += "s:" + std::to_string(St.getSize()) + ":" +
               std::to_string(
                   St.getLastModificationTime().time_since_epoch().count());
    }
    return Out;
  }();
  return Id;
}

std::string FactsCache::rebased(StringRef Text, const PathMapper &Paths) {
  return rebaseWith(Text, bases(Paths));
}

std::optional<std::string> FactsCache::expanded(StringRef Path,
                                                const PathMapper &Paths) {
  return expandWith(Path, bases(Paths));
}

std::string FactsCache::key(ArrayRef<std::string> Args, StringRef WorkingDir,
                            const PathMapper &Paths, StringRef MainContents) {
  Bases B = bases(Paths);
  Hasher H;
  H.add(toolIdentity()).add(rebaseWith(WorkingDir, B));
  for (const std::string &A : Args)
    H.add(rebaseWith(A, B));
  H.add(Hasher::hash128(MainContents));
  return H.hex();
}

std::optional<std::string> FactsCache::identity(vfs::FileSystem &FS,
                                                StringRef Path, bool Cheap) {
  if (Cheap) {
    ErrorOr<vfs::Status> St = FS.status(Path);
    if (!St)
      return std::nullopt;
    return "s:" + std::to_string(St->getSize()) + ":" +
           std::to_string(
               St->getLastModificationTime().time_since_epoch().count());
  }
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = FS.getBufferForFile(
      Path, /*FileSize=*/-1, /*RequiresNullTerminator=*/false);
  if (!Buf)
    return std::nullopt;
  return "c:" + Hasher::hash128((*Buf)->getBuffer());
}

std::optional<std::string>
FactsCache::knownIdentity(vfs::FileSystem &FS, StringRef Path, bool Cheap,
                          const PathMapper &Paths) const {
  // A revision laid over the root changes what is there.
  if (underRoot(Path, Paths))
    return identity(FS, Path, Cheap);
  std::string Memo = (Cheap ? "s:" : "c:") + Path.str();
  {
    std::lock_guard<std::mutex> Lock(OutsideLock);
    if (auto It = Outside.find(Memo); It != Outside.end())
      return It->second;
  }
  std::optional<std::string> Id = identity(FS, Path, Cheap);
  std::lock_guard<std::mutex> Lock(OutsideLock);
  Outside.try_emplace(Memo, Id);
  return Id;
}

std::string FactsCache::knownRelative(StringRef Path,
                                      const PathMapper &Paths) const {
  // What is a project file depends on the disk, not on a revision laid
  // over it: remembered for every path.
  std::string Memo = "r:" + Path.str();
  {
    std::lock_guard<std::mutex> Lock(OutsideLock);
    if (auto It = Outside.find(Memo); It != Outside.end())
      return It->second.value_or("");
  }
  std::optional<std::string> Rel = Paths.relative(Path);
  std::lock_guard<std::mutex> Lock(OutsideLock);
  Outside.try_emplace(Memo, Rel);
  return Rel.value_or("");
}

std::optional<TUFacts> FactsCache::lookup(StringRef Key, vfs::FileSystem &FS,
                                          const PathMapper &Paths) const {
  SmallString<256> Manifest(Dir);
  sys::path::append(Manifest, Key + ".manifest.json");
  Bases B = bases(Paths);
  for (const Variant &Var : readManifest(Manifest, Key)) {
    bool Valid = llvm::all_of(Var.Deps, [&](const Dependency &D) {
      std::optional<std::string> Abs = expandWith(D.Path, B);
      if (!Abs)
        return false;
      // Never cheap for a file a checkout or a configure rewrites.
      bool Cheap = StringRef(D.Hash).starts_with("s:") && D.Rel.empty() &&
                   !inCheckout(*Abs, Paths);
      return knownIdentity(FS, *Abs, Cheap, Paths) == D.Hash &&
             knownRelative(*Abs, Paths) == D.Rel;
    });
    if (!Valid || variantId(Key, Var.Deps) != Var.Id)
      continue;
    SmallString<256> Entry(Dir);
    sys::path::append(Entry, Var.Id + ".rgfacts");
    std::optional<std::string> Text = readFile(Entry);
    if (!Text)
      return std::nullopt;
    // The first line names the entry; the rest is a facts file.
    auto [Header, Body] = StringRef(*Text).split('\n');
    Expected<json::Value> H = json::parse(Header);
    if (!H) {
      consumeError(H.takeError());
      return std::nullopt;
    }
    const json::Object *O = H->getAsObject();
    if (!O || O->getInteger("version") != int64_t(CacheVersion) ||
        O->getString("key") != Var.Id)
      return std::nullopt;
    Expected<TUFacts> Facts = readFacts(Body, Entry);
    if (!Facts) {
      consumeError(Facts.takeError());
      return std::nullopt;
    }
    return std::move(*Facts);
  }
  return std::nullopt;
}

void FactsCache::store(StringRef Key, ArrayRef<std::string> Read,
                       vfs::FileSystem &FS, const IncludeDirs &Dirs,
                       const PathMapper &Paths, const TUFacts &Facts) const {
  Bases B = bases(Paths);
  std::vector<Dependency> Deps;
  for (const std::string &Path : Read) {
    std::string Rel = knownRelative(Path, Paths);
    bool Cheap = Rel.empty() && Dirs.isSystem(Path) && !inCheckout(Path, Paths);
    std::optional<std::string> Id = knownIdentity(FS, Path, Cheap, Paths);
    if (!Id)
      return;
    Deps.push_back({rebaseWith(Path, B), std::move(*Id), std::move(Rel)});
  }
  if (sys::fs::create_directories(Dir))
    return;
  llvm::sort(Deps, [](const Dependency &A, const Dependency &B) {
    return A.Path < B.Path;
  });
  Deps.erase(
      llvm::unique(Deps, [](const Dependency &A,
                            const Dependency &B) { return A.Path == B.Path; }),
      Deps.end());
  std::string Id = variantId(Key, Deps);
  std::string Text;
  raw_string_ostream OS(Text);
  OS << json::Value(json::Object{{"version", CacheVersion}, {"key", Id}})
     << "\n";
  writeFacts(Facts, OS);
  SmallString<256> Entry(Dir);
  sys::path::append(Entry, Id + ".rgfacts");
  writeFile(Entry, Text);

  // The newest set first; a concurrent writer may drop another's variant,
  // which costs a parse, never a wrong answer.
  SmallString<256> Manifest(Dir);
  sys::path::append(Manifest, Key + ".manifest.json");
  std::vector<Variant> Vars = readManifest(Manifest, Key);
  llvm::erase_if(Vars, [&](const Variant &V) { return V.Id == Id; });
  Vars.insert(Vars.begin(), Variant{Id, std::move(Deps)});
  if (Vars.size() > MaxVariants)
    Vars.resize(MaxVariants);
  writeFile(Manifest, manifestText(Key, Vars));
}

} // namespace riskguard
