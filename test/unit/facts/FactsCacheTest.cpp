//===- FactsCacheTest.cpp - The content-addressed facts cache -------------===//
//
// Store and look up facts against an in-memory file system: a hit needs
// every dependency's identity unchanged, entries are checked on read, and
// the directory follows --cache-dir, RISKGUARD_NO_CACHE and XDG_CACHE_HOME.
//
//===----------------------------------------------------------------------===//

#include "facts/FactsCache.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <cstdlib>

using namespace riskguard;

namespace {

class FactsCacheTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("rg-facts-cache", Dir));
    FS = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
    put("/repo/src/a.cc", "#include \"a.h\"\nint a() { return A; }\n");
    put("/repo/include/a.h", "#define A 1\n");
    put("/usr/include/x.h", "int x;\n");
    Facts.MainFile = "src/a.cc";
    Facts.Files = {"include/a.h", "src/a.cc"};
    FunctionFacts F;
    F.USR = "c:@F@a#";
    F.Name = "a()";
    F.File = "src/a.cc";
    F.Line = 2;
    Facts.Functions.push_back(F);
  }
  void TearDown() override { llvm::sys::fs::remove_directories(Dir); }

  void put(llvm::StringRef Path, llvm::StringRef Text, time_t MTime = 0) {
    // InMemoryFileSystem cannot replace a file; rebuild it for an edit.
    if (FS->exists(Path)) {
      auto Old = FS;
      FS = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
      std::error_code EC;
      for (llvm::vfs::recursive_directory_iterator It(*Old, "/", EC), End;
           It != End && !EC; It.increment(EC)) {
        if (It->type() != llvm::sys::fs::file_type::regular_file ||
            It->path() == Path)
          continue;
        auto Buf = Old->getBufferForFile(It->path());
        auto St = Old->status(It->path());
        FS->addFile(It->path(),
                    llvm::sys::toTimeT(St->getLastModificationTime()),
                    llvm::MemoryBuffer::getMemBufferCopy((*Buf)->getBuffer()));
      }
    }
    FS->addFile(Path, MTime, llvm::MemoryBuffer::getMemBufferCopy(Text));
  }

  std::vector<CacheDependency> deps() {
    std::vector<CacheDependency> D;
    for (const char *P :
         {"/repo/src/a.cc", "/repo/include/a.h", "/usr/include/x.h"})
      D.push_back({P, *FactsCache::identity(*FS, P, "/repo")});
    return D;
  }

  std::string key() {
    auto Buf = FS->getBufferForFile("/repo/src/a.cc");
    return FactsCache::key({"clang++", "-c", "src/a.cc"}, "/repo", "/repo",
                           (*Buf)->getBuffer());
  }

  llvm::SmallString<128> Dir;
  llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> FS;
  TUFacts Facts;
};

TEST_F(FactsCacheTest, StoredFactsComeBack) {
  FactsCache Cache{std::string(Dir)};
  EXPECT_FALSE(Cache.lookup(key(), *FS, "/repo"));
  Cache.store(key(), deps(), Facts);
  std::optional<TUFacts> Hit = Cache.lookup(key(), *FS, "/repo");
  ASSERT_TRUE(Hit);
  EXPECT_EQ("src/a.cc", Hit->MainFile);
  ASSERT_EQ(1u, Hit->Functions.size());
  EXPECT_EQ("a()", Hit->Functions[0].Name);
}

TEST_F(FactsCacheTest, KeyCoversCommandAndMainContents) {
  std::string K = key();
  EXPECT_NE(K, FactsCache::key({"clang++", "-c", "src/a.cc", "-DX"}, "/repo",
                               "/repo",
                               "#include \"a.h\"\nint a() { return A; }\n"));
  put("/repo/src/a.cc", "int a() { return 2; }\n");
  EXPECT_NE(K, key());
  EXPECT_EQ(32u, K.size());
}

TEST_F(FactsCacheTest, AnEditedHeaderIsAMissAndBothVersionsAreKept) {
  FactsCache Cache{std::string(Dir)};
  std::string K = key();
  Cache.store(K, deps(), Facts);
  put("/repo/include/a.h", "#define A 2\n");
  EXPECT_FALSE(Cache.lookup(K, *FS, "/repo"));
  TUFacts Other = Facts;
  Other.Functions[0].TokenHash = 42;
  Cache.store(K, deps(), Other);
  ASSERT_TRUE(Cache.lookup(K, *FS, "/repo"));
  EXPECT_EQ(42u, Cache.lookup(K, *FS, "/repo")->Functions[0].TokenHash);
  put("/repo/include/a.h", "#define A 1\n");
  ASSERT_TRUE(Cache.lookup(K, *FS, "/repo"));
  EXPECT_EQ(0u, Cache.lookup(K, *FS, "/repo")->Functions[0].TokenHash);
}

TEST_F(FactsCacheTest, SystemHeadersAreIdentifiedBySizeAndTime) {
  FactsCache Cache{std::string(Dir)};
  std::string K = key();
  Cache.store(K, deps(), Facts);
  put("/usr/include/x.h", "int x;\n", /*MTime=*/1000);
  EXPECT_FALSE(Cache.lookup(K, *FS, "/repo"));
  EXPECT_EQ(
      "s:7:",
      FactsCache::identity(*FS, "/usr/include/x.h", "/repo")->substr(0, 4));
  EXPECT_EQ(
      "c:",
      FactsCache::identity(*FS, "/repo/include/a.h", "/repo")->substr(0, 2));
  EXPECT_FALSE(FactsCache::identity(*FS, "/repo/missing.h", "/repo"));
}

