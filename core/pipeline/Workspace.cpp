//===- Workspace.cpp - The repository, policy and build a command uses ----===//
#include "pipeline/Workspace.h"
#include "repo/Paths.h"
#include "repo/Snapshot.h"
#include "repo/SourceFiles.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <algorithm>

using namespace llvm;

namespace riskguard {

namespace {

/// A compile database lists every translation unit of a build: generous.
constexpr uint64_t MaxCompileCommandsSize = 512 << 20;

std::string realPath(StringRef Path) {
  SmallString<256> Real;
  if (sys::fs::real_path(Path, Real))
    return Path.str();
  return std::string(Real);
}

Error fail(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), Message);
}

/// Where the \p Index-th element of the top-level array of \p Text starts,
/// as (line, column); (1, 1) if it cannot be found.
std::pair<unsigned, unsigned> elementPosition(StringRef Text, unsigned Index) {
  unsigned Line = 1, Column = 1, Depth = 0, Seen = 0;
  bool InString = false, Escaped = false;
  for (char C : Text) {
    if (InString) {
      if (Escaped)
        Escaped = false;
      else if (C == '\\')
        Escaped = true;
      else if (C == '"')
        InString = false;
    } else if (C == '"') {
      InString = true;
    } else if (C == '[' || C == '{') {
      if (Depth++ == 1 && Seen++ == Index)
        return {Line, Column};
    } else if (C == ']' || C == '}') {
      --Depth;
    }
    if (C == '\n') {
      ++Line;
      Column = 1;
    } else {
      ++Column;
    }
  }
  return {1, 1};
}

/// Checks a compile database before clang reads it: clang's reader names
/// no position, and reads a cut-off file as an empty database. A source of
/// the repository at \p Root that links outside it is refused too.
Error validateCompileCommands(StringRef Text, StringRef Name, StringRef Root) {
  Expected<json::Value> Parsed = json::parse(Text);
  if (!Parsed) {
    // llvm::json says "[LINE:COL, byte=N]: what"; clang style is FILE:L:C.
    std::string Message = toString(Parsed.takeError());
    StringRef M = Message;
    unsigned Line = 1, Column = 1;
    if (M.consume_front("[")) {
      auto [Where, Rest] = M.split("]: ");
      auto [L, C] = Where.split(',').first.split(':');
      if (!L.getAsInteger(10, Line) && !C.getAsInteger(10, Column))
        M = Rest;
      Column = std::max(Column, 1u); // At a line end llvm::json says column 0.
    }
    return fail(Name + ":" + Twine(Line) + ":" + Twine(Column) + ": " + M);
  }
  const json::Array *Entries = Parsed->getAsArray();
  if (!Entries)
    return fail(Name + ":1:1: expected an array of compile commands");
  for (unsigned I = 0; I < Entries->size(); ++I) {
    const json::Object *E = (*Entries)[I].getAsObject();
    // Found only for a message: a scan per entry is quadratic in the
    // size of a database with many thousands of entries.
    auto At = [&] {
      auto [Line, Column] = elementPosition(Text, I);
      return (Name + ":" + Twine(Line) + ":" + Twine(Column) + ": entry " +
              Twine(I + 1))
          .str();
    };
    auto Where = [&](const Twine &What) { return fail(At() + " " + What); };
    if (!E)
      return Where("is not an object");
    for (StringRef Key : {"directory", "file"})
      if (!E->getString(Key))
        return Where("has no string \"" + Key + "\"");
    if (!E->getString("command") && !E->getArray("arguments"))
      return Where("has neither \"command\" nor \"arguments\"");
    SmallString<256> File(*E->getString("file"));
    sys::fs::make_absolute(*E->getString("directory"), File);
    sys::path::remove_dots(File, /*remove_dot_dot=*/true);
    StringRef InRepo = File;
    if (InRepo.consume_front(Root) && InRepo.consume_front("/"))
      if (Error Err = checkInsideWorkTree(Root, InRepo, InRepo)) {
        consumeError(std::move(Err));
        return checkInsideWorkTree(Root, InRepo, At() + ": " + InRepo);
      }
  }
  return Error::success();
}

} // namespace

Expected<Coverage> loadCoverage(StringRef Path, const Workspace &W,
                                const Snapshot *HeadOverlay) {
  CoverageSource Src;
  // lcov paths are absolute, or relative to where the tests ran; the root
  // stands in for the latter.
  Src.Relative = [&](StringRef SF) { return W.Paths->relative(SF, W.Root); };
  Src.HeadText = [&](StringRef Rel) {
    return readThrough(HeadOverlay, W.Root, Rel.str());
  };
  return readCoverage(Path, Src);
}

std::string displayPath(StringRef Path, StringRef Root) {
  StringRef P = Path;
  if (P.consume_front(Root) && P.consume_front("/"))
    return P.str();
  return Path.str();
}

