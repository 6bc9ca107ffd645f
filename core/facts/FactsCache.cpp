//===- FactsCache.cpp - Content-addressed cache of facts ------------------===//
#include "facts/FactsCache.h"
#include "facts/FactsIO.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/xxhash.h"

using namespace llvm;

namespace riskguard {

namespace {

/// Bumped whenever the layout of the cache changes.
constexpr unsigned CacheVersion = 1;
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

/// What riskguard itself is: facts change when the extractor does, so a
/// rebuilt binary starts from an empty cache.
const std::string &toolIdentity() {
  static const std::string Id = [] {
    std::string Exe = sys::fs::getMainExecutable(nullptr, nullptr);
    sys::fs::file_status St;
    std::string Out = "riskguard facts v" + std::to_string(FactsFormatVersion) +
                      " llvm " LLVM_VERSION_STRING " " + Exe;
    if (!Exe.empty() && !sys::fs::status(Exe, St))
      Out += " " + std::to_string(St.getSize()) + " " +
             std::to_string(
                 St.getLastModificationTime().time_since_epoch().count());
    return Out;
  }();
  return Id;
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
  std::vector<CacheDependency> Deps;
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
      const json::Array *Pair = D.getAsArray();
      if (!Pair || Pair->size() != 2 || !(*Pair)[0].getAsString() ||
          !(*Pair)[1].getAsString())
        return {};
      Var.Deps.push_back(
          {(*Pair)[0].getAsString()->str(), (*Pair)[1].getAsString()->str()});
    }
    Out.push_back(std::move(Var));
  }
  return Out;
}

std::string manifestText(StringRef Key, const std::vector<Variant> &Vars) {
  json::Array Variants;
  for (const Variant &Var : Vars) {
    json::Array Deps;
    for (const CacheDependency &D : Var.Deps)
      Deps.push_back(json::Array{D.Path, D.Hash});
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

std::string variantId(StringRef Key, ArrayRef<CacheDependency> Deps) {
  Hasher H;
  H.add(Key);
  for (const CacheDependency &D : Deps)
    H.add(D.Path).add(D.Hash);
  return H.hex();
}

} // namespace

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

std::string FactsCache::key(ArrayRef<std::string> Args, StringRef WorkingDir,
                            StringRef Root, StringRef MainContents) {
  Hasher H;
  H.add(toolIdentity()).add(WorkingDir).add(Root);
  for (const std::string &A : Args)
    H.add(A);
  H.add(Hasher::hash128(MainContents));
  return H.hex();
}

std::optional<std::string>
FactsCache::identity(vfs::FileSystem &FS, StringRef Path, StringRef Root) {
  bool Project =
      Path.starts_with(Root) && (Path.size() == Root.size() ||
                                 sys::path::is_separator(Path[Root.size()]));
  if (!Project) {
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
FactsCache::knownIdentity(vfs::FileSystem &FS, StringRef Path,
                          StringRef Root) const {
  if (Path.starts_with(Root))
    return identity(FS, Path, Root);
  {
    std::lock_guard<std::mutex> Lock(OutsideLock);
    if (auto It = Outside.find(Path); It != Outside.end())
      return It->second;
  }
  std::optional<std::string> Id = identity(FS, Path, Root);
  std::lock_guard<std::mutex> Lock(OutsideLock);
  Outside.try_emplace(Path, Id);
  return Id;
}

std::optional<TUFacts> FactsCache::lookup(StringRef Key, vfs::FileSystem &FS,
                                          StringRef Root) const {
  SmallString<256> Manifest(Dir);
  sys::path::append(Manifest, Key + ".manifest.json");
  for (const Variant &Var : readManifest(Manifest, Key)) {
    bool Valid = llvm::all_of(Var.Deps, [&](const CacheDependency &D) {
      return knownIdentity(FS, D.Path, Root) == D.Hash;
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

void FactsCache::store(StringRef Key, std::vector<CacheDependency> Deps,
                       const TUFacts &Facts) const {
  if (sys::fs::create_directories(Dir))
    return;
  llvm::sort(Deps, [](const CacheDependency &A, const CacheDependency &B) {
    return A.Path < B.Path;
  });
  Deps.erase(
      llvm::unique(Deps,
                   [](const CacheDependency &A, const CacheDependency &B) {
                     return A.Path == B.Path;
                   }),
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
