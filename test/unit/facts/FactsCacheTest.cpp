//===- FactsCacheTest.cpp - The content-addressed facts cache -------------===//
//
// Store and look up facts against an in-memory file system: a hit needs
// every dependency's identity unchanged (contents for all but system
// headers), keys and manifests name no checkout, entries are checked on
// read, and the directory follows --cache-dir, RISKGUARD_NO_CACHE and
// XDG_CACHE_HOME.
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

  /// What the parse of src/a.cc read.
  std::vector<std::string> Read = {"/repo/src/a.cc", "/repo/include/a.h",
                                   "/usr/include/x.h"};

  void store(const FactsCache &Cache, const std::string &K, const TUFacts &F) {
    Cache.store(K, Read, *FS, System, Paths, F);
  }
  void store(const FactsCache &Cache, const std::string &K) {
    store(Cache, K, Facts);
  }

  std::string key() {
    auto Buf = FS->getBufferForFile("/repo/src/a.cc");
    return FactsCache::key({"clang++", "-c", "src/a.cc"}, "/repo", Paths,
                           (*Buf)->getBuffer());
  }

  llvm::SmallString<128> Dir;
  llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> FS;
  TUFacts Facts;
  PathMapper Paths{"/repo", {"/build"}};
  IncludeDirs System = [] {
    IncludeDirs D;
    D.add("/repo/include", false);
    D.add("/usr/include", true);
    return D;
  }();
};

TEST_F(FactsCacheTest, StoredFactsComeBack) {
  FactsCache Cache{std::string(Dir)};
  EXPECT_FALSE(Cache.lookup(key(), *FS, Paths));
  store(Cache, key());
  std::optional<TUFacts> Hit = Cache.lookup(key(), *FS, Paths);
  ASSERT_TRUE(Hit);
  EXPECT_EQ("src/a.cc", Hit->MainFile);
  ASSERT_EQ(1u, Hit->Functions.size());
  EXPECT_EQ("a()", Hit->Functions[0].Name);
}

TEST_F(FactsCacheTest, KeyCoversCommandAndMainContents) {
  std::string K = key();
  EXPECT_NE(K, FactsCache::key({"clang++", "-c", "src/a.cc", "-DX"}, "/repo",
                               Paths,
                               "#include \"a.h\"\nint a() { return A; }\n"));
  EXPECT_NE(K,
            FactsCache::key({"clang++", "-c", "src/a.cc"}, "/repo/src", Paths,
                            "#include \"a.h\"\nint a() { return A; }\n"));
  put("/repo/src/a.cc", "int a() { return 2; }\n");
  EXPECT_NE(K, key());
  EXPECT_EQ(32u, K.size());
}

TEST_F(FactsCacheTest, AnEditedHeaderIsAMissAndBothVersionsAreKept) {
  FactsCache Cache{std::string(Dir)};
  std::string K = key();
  store(Cache, K);
  put("/repo/include/a.h", "#define A 2\n");
  EXPECT_FALSE(Cache.lookup(K, *FS, Paths));
  TUFacts Other = Facts;
  Other.Functions[0].TokenHash = 42;
  store(Cache, K, Other);
  ASSERT_TRUE(Cache.lookup(K, *FS, Paths));
  EXPECT_EQ(42u, Cache.lookup(K, *FS, Paths)->Functions[0].TokenHash);
  put("/repo/include/a.h", "#define A 1\n");
  ASSERT_TRUE(Cache.lookup(K, *FS, Paths));
  EXPECT_EQ(0u, Cache.lookup(K, *FS, Paths)->Functions[0].TokenHash);
}

TEST_F(FactsCacheTest, SystemHeadersAreIdentifiedBySizeAndTime) {
  FactsCache Cache{std::string(Dir)};
  std::string K = key();
  store(Cache, K);
  // The same contents at another time: a system header is not read.
  put("/usr/include/x.h", "int x;\n", /*MTime=*/1000);
  EXPECT_FALSE(FactsCache{std::string(Dir)}.lookup(K, *FS, Paths));
  EXPECT_EQ("s:7:",
            FactsCache::identity(*FS, "/usr/include/x.h", true)->substr(0, 4));
  EXPECT_EQ("c:",
            FactsCache::identity(*FS, "/usr/include/x.h", false)->substr(0, 2));
  EXPECT_FALSE(FactsCache::identity(*FS, "/repo/missing.h", false));
  EXPECT_FALSE(FactsCache::identity(*FS, "/repo/missing.h", true));
}