TEST_F(FactsCacheTest, CorruptEntriesAreMisses) {
  FactsCache Cache{std::string(Dir)};
  std::string K = key();
  Cache.store(K, deps(), Facts);
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    if (!llvm::StringRef(It->path()).ends_with(".rgfacts"))
      continue;
    llvm::raw_fd_ostream OS(It->path(), EC);
    OS << "{\"version\": 1, \"key\": \"x\"}\n{}\n";
  }
  EXPECT_FALSE(Cache.lookup(K, *FS, "/repo"));
  Cache.store(K, deps(), Facts);
  EXPECT_TRUE(Cache.lookup(K, *FS, "/repo"));
}

/// The cache's files of one kind ("rgfacts" or "manifest.json").
std::vector<std::string> cacheFiles(llvm::StringRef Dir, llvm::StringRef Ext) {
  std::vector<std::string> Out;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    if (llvm::StringRef(It->path()).ends_with("." + Ext.str()))
      Out.push_back(It->path());
  return Out;
}

std::string readAll(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  return Buf ? (*Buf)->getBuffer().str() : "";
}

void overwrite(llvm::StringRef Path, llvm::StringRef Text) {
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC);
  ASSERT_FALSE(EC) << Path.str();
  OS << Text;
}

TEST_F(FactsCacheTest, DamagedFilesAreMissesAndAreRewritten) {
  FactsCache Cache{std::string(Dir)};
  std::string K = key();
  Cache.store(K, deps(), Facts);
  std::vector<std::string> Entries = cacheFiles(Dir, "rgfacts");
  std::vector<std::string> Manifests = cacheFiles(Dir, "manifest.json");
  ASSERT_EQ(1u, Entries.size());
  ASSERT_EQ(1u, Manifests.size());
  const std::string GoodEntry = readAll(Entries[0]);
  const std::string GoodManifest = readAll(Manifests[0]);
  std::string OtherVersion = GoodEntry;
  OtherVersion.replace(OtherVersion.find("\"version\":1"), 11,
                       "\"version\":9");
  std::string OtherManifest = GoodManifest;
  OtherManifest.replace(OtherManifest.find("\"version\":1"), 11,
                        "\"version\":9");
  ASSERT_NE(GoodEntry, OtherVersion);
  ASSERT_NE(GoodManifest, OtherManifest);

  struct Damage {
    const char *Name;
    bool InManifest;
    std::string Text; ///< Empty with Directory: a directory instead.
    bool Directory = false;
  };
  std::vector<Damage> Damages = {
      {"empty entry", false, ""},
      {"truncated entry", false, GoodEntry.substr(0, GoodEntry.size() / 2)},
      {"header only", false, GoodEntry.substr(0, GoodEntry.find('\n') + 1)},
      {"garbage entry", false, std::string("\0\xff\x01garbage\n", 12)},
      {"entry of another version", false, OtherVersion},
      {"directory for an entry", false, "", true},
      {"empty manifest", true, ""},
      {"truncated manifest", true,
       GoodManifest.substr(0, GoodManifest.size() - 5)},
      {"manifest of another version", true, OtherManifest},
      {"directory for a manifest", true, "", true},
  };
  for (const Damage &D : Damages) {
    SCOPED_TRACE(D.Name);
    std::string Path = D.InManifest ? Manifests[0] : Entries[0];
    ASSERT_FALSE(llvm::sys::fs::remove(Path));
    if (D.Directory)
      ASSERT_FALSE(llvm::sys::fs::create_directories(Path + "/sub"));
    else
      overwrite(Path, D.Text);
    EXPECT_FALSE(Cache.lookup(K, *FS, "/repo"));
    // Rebuilt as a cold run writes it.
    Cache.store(K, deps(), Facts);
    EXPECT_EQ(GoodEntry, readAll(Entries[0]));
    EXPECT_EQ(GoodManifest, readAll(Manifests[0]));
    std::optional<TUFacts> Hit = Cache.lookup(K, *FS, "/repo");
    ASSERT_TRUE(Hit);
    EXPECT_EQ("a()", Hit->Functions[0].Name);
  }
}

TEST(FactsCacheDirectory, FlagEnvironmentAndDefault) {
  const char *Home = ::getenv("HOME");
  std::string SavedHome = Home ? Home : "";
  EXPECT_EQ(std::nullopt, FactsCache::directory(std::string()));
  EXPECT_EQ("/tmp/c", FactsCache::directory(std::string("/tmp/c")));
  ::setenv("RISKGUARD_NO_CACHE", "1", 1);
  EXPECT_EQ(std::nullopt, FactsCache::directory(std::nullopt));
  EXPECT_EQ("/tmp/c", FactsCache::directory(std::string("/tmp/c")));
  ::setenv("RISKGUARD_NO_CACHE", "0", 1);
  ::setenv("XDG_CACHE_HOME", "/xdg", 1);
  EXPECT_EQ("/xdg/riskguard", FactsCache::directory(std::nullopt));
  ::unsetenv("XDG_CACHE_HOME");
  ::setenv("HOME", "/home/u", 1);
  EXPECT_EQ("/home/u/.cache/riskguard", FactsCache::directory(std::nullopt));
  ::unsetenv("RISKGUARD_NO_CACHE");
  if (Home)
    ::setenv("HOME", SavedHome.c_str(), 1);
  else
    ::unsetenv("HOME");
}

} // namespace
