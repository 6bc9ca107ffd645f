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
Error readTree(StringRef Dir,
               std::map<std::string, std::optional<std::string>> &Files) {
  std::error_code EC;
  for (sys::fs::recursive_directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    if (It->type() != sys::fs::file_type::regular_file)
      continue;
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
        MemoryBuffer::getFile(It->path());
    if (!Buf)
      return createStringError(Buf.getError(),
                               "cannot read '" + It->path() + "'");
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
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
      MemoryBuffer::getFile(CommitFile);
  if (!Buf)
    return createStringError(Buf.getError(),
                             "cannot read '" + CommitFile + "'");
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

std::string firstLine(StringRef Message) {
  return Message.split('\n').first.str();
}

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

/// The absolute directory the demo repository goes to: \p DirOpt, which
/// must not hold a git repository yet, or a new temporary one.
Expected<std::string> demoDirectory(StringRef DirOpt) {
  SmallString<256> Dir(DirOpt);
  if (Dir.empty()) {
    if (std::error_code EC =
            sys::fs::createUniqueDirectory("riskguard-demo", Dir))
      return createStringError(EC, "cannot create a temporary directory: " +
                                       EC.message());
  } else if (sys::fs::exists(Dir + "/.git")) {
    return createStringError(inconvertibleErrorCode(),
                             "'" + Dir + "' already holds a git repository");
  }
  // Failing, the relative directory still names the same place from here.
  (void)sys::fs::make_absolute(Dir);
  return Dir.str().str();
}

/// The commits the demo replays: the shop, then each step of the history.
struct DemoHistory {
  std::vector<CommitSpec> Commits;
  /// The step directories, sorted; step I is commit I + 1.
  std::vector<std::string> StepNames;
};

/// The shop under \p Examples as the first commit, then the steps of
/// \p Examples/history in name order.
Expected<DemoHistory> readHistory(StringRef Examples) {
  DemoHistory H;
  H.Commits.resize(1);
  CommitSpec &Initial = H.Commits.front();
  if (Error E = readTree((Examples + "/shop").str(), Initial.Files))
    return std::move(E);
  Initial.Files[".gitignore"] = "/build/\n";
  Initial.Message = "Add the shop\n";
  Initial.AuthorName = "Alice Adams";
  Initial.AuthorEmail = "alice@shop.example";
  Initial.Time = parseUTCTime("2026-03-01T09:00:00Z").value_or(0);

  std::error_code EC;
  for (sys::fs::directory_iterator It(Examples + "/history", EC), End;
       It != End && !EC; It.increment(EC))
    H.StepNames.push_back(It->path());
  llvm::sort(H.StepNames);
  for (const std::string &Step : H.StepNames) {
    Expected<CommitSpec> C = readStep(Step);
    if (!C)
      return C.takeError();
    H.Commits.push_back(std::move(*C));
  }
  return H;
}

/// Writes the compile database CMake would write for the shop's sources in
/// \p Initial to \p Dir/build; returns that build directory.
Expected<std::string> writeCompileDatabase(StringRef Dir,
                                           const CommitSpec &Initial,
                                           StringRef Annotations) {
  json::Array Database;
  for (const auto &[Path, Contents] : Initial.Files) {
    if (!StringRef(Path).ends_with(".cc"))
      continue;
    std::string File = (Dir + "/" + Path).str();
    Database.push_back(json::Object{
        {"directory", Dir.str()},
        {"file", File},
        {"arguments", json::Array{RISKGUARD_CLANGXX, "-std=c++17",
                                  "-I" + (Dir + "/include").str(),
                                  "-I" + Annotations.str(), "-c", File}}});
  }
  std::string Build = (Dir + "/build").str();
  // Failing, opening the file below fails and says so.
  (void)sys::fs::create_directories(Build);
  std::error_code EC;
  raw_fd_ostream OS(Build + "/compile_commands.json", EC);
  if (EC)
    return createStringError(EC, "cannot write the compile database: " +
                                     EC.message());
  OS << formatv("{0:2}", json::Value(std::move(Database))) << "\n";
  return Build;
}

/// Checks step \p I of \p H (commit \p Head against \p Base) as CI would,
/// printing the command line, the findings and the exit code.
Error checkStep(const DemoHistory &H, size_t I, StringRef Base, StringRef Head,
                StringRef Dir, StringRef Build, unsigned Jobs,
                raw_ostream &Out) {
  Expected<std::vector<std::pair<std::string, std::string>>> Platform =
      platformFiles(H.StepNames[I], Build, Head);
  if (!Platform)
    return Platform.takeError();
  Out << "\n== " << sys::path::filename(H.StepNames[I]) << ": "
      << firstLine(H.Commits[I + 1].Message) << "\n"
      << "$ riskguard check -p build --base " << Base.substr(0, 10)
      << " --head " << Head.substr(0, 10);
  for (const auto &[Option, Path] : *Platform)
    Out << " " << Option << " " << Path;
  Out << "\n";
  CheckOptions O;
  for (const auto &[Option, Path] : *Platform)
    (Option == "--approvals" ? O.ApprovalsFile : O.PullRequestFile) =
        (Dir + "/" + Path).str();
  O.BuildPath = Build.str();
  O.RepoDir = Dir.str();
  O.Base = Base.str();
  O.Head = Head.str();
  O.Jobs = Jobs;
  O.Verbose = true;
  O.ShowFactsUse = false;
  Out.flush();
  int Code = runCheck(O, Out, Out);
  Out << "exit code " << Code << "\n";
  return Error::success();
}

} // namespace

int runDemo(const std::string &DirOpt, unsigned Jobs, raw_ostream &Out,
            raw_ostream &Err) {
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
  Expected<std::string> Dir = demoDirectory(DirOpt);
  if (!Dir)
    return Fail(toString(Dir.takeError()));

  Expected<DemoHistory> History = readHistory(*Examples);
  if (!History)
    return Fail(toString(History.takeError()));
  Expected<std::vector<std::string>> Ids = writeHistory(*Dir, History->Commits);
  if (!Ids)
    return Fail(toString(Ids.takeError()));
  Expected<std::string> Build =
      writeCompileDatabase(*Dir, History->Commits.front(), *Annotations);
  if (!Build)
    return Fail(toString(Build.takeError()));

  Out << "riskguard demo: the example shop and " << History->StepNames.size()
      << " commits in " << *Dir << "\n";
  for (size_t I = 0; I < History->StepNames.size(); ++I)
    if (Error E = checkStep(*History, I, (*Ids)[I], (*Ids)[I + 1], *Dir, *Build,
                            Jobs, Out))
      return Fail(toString(std::move(E)));
  Out << "\nThe repository stays in " << *Dir
      << " for you to try more changes:\n  cd " << *Dir
      << " && <edit a file> && riskguard check -p build --base HEAD\n";
  return 0;
}

} // namespace riskguard