TEST_F(FactsCacheTest, OtherFilesOutsideTheRootAreIdentifiedByContents) {
  // A generated header in an out-of-source build directory, found through
  // -isystem even, and a third-party header found through -I.
  put("/build/gen/config.h", "#define GEN 1\n");
  put("/opt/lib/include/lib.h", "int lib;\n");
  System.add("/build/gen", true);
  System.add("/opt/lib/include", false);
  Read.push_back("/build/gen/config.h");
  Read.push_back("/opt/lib/include/lib.h");
  std::string K = key();
  store(FactsCache{std::string(Dir)}, K);
  // Touched with the same contents (a re-configure, a fresh checkout).
  put("/build/gen/config.h", "#define GEN 1\n", /*MTime=*/1000);
  put("/opt/lib/include/lib.h", "int lib;\n", /*MTime=*/1000);
  EXPECT_TRUE(FactsCache{std::string(Dir)}.lookup(K, *FS, Paths));
  put("/build/gen/config.h", "#define GEN 2\n", /*MTime=*/1000);
  EXPECT_FALSE(FactsCache{std::string(Dir)}.lookup(K, *FS, Paths));
  put("/build/gen/config.h", "#define GEN 1\n", /*MTime=*/1000);
  put("/opt/lib/include/lib.h", "int lib2;\n", /*MTime=*/1000);
  EXPECT_FALSE(FactsCache{std::string(Dir)}.lookup(K, *FS, Paths));
}

TEST_F(FactsCacheTest, ASystemHeaderIsTheOneInTheInnermostSearchDirectory) {
  IncludeDirs D;
  D.add("/usr/include", true);
  D.add("/usr/include/mylib", false);
  D.add("/usr/lib/gcc/x86_64-linux-gnu/13/../../../../include/c++/13", true);
  D.add("/repo/third_party", true);
  EXPECT_TRUE(D.isSystem("/usr/include/stdio.h"));
  EXPECT_TRUE(D.isSystem("/usr/include/sys/types.h"));
  EXPECT_FALSE(D.isSystem("/usr/include/mylib/x.h"));
  EXPECT_TRUE(D.isSystem("/usr/lib/gcc/x86_64-linux-gnu/13/../../../../"
                         "include/c++/13/vector"));
  EXPECT_TRUE(D.isSystem("/usr/include/c++/13/vector"));
  EXPECT_FALSE(D.isSystem("/usr/includes/x.h"));
  EXPECT_FALSE(D.isSystem("/opt/x.h"));
  EXPECT_TRUE(D.isSystem("/repo/third_party/t.h"));

  // Under the root, a system header is still identified by contents: a
  // revision changes it in place.
  FactsCache Cache{std::string(Dir)};
  put("/repo/third_party/t.h", "int t;\n");
  System.add("/repo/third_party", true);
  Read.push_back("/repo/third_party/t.h");
  std::string K = key();
  store(Cache, K);
  put("/repo/third_party/t.h", "int t;\n", /*MTime=*/1000);
  EXPECT_TRUE(FactsCache{std::string(Dir)}.lookup(K, *FS, Paths));
}

TEST(FactsCacheRebase, PathsUnderTheRootAndTheBuildDirectory) {
  PathMapper Out("/src/repo", {"/src/build"});
  EXPECT_EQ("-I@ROOT@/include",
            FactsCache::rebased("-I/src/repo/include", Out));
  EXPECT_EQ("-isystem@BUILD@/gen",
            FactsCache::rebased("-isystem/src/build/gen", Out));
  EXPECT_EQ("@ROOT@/src/a.cc", FactsCache::rebased("/src/repo/src/a.cc", Out));
  EXPECT_EQ("@BUILD@", FactsCache::rebased("/src/build", Out));
  EXPECT_EQ("-DDIR=\"@ROOT@\"",
            FactsCache::rebased("-DDIR=\"/src/repo\"", Out));
  EXPECT_EQ("-fdebug-prefix-map=@ROOT@=.",
            FactsCache::rebased("-fdebug-prefix-map=/src/repo=.", Out));
  // Not a path under either: another directory, or a path inside another.
  EXPECT_EQ("/src/repo2/a.cc", FactsCache::rebased("/src/repo2/a.cc", Out));
  EXPECT_EQ("/x/src/repo/a.cc", FactsCache::rebased("/x/src/repo/a.cc", Out));
  EXPECT_EQ("-DX=a/src/repo", FactsCache::rebased("-DX=a/src/repo", Out));
  EXPECT_EQ("../include", FactsCache::rebased("../include", Out));
  // A '@' of the text's own cannot pass for a placeholder.
  EXPECT_EQ("-DX=@@ROOT@@", FactsCache::rebased("-DX=@ROOT@", Out));
  EXPECT_EQ("@@resp.txt", FactsCache::rebased("@resp.txt", Out));

  // A build directory inside the root is named as such.
  PathMapper In("/src/repo", {"/src/repo/build"});
  EXPECT_EQ("-I@BUILD@/gen", FactsCache::rebased("-I/src/repo/build/gen", In));
  EXPECT_EQ("-I@ROOT@/buildx", FactsCache::rebased("-I/src/repo/buildx", In));

  // expanded() undoes it, in this checkout or another.
  PathMapper Other("/ci/w", {"/ci/b"});
  EXPECT_EQ("/ci/w/include/a.h",
            FactsCache::expanded("@ROOT@/include/a.h", Other));
  EXPECT_EQ("/ci/b/gen/c.h", FactsCache::expanded("@BUILD@/gen/c.h", Other));
  EXPECT_EQ("/usr/include/x.h",
            FactsCache::expanded("/usr/include/x.h", Other));
  EXPECT_EQ("/a@b/x.h", FactsCache::expanded(
                            FactsCache::rebased("/a@b/x.h", Other), Other));
  EXPECT_EQ(std::nullopt,
            FactsCache::expanded("@BUILD@/x.h", PathMapper("/ci/w")));
  EXPECT_EQ(std::nullopt, FactsCache::expanded("x.h", Other));
}