/// Loads the policy: \p PolicyFile, else .riskguard.json at the root; one
/// that links out of the repository is refused.
static Error openPolicy(Workspace &W, StringRef PolicyFile) {
  std::string PolicyName = PolicyFile.str();
  W.PolicyPath = PolicyFile.str();
  if (W.PolicyPath.empty() && sys::fs::exists(W.Root + "/.riskguard.json")) {
    W.PolicyPath = W.Root + "/.riskguard.json";
    PolicyName = ".riskguard.json";
  }
  if (!W.PolicyPath.empty()) {
    // A policy of the repository is the repository's; one that links out of
    // it is someone else's file, which the change cannot be judged by.
    SmallString<256> Given(W.PolicyPath);
    sys::fs::make_absolute(Given);
    sys::path::remove_dots(Given, /*remove_dot_dot=*/true);
    StringRef InRepo = Given;
    if (InRepo.consume_front(W.Root) && InRepo.consume_front("/"))
      if (Error E = checkInsideWorkTree(W.Root, InRepo, PolicyName))
        return E;
    uint64_t Size = 0;
    if (!sys::fs::file_size(W.PolicyPath, Size) && Size > MaxPolicySize)
      return fail(PolicyName + ": policy of " + sizeText(Size) +
                  ", more than riskguard reads (" + sizeText(MaxPolicySize) +
                  ")");
    Expected<Policy> Loaded = loadPolicy(W.PolicyPath, PolicyName);
    if (!Loaded)
      return Loaded.takeError();
    W.Rules = std::move(*Loaded);
  }
  W.PolicyRel = displayPath(realPath(W.PolicyPath), W.Root);
  if (W.PolicyPath.empty() || sys::path::is_absolute(W.PolicyRel))
    W.PolicyRel = W.PolicyPath.empty() ? ".riskguard.json" : "";
  return Error::success();
}

/// Reads and checks the compile database \p DBFile.
static Expected<std::unique_ptr<clang::tooling::CompilationDatabase>>
readCompileCommands(const std::string &DBFile, StringRef Root) {
  uint64_t DBSize = 0;
  if (!sys::fs::file_size(DBFile, DBSize) && DBSize > MaxCompileCommandsSize)
    return fail(DBFile + ": compile database of " + sizeText(DBSize) +
                ", more than riskguard reads (" +
                sizeText(MaxCompileCommandsSize) + ")");
  ErrorOr<std::unique_ptr<MemoryBuffer>> DBText = MemoryBuffer::getFile(DBFile);
  if (!DBText)
    return fail("cannot read '" + DBFile + "': " + DBText.getError().message());
  if (Error E = validateCompileCommands((*DBText)->getBuffer(), DBFile, Root))
    return std::move(E);
  std::string DBError;
  std::unique_ptr<clang::tooling::CompilationDatabase> DB =
      clang::tooling::JSONCompilationDatabase::loadFromFile(
          DBFile, DBError, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!DB)
    return fail("cannot read '" + DBFile + "': " + DBError);
  return clang::tooling::inferMissingCompileCommands(std::move(DB));
}

/// The build: \p BuildPath, else build/ or the root of the repository.
static Error openBuild(Workspace &W, StringRef BuildPath) {
  std::string BuildDir = BuildPath.str();
  if (BuildDir.empty())
    BuildDir = sys::fs::exists(W.Root + "/build/compile_commands.json")
                   ? W.Root + "/build"
                   : W.Root;
  BuildDir = realPath(BuildDir);
  std::string DBFile = BuildDir + "/compile_commands.json";
  if (!sys::fs::exists(DBFile))
    return fail("no compile_commands.json in '" + BuildDir +
                "': pass -p BUILD_DIR (CMake writes one with "
                "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON)");
  Expected<std::unique_ptr<clang::tooling::CompilationDatabase>> DB =
      readCompileCommands(DBFile, W.Root);
  if (!DB)
    return DB.takeError();
  W.Commands = std::move(*DB);
  W.CommandsName = displayPath(DBFile, W.Root);
  W.BuildDir = BuildDir;
  // The build is where the database really is: a compile_commands.json
  // linked into the root names the build directory it lives in.
  std::string DBDir = sys::path::parent_path(realPath(DBFile)).str();
  std::vector<std::string> Excluded;
  if (DBDir != W.Root)
    Excluded.push_back(DBDir);
  W.Paths = std::make_unique<PathMapper>(W.Root, Excluded);
  return Error::success();
}

Expected<Workspace> openWorkspace(StringRef RepoDir, StringRef PolicyFile,
                                  StringRef BuildPath, bool NeedBuild) {
  Workspace W;
  SmallString<256> Start(RepoDir.empty() ? "." : RepoDir);
  sys::fs::make_absolute(Start);
  sys::path::remove_dots(Start, /*remove_dot_dot=*/true);
  Expected<std::unique_ptr<Repository>> Repo = Repository::open(Start);
  if (!Repo)
    return Repo.takeError();
  W.Repo = std::move(*Repo);
  W.Root = W.Repo->root().str();
  if (Error E = openPolicy(W, PolicyFile))
    return std::move(E);
  if (!NeedBuild)
    return std::move(W);
  if (Error E = openBuild(W, BuildPath))
    return std::move(E);
  return std::move(W);
}

} // namespace riskguard
