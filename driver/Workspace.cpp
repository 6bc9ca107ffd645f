//===- Workspace.cpp - The repository, policy and build a command uses ----===//
#include "driver/Workspace.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace riskguard {

namespace {

std::string realPath(StringRef Path) {
  SmallString<256> Real;
  if (sys::fs::real_path(Path, Real))
    return Path.str();
  return std::string(Real);
}

Error fail(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), Message);
}

} // namespace

std::string displayPath(StringRef Path, StringRef Root) {
  StringRef P = Path;
  if (P.consume_front(Root) && P.consume_front("/"))
    return P.str();
  return Path.str();
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

  std::string PolicyName = PolicyFile.str();
  W.PolicyPath = PolicyFile.str();
  if (W.PolicyPath.empty() && sys::fs::exists(W.Root + "/.riskguard.json")) {
    W.PolicyPath = W.Root + "/.riskguard.json";
    PolicyName = ".riskguard.json";
  }
  if (!W.PolicyPath.empty()) {
    Expected<Policy> Loaded = loadPolicy(W.PolicyPath, PolicyName);
    if (!Loaded)
      return Loaded.takeError();
    W.Rules = std::move(*Loaded);
  }
  W.PolicyRel = displayPath(realPath(W.PolicyPath), W.Root);
  if (W.PolicyPath.empty() || sys::path::is_absolute(W.PolicyRel))
    W.PolicyRel = W.PolicyPath.empty() ? ".riskguard.json" : "";
  if (!NeedBuild)
    return std::move(W);

  // The build: -p, else build/ or the root of the repository.
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
  std::string DBError;
  std::unique_ptr<clang::tooling::CompilationDatabase> DB =
      clang::tooling::JSONCompilationDatabase::loadFromFile(
          DBFile, DBError, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!DB)
    return fail("cannot read '" + DBFile + "': " + DBError);
  W.Commands = clang::tooling::inferMissingCompileCommands(std::move(DB));
  W.CommandsName = displayPath(DBFile, W.Root);
  std::vector<std::string> Excluded;
  if (BuildDir != W.Root)
    Excluded.push_back(BuildDir);
  W.Paths = std::make_unique<PathMapper>(W.Root, Excluded);
  return std::move(W);
}

} // namespace riskguard