TEST_F(FactsCacheTest, ACacheServesAnotherCheckoutAndBuildDirectory) {
  // Checkout A in /repo, built in /build; checkout B in /ci/work, built in
  // /ci/build, with the same contents and newer times.
  put("/build/gen/config.h", "#define GEN 1\n");
  Read.push_back("/build/gen/config.h");
  auto Command = [](llvm::StringRef Root, llvm::StringRef Build) {
    return std::vector<std::string>{"clang++", "-I" + Root.str() + "/include",
                                    "-I" + Build.str() + "/gen", "-c",
                                    Root.str() + "/src/a.cc"};
  };
  std::string Main = "#include \"a.h\"\nint a() { return A; }\n";
  std::string KA =
      FactsCache::key(Command("/repo", "/build"), "/build", Paths, Main);
  FactsCache Cache{std::string(Dir)};
  Cache.store(KA, Read, *FS, System, Paths, Facts);

  PathMapper B("/ci/work", {"/ci/build"});
  std::string KB =
      FactsCache::key(Command("/ci/work", "/ci/build"), "/ci/build", B, Main);
  EXPECT_EQ(KA, KB);
  EXPECT_FALSE(Cache.lookup(KB, *FS, B));
  put("/ci/work/src/a.cc", Main, 500);
  put("/ci/work/include/a.h", "#define A 1\n", 500);
  put("/ci/build/gen/config.h", "#define GEN 1\n", 500);
  std::optional<TUFacts> Hit = FactsCache{std::string(Dir)}.lookup(KB, *FS, B);
  ASSERT_TRUE(Hit);
  EXPECT_EQ("src/a.cc", Hit->MainFile);

  // Nothing in the cache names either checkout.
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    auto Buf = llvm::MemoryBuffer::getFile(It->path());
    ASSERT_TRUE(Buf);
    EXPECT_EQ(llvm::StringRef::npos, (*Buf)->getBuffer().find("/repo"));
    EXPECT_EQ(llvm::StringRef::npos, (*Buf)->getBuffer().find("/build"));
  }

  // Another relation of the files to the root is another answer: a header
  // that was a project file is not one in B.
  PathMapper C("/ci/work", {"/ci/build", "/ci/work/include"});
  EXPECT_FALSE(FactsCache{std::string(Dir)}.lookup(KB, *FS, C));
}

TEST(FactsCacheTool, IdentityNamesNoPath) {
  const std::string &Id = FactsCache::toolIdentity();
  EXPECT_EQ(&Id, &FactsCache::toolIdentity());
  EXPECT_NE(std::string::npos, Id.find("riskguard facts v"));
  // Where the binary is installed is not what it is.
  std::string Exe = llvm::sys::fs::getMainExecutable(nullptr, nullptr);
  ASSERT_FALSE(Exe.empty());
  EXPECT_EQ(std::string::npos, Id.find(Exe)) << Id;
  EXPECT_EQ(std::string::npos, Id.find(llvm::sys::path::parent_path(Exe).str()))
      << Id;
}

TEST_F(FactsCacheTest, CorruptEntriesAreMisses) {
  FactsCache Cache{std::string(Dir)};
  std::string K = key();
  store(Cache, K);
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    if (!llvm::StringRef(It->path()).ends_with(".rgfacts"))
      continue;
    llvm::raw_fd_ostream OS(It->path(), EC);
    OS << "{\"version\": 1, \"key\": \"x\"}\n{}\n";
  }
  EXPECT_FALSE(Cache.lookup(K, *FS, Paths));
  store(Cache, K);
  EXPECT_TRUE(Cache.lookup(K, *FS, Paths));
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
  store(Cache, K);
  std::vector<std::string> Entries = cacheFiles(Dir, "rgfacts");
  std::vector<std::string> Manifests = cacheFiles(Dir, "manifest.json");
  ASSERT_EQ(1u, Entries.size());
  ASSERT_EQ(1u, Manifests.size());
  const std::string GoodEntry = readAll(Entries[0]);
  const std::string GoodManifest = readAll(Manifests[0]);
  std::string OtherVersion = GoodEntry;
  OtherVersion.replace(OtherVersion.find("\"version\":2"), 11, "\"version\":9");
  std::string OtherManifest = GoodManifest;
  OtherManifest.replace(OtherManifest.find("\"version\":2"), 11,
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
    EXPECT_FALSE(Cache.lookup(K, *FS, Paths));
    // Rebuilt as a cold run writes it.
    store(Cache, K);
    EXPECT_EQ(GoodEntry, readAll(Entries[0]));
    EXPECT_EQ(GoodManifest, readAll(Manifests[0]));
    std::optional<TUFacts> Hit = Cache.lookup(K, *FS, Paths);
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
