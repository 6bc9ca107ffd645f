//===- Demo.cpp - The 'riskguard demo' command ----------------------------===//
//
// Replays examples/history on top of examples/shop in a new git repository,
// writes the compile database a CMake build would, and checks each commit
// against its parent, exactly as `riskguard check` would in CI.
//
//===----------------------------------------------------------------------===//
#include "driver/Demo.h"
#include "driver/Check.h"
#include "repo/History.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

using namespace llvm;

namespace riskguard {

namespace {

/// Every regular file under \p Dir: repo-relative path -> contents.
Error readTree(StringRef Dir, std::map<std::string, std::optional<std::string>> &Files) {
  std::error_code EC;
  for (sys::fs::recursive_directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    if (It->type() != sys::fs::file_type::regular_file)
      continue;
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(It->path());
    if (!Buf)
      return createStringError(Buf.getError(), "cannot read '" + It->path() + "'");
    StringRef Rel = StringRef(It->path()).drop_front(Dir.size() + 1);
    Files[sys::path::convert_to_slash(Rel)] = (*Buf)->getBuffer().str();
  }
  if (EC)
    return createStringError(EC, "cannot list '" + Dir + "': " + EC.message());
  return Error::success();
}

/// A history step: "Name <email>", a date, a blank line, the message.
Expected<CommitSpec> readStep(StringRef StepDir) {
  std::string CommitFile = (StepDir + "/commit.txt").str();
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(CommitFile);
  if (!Buf)
    return createStringError(Buf.getError(), "cannot read '" + CommitFile + "'");
  StringRef Text = (*Buf)->getBuffer();
  auto [Author, Rest] = Text.split('\n');
  auto [Date, Message] = Rest.split('\n');
  auto [Name, Email] = Author.split('<');
  CommitSpec C;
  C.AuthorName = Name.trim().str();
  C.AuthorEmail = Email.rtrim().rtrim('>').str();
  std::optional<int64_t> Time = parseUTCTime(Date.trim());
  if (!Time || C.AuthorEmail.empty())
    return createStringError(inconvertibleErrorCode(),
                             CommitFile + ": expected 'Name <email>' and an "
                                          "ISO 8601 UTC date on lines 1 and 2");
  C.Time = *Time;
  C.Message = Message.ltrim('\n').str();
  if (Error E = readTree((StepDir + "/files").str(), C.Files))
    return std::move(E);
  return C;
}

std::string firstLine(StringRef Message) { return Message.split('\n').first.str(); }

/// The platform's files for a step, as a CI job would fetch them: the
/// pull-request event (event.json) and its reviews (reviews.json), with
/// "@HEAD@" standing for the step's commit. Written under \p Build (ignored
/// by git); returns the options that pass them, and their relative paths.
Expected<std::vector<std::pair<std::string, std::string>>>
platformFiles(StringRef StepDir, StringRef Build, StringRef Head) {
  std::vector<std::pair<std::string, std::string>> Files;
  for (auto [Name, Option] :
       {std::pair<StringRef, StringRef>{"event.json", "--pull-request"},
        {"reviews.json", "--approvals"}}) {
    std::string From = (StepDir + "/" + Name).str();
    if (!sys::fs::exists(From))
      continue;
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(From);
    if (!Buf)
      return createStringError(Buf.getError(), "cannot read '" + From + "'");
    std::string Text = (*Buf)->getBuffer().str();
    for (size_t At; (At = Text.find("@HEAD@")) != std::string::npos;)
      Text.replace(At, 6, Head.str());
    std::string Rel =
        ("build/" + sys::path::filename(StepDir) + "-" + Name).str();
    std::string To = (Build + "/" + sys::path::filename(Rel)).str();
    std::error_code EC;
    raw_fd_ostream OS(To, EC);
    if (EC)
      return createStringError(EC, "cannot write '" + To + "'");
    OS << Text;
    Files.push_back({Option.str(), Rel});
  }
  return Files;
}

/// \p Rel under the install prefix of the running executable
/// (<prefix>/<bindir>/riskguard), wherever the prefix was moved to.
std::string underPrefix(StringRef Rel) {
  if (sys::path::is_absolute(Rel))
    return Rel.str();
  static int Anchor;
  SmallString<256> Prefix(
      sys::path::parent_path(sys::fs::getMainExecutable(nullptr, &Anchor)));
  for (auto It = sys::path::begin(RISKGUARD_INSTALL_BINDIR),
            End = sys::path::end(RISKGUARD_INSTALL_BINDIR);
       It != End; ++It)
    sys::path::remove_filename(Prefix);
  sys::path::append(Prefix, Rel);
  return std::string(Prefix);
}

/// A directory the demo reads: the installed one beside the executable,
/// else the one of the source tree riskguard was built from, unless
/// RISKGUARD_NO_SOURCE_FALLBACK is set (to anything but 0). \p Probe, a
/// path inside the directory, tells that it is there.
Expected<std::string> findDataDir(StringRef What, StringRef Installed,
                                  StringRef SourceTree, StringRef Probe) {
  std::string Dir = underPrefix(Installed);
  if (sys::fs::exists(Dir + "/" + Probe))
    return Dir;
  std::optional<std::string> NoFallback =
      sys::Process::GetEnv("RISKGUARD_NO_SOURCE_FALLBACK");
  if (NoFallback && !NoFallback->empty() && *NoFallback != "0")
    return createStringError(inconvertibleErrorCode(),
                             What + " is not at '" + Dir +
                                 "' (RISKGUARD_NO_SOURCE_FALLBACK is set)");
  if (sys::fs::exists(SourceTree + "/" + Probe))
    return SourceTree.str();
  return createStringError(inconvertibleErrorCode(), What + " is neither at '" +
                                                         Dir + "' nor at '" +
                                                         SourceTree + "'");
}

} // namespace

int runDemo(const std::string &DirOpt, unsigned Jobs,
            raw_ostream &Out, raw_ostream &Err) {
  auto Fail = [&](const Twine &Message) {
    Err << "riskguard: error: " << Message << "\n";
    return 2;
  };
  Expected<std::string> Examples = findDataDir(
      "the bundled example", RISKGUARD_INSTALL_DATADIR "/riskguard/examples",
      RISKGUARD_EXAMPLES_DIR, "shop/CMakeLists.txt");
  if (!Examples)
    return Fail(toString(Examples.takeError()));
  // The shop includes riskguard/annotations.h, as a user's code would.
  Expected<std::string> Annotations =
      findDataDir("the annotations header", RISKGUARD_INSTALL_INCLUDEDIR,
                  RISKGUARD_ANNOTATIONS_DIR, "riskguard/annotations.h");
  if (!Annotations)
    return Fail(toString(Annotations.takeError()));

  SmallString<256> Dir(DirOpt);
  if (Dir.empty()) {
    if (std::error_code EC = sys::fs::createUniqueDirectory("riskguard-demo", Dir))
      return Fail("cannot create a temporary directory: " + EC.message());
  } else if (sys::fs::exists(Dir + "/.git")) {
    return Fail("'" + Dir + "' already holds a git repository");
  }
  sys::fs::make_absolute(Dir);

  std::vector<CommitSpec> Commits(1);
  CommitSpec &Initial = Commits.front();
  if (Error E = readTree(*Examples + "/shop", Initial.Files))
    return Fail(toString(std::move(E)));
  Initial.Files[".gitignore"] = "/build/\n";
  Initial.Message = "Add the shop\n";
  Initial.AuthorName = "Alice Adams";
  Initial.AuthorEmail = "alice@shop.example";
  Initial.Time = *parseUTCTime("2026-03-01T09:00:00Z");

  std::vector<std::string> StepNames;
  std::error_code EC;
  for (sys::fs::directory_iterator It(*Examples + "/history", EC), End;
       It != End && !EC; It.increment(EC))
    StepNames.push_back(It->path());
  llvm::sort(StepNames);
  for (const std::string &Step : StepNames) {
    Expected<CommitSpec> C = readStep(Step);
    if (!C)
      return Fail(toString(C.takeError()));
    Commits.push_back(std::move(*C));
  }
  Expected<std::vector<std::string>> Ids = writeHistory(Dir, Commits);
  if (!Ids)
    return Fail(toString(Ids.takeError()));

  // The compile database CMake would write for the shop.
  json::Array Database;
  for (const auto &[Path, Contents] : Commits.front().Files) {
    if (!StringRef(Path).ends_with(".cc"))
      continue;
    std::string File = (Dir + "/" + Path).str();
    Database.push_back(json::Object{
        {"directory", Dir.str()},
        {"file", File},
        {"arguments", json::Array{RISKGUARD_CLANGXX, "-std=c++17",
                                  "-I" + (Dir + "/include").str(),
                                  "-I" + *Annotations, "-c", File}}});
  }
  std::string Build = (Dir + "/build").str();
  sys::fs::create_directories(Build);
  {
    raw_fd_ostream OS(Build + "/compile_commands.json", EC);
    if (EC)
      return Fail("cannot write the compile database: " + EC.message());
    OS << formatv("{0:2}", json::Value(std::move(Database))) << "\n";
  }

  Out << "riskguard demo: the example shop and " << StepNames.size()
      << " commits in " << Dir << "\n";
  for (size_t I = 0; I < StepNames.size(); ++I) {
    const std::string &Base = (*Ids)[I], &Head = (*Ids)[I + 1];
    Expected<std::vector<std::pair<std::string, std::string>>> Platform =
        platformFiles(StepNames[I], Build, Head);
    if (!Platform)
      return Fail(toString(Platform.takeError()));
    Out << "\n== " << sys::path::filename(StepNames[I]) << ": "
        << firstLine(Commits[I + 1].Message) << "\n"
        << "$ riskguard check -p build --base " << Base.substr(0, 10)
        << " --head " << Head.substr(0, 10);
    for (const auto &[Option, Path] : *Platform)
      Out << " " << Option << " " << Path;
    Out << "\n";
    CheckOptions O;
    for (const auto &[Option, Path] : *Platform)
      (Option == "--approvals" ? O.ApprovalsFile : O.PullRequestFile) =
          (Dir + "/" + Path).str();
    O.BuildPath = Build;
    O.RepoDir = Dir.str().str();
    O.Base = Base;
    O.Head = Head;
    O.Jobs = Jobs;
    O.Verbose = true;
    O.ShowFactsUse = false;
    Out.flush();
    int Code = runCheck(O, Out, Out);
    Out << "exit code " << Code << "\n";
  }
  Out << "\nThe repository stays in " << Dir
      << " for you to try more changes:\n  cd " << Dir
      << " && <edit a file> && riskguard check -p build --base HEAD\n";
  return 0;
}

} // namespace riskguard
