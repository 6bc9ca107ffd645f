//===- DataTestProposals.cpp - tests.data entries from CMake tests --------===//
//
// Reads just enough CMake to see a project executable run on files of the
// source tree: add_executable, add_test in both forms, set/list, the simple
// file(GLOB) + foreach loop, and the directory variables. Everything else is
// ignored; an unknown variable makes an argument unknown, never a guess.
//
//===----------------------------------------------------------------------===//
#include "driver/DataTestProposals.h"
#include "policy/Policy.h"
#include "repo/Repository.h"
#include "repo/SourceFiles.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <map>
#include <optional>

using namespace llvm;

namespace riskguard {

namespace {

/// Bounds that keep a pathological tree or script (a loop doubling a
/// list, nested loops) from stalling init: the work of a scan is counted in
/// expanded bytes, each command and directory entry costing WorkPerStep.
constexpr uint64_t MaxCMakeFileSize = 4 << 20;
constexpr unsigned MaxWalkEntries = 200000;
constexpr size_t MaxValueSize = 1 << 20;   ///< One expanded argument.
constexpr size_t MaxCommandSize = 4 << 20; ///< All of one command's.
constexpr size_t MaxInheritedSize = 64 << 10;
constexpr uint64_t MaxWork = 256 << 20;
constexpr uint64_t WorkPerStep = 1024;
constexpr size_t MaxPathsLookedAt = 100000;

/// Stands for the value of a variable riskguard does not know.
constexpr char Unknown = '\x01';
/// An escaped ';' (\;), which does not split a list.
constexpr char KeptSemicolon = '\x02';

class Lexer {
public:
  explicit Lexer(StringRef Text) : S(Text) {}

  std::vector<CMakeCommand> commands() {
    std::vector<CMakeCommand> Out;
    while (skipBlanks() && I < S.size()) {
      char C = S[I];
      if (!isAlpha(C) && C != '_') {
        skipLine(); // Not a command: ignore the rest of the line.
        continue;
      }
      CMakeCommand Cmd;
      Cmd.Line = Line;
      size_t Start = I;
      while (I < S.size() && (isAlnum(S[I]) || S[I] == '_'))
        ++I;
      Cmd.Name = S.slice(Start, I).lower();
      while (I < S.size() && (S[I] == ' ' || S[I] == '\t'))
        ++I;
      if (I >= S.size() || S[I] != '(') {
        skipLine();
        continue;
      }
      ++I;
      if (!readArguments(Cmd.Args))
        break; // Unterminated: the rest of the file is unreadable.
      Out.push_back(std::move(Cmd));
    }
    return Out;
  }

private:
  StringRef S;
  size_t I = 0;
  unsigned Line = 1;

  void advance() {
    if (S[I] == '\n')
      ++Line;
    ++I;
  }

  /// Skips whitespace and comments; false at an unterminated comment.
  bool skipBlanks() {
    while (I < S.size() && (isSpace(S[I]) || S[I] == '#')) {
      if (S[I] != '#')
        advance();
      else if (!skipComment())
        return false;
    }
    return true;
  }

  void skipLine() {
    while (I < S.size() && S[I] != '\n')
      ++I;
  }

  /// The number of '=' of a bracket opening "[==[" at \p At, or -1.
  int bracketLevel(size_t At) const {
    if (At >= S.size() || S[At] != '[')
      return -1;
    size_t J = At + 1;
    while (J < S.size() && S[J] == '=')
      ++J;
    return J < S.size() && S[J] == '[' ? int(J - At - 1) : -1;
  }

  /// Reads the bracket argument or comment opening at I; false when it is
  /// not closed.
  bool readBracket(std::string &Out) {
    int Level = bracketLevel(I);
    I += Level + 2;
    std::string Close = "]" + std::string(Level, '=') + "]";
    size_t End = S.find(Close, I);
    if (End == StringRef::npos)
      return false;
    StringRef Body = S.slice(I, End);
    Line += Body.count('\n');
    // As in CMake, a newline right after the opening bracket is not text.
    if (!Body.consume_front("\r\n"))
      Body.consume_front("\n");
    Out = Body.str();
    I = End + Close.size();
    return true;
  }

  bool skipComment() {
    ++I; // '#'
    if (bracketLevel(I) >= 0) {
      std::string Ignored;
      return readBracket(Ignored);
    }
    skipLine();
    return true;
  }

  bool readQuoted(std::string &Out) {
    ++I; // '"'
    while (I < S.size() && S[I] != '"') {
      if (S[I] == '\\' && I + 1 < S.size())
        Out += S[I++]; // The escape is expanded later, with the variables.
      Out += S[I];
      advance();
    }
    if (I >= S.size())
      return false;
    ++I;
    return true;
  }

  bool readArguments(std::vector<CMakeArgument> &Args) {
    unsigned Depth = 0;
    while (I < S.size()) {
      if (!skipBlanks())
        return false;
      if (I >= S.size())
        break;
      char C = S[I];
      if (C == '(' || C == ')') {
        ++I;
        if (C == ')' && Depth == 0)
          return true;
        Depth += C == '(' ? 1 : -1;
        Args.push_back({std::string(1, C), CMakeArgument::Unquoted});
        continue;
      }
      CMakeArgument A;
      if (C == '"') {
        A.Kind = CMakeArgument::Quoted;
        if (!readQuoted(A.Text))
          return false;
      } else if (bracketLevel(I) >= 0) {
        A.Kind = CMakeArgument::Bracket;
        if (!readBracket(A.Text))
          return false;
      } else if (!readUnquoted(A.Text)) {
        return false;
      }
      Args.push_back(std::move(A));
    }
    return false;
  }

  /// Reads an unquoted argument into \p Text, escapes kept; false if a
  /// quoted part inside it does not end.
  bool readUnquoted(std::string &Text) {
    while (I < S.size() && !isSpace(S[I]) && !StringRef("()#").contains(S[I])) {
      if (S[I] == '\\' && I + 1 < S.size()) {
        Text += S[I++];
        Text += S[I];
        advance();
        continue;
      }
      if (S[I] == '"') { // Legacy: -DX="a b" in an unquoted argument.
        std::string Part;
        if (!readQuoted(Part))
          return false;
        Text += "\"" + Part + "\"";
        continue;
      }
      Text += S[I++];
    }
    return true;
  }
};

using Vars = std::map<std::string, std::string>;

/// Expands escapes and ${...} references of \p S from \p I, up to the end
/// or, inside a reference (\p InRef), its closing '}'.
std::string expandFrom(StringRef S, size_t &I, const Vars &V, bool InRef) {
  std::string Out;
  while (I < S.size()) {
    char C = S[I];
    if (InRef && C == '}')
      return Out;
    if (C == '\\' && I + 1 < S.size()) {
      char N = S[I + 1];
      I += 2;
      if (N == 'n')
        Out += '\n';
      else if (N == 't')
        Out += '\t';
      else if (N == 'r')
        Out += '\r';
      else if (N == ';')
        Out += KeptSemicolon;
      else if (N != '\n') // A backslash-newline continues the line.
        Out += N;
      continue;
    }
    bool Env = S.substr(I).starts_with("$ENV{");
    bool Cache = S.substr(I).starts_with("$CACHE{");
    if (S.substr(I).starts_with("${") || Env || Cache) {
      I += S.substr(I).find('{') + 1; // After "${", "$ENV{" or "$CACHE{".
      std::string Name = expandFrom(S, I, V, /*InRef=*/true);
      if (I < S.size())
        ++I; // '}'
      auto It = V.find(Name);
      if (Env || Cache || It == V.end() || StringRef(Name).contains(Unknown))
        Out += Unknown;
      else
        Out += It->second;
      if (Out.size() > MaxValueSize) {
        I = S.size(); // Too long to be a path: unknown, and read no further.
        return std::string(1, Unknown);
      }
      continue;
    }
    Out += C;
    ++I;
  }
  return Out;
}

std::string restoreSemicolons(std::string S) {
  std::replace(S.begin(), S.end(), KeptSemicolon, ';');
  return S;
}

/// The arguments of \p C as the command sees them: variables expanded, and
/// unquoted ones split at ';' into list elements.
std::vector<std::string> expandArgs(const CMakeCommand &C, const Vars &V) {
  std::vector<std::string> Out;
  size_t Total = 0;
  for (const CMakeArgument &A : C.Args) {
    if (Total > MaxCommandSize) {
      Out.push_back(std::string(1, Unknown));
      break;
    }
    Total += A.Text.size();
    if (A.Kind == CMakeArgument::Bracket) {
      Out.push_back(A.Text);
      continue;
    }
    size_t I = 0;
    std::string Text = expandFrom(A.Text, I, V, /*InRef=*/false);
    if (A.Kind == CMakeArgument::Quoted) {
      Total += Text.size();
      Out.push_back(restoreSemicolons(std::move(Text)));
      continue;
    }
    Total += Text.size();
    SmallVector<StringRef> Items;
    StringRef(Text).split(Items, ';', -1, /*KeepEmpty=*/false);
    for (StringRef Item : Items)
      Out.push_back(restoreSemicolons(Item.str()));
  }
  return Out;
}

std::string normalized(StringRef Path) {
  SmallString<256> P(Path);
  sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

/// \p Path, absolute or relative to \p Dir, made absolute.
std::string absoluteIn(StringRef Path, StringRef Dir) {
  if (sys::path::is_absolute(Path))
    return normalized(Path);
  SmallString<256> P(Dir);
  sys::path::append(P, Path);
  return normalized(P);
}

bool isBuildScript(StringRef Name) {
  return Name == "CMakeLists.txt" || Name.ends_with(".cmake");
}

/// \p Path with the glob characters of the policy escaped.
std::string escapeGlob(StringRef Path) {
  std::string Out;
  for (char C : Path) {
    if (StringRef("*?[]\\").contains(C))
      Out += '\\';
    Out += C;
  }
  return Out;
}

bool isTestFrameworkLibrary(StringRef Library) {
  std::string L = Library.lower();
  static constexpr StringRef Frameworks[] = {"gtest", "gmock", "catch2",
                                             "doctest", "unit_test_framework"};
  return any_of(Frameworks,
                [&](StringRef F) { return StringRef(L).contains(F); });
}

/// A CMake target as far as the scan sees it.
struct Target {
  bool Executable = false;
  std::vector<std::string> Sources; ///< Absolute.
  std::vector<std::string> Links;
};

/// One add_test call, expanded.
struct TestCall {
  std::string Command;
  std::vector<std::string> Args;
  std::string WorkDir; ///< Absolute.
  std::string Where;   ///< "test/CMakeLists.txt:4".
};

class Scanner {
public:
  Scanner(StringRef Root, ArrayRef<std::string> Excluded)
      : Root(Root.str()), Excluded(Excluded.begin(), Excluded.end()) {}

  void scan() {
    std::vector<std::string> Files = findCMakeLists();
    // Parents first: a subdirectory starts with its parent's variables,
    // as after add_subdirectory.
    llvm::sort(Files, [](const std::string &A, const std::string &B) {
      size_t DA = StringRef(A).count('/'), DB = StringRef(B).count('/');
      return DA != DB ? DA < DB : A < B;
    });
    std::map<std::string, Vars> Final; // By repo-relative directory.
    for (const std::string &Rel : Files) {
      std::string Dir =
          sys::path::parent_path(Rel, sys::path::Style::posix).str();
      const Vars *Parent = nullptr;
      for (StringRef Up = Dir; !Up.empty() && !Parent;) {
        Up = sys::path::parent_path(Up, sys::path::Style::posix);
        if (auto It = Final.find(Up.str()); It != Final.end())
          Parent = &It->second;
      }
      // Long lists (a glob of every source) are not passed down: they
      // name no data directory, and copying them into every subdirectory
      // of a big tree would not scale.
      Vars V;
      if (Parent)
        for (const auto &[Name, Value] : *Parent)
          if (Value.size() <= MaxInheritedSize)
            V.emplace(Name, Value);
      std::string AbsDir = Dir.empty() ? Root : Root + "/" + Dir;
      if (!Parent)
        for (StringRef Top :
             {"CMAKE_SOURCE_DIR", "CMAKE_HOME_DIRECTORY", "PROJECT_SOURCE_DIR"})
          V[Top.str()] = AbsDir;
      V["CMAKE_CURRENT_SOURCE_DIR"] = AbsDir;
      V["CMAKE_CURRENT_LIST_DIR"] = AbsDir;
      V["CMAKE_CURRENT_LIST_FILE"] = AbsDir + "/CMakeLists.txt";
      runFile(Rel, AbsDir, V);
      Final[Dir] = std::move(V);
    }
  }

  std::vector<DataTestProposal>
  propose(const std::set<std::string> &TestSources) {
    std::map<std::string, DataTestProposal> ByDir;
    // By argument: the directory and the glob it proposes.
    std::map<std::string, std::optional<std::pair<std::string, std::string>>>
        Globs;
    for (const TestCall &T : Tests) {
      std::optional<std::string> Exe = executableOf(T.Command, TestSources);
      if (!Exe)
        continue;
      for (StringRef Arg : T.Args) {
        if (Arg.contains(Unknown) || Arg.contains("$<"))
          continue;
        if (Arg.starts_with("-")) { // --input=FILE
          size_t Eq = Arg.find('=');
          if (Eq == StringRef::npos)
            continue;
          Arg = Arg.drop_front(Eq + 1);
        }
        if (Arg.empty())
          continue;
        // Loops give many tests the same arguments: each path is looked
        // at once, and only so many paths are.
        auto [Known, New] = Globs.try_emplace(absoluteIn(Arg, T.WorkDir));
        if (New && Globs.size() <= MaxPathsLookedAt)
          Known->second = dataGlob(Known->first);
        const std::optional<std::pair<std::string, std::string>> &Glob =
            Known->second;
        if (!Glob)
          continue;
        DataTestProposal &P = ByDir[Glob->first];
        if (P.Executable.empty()) {
          P.Dir = Glob->first;
          P.Executable = *Exe;
          P.Where = T.Where;
        }
        if (!is_contained(P.Paths, Glob->second))
          P.Paths.push_back(Glob->second);
      }
    }
    // A whole directory takes in the other globs of it and of the
    // directories below it.
    std::vector<DataTestProposal> Out;
    std::vector<std::string> Whole; // Directories proposed whole.
    for (auto &[Dir, P] : ByDir) {
      if (any_of(Whole, [&, &Dir = Dir](const std::string &W) {
            return StringRef(Dir).starts_with(W + "/");
          }))
        continue;
      std::string All = escapeGlob(Dir) + "/**";
      if (is_contained(P.Paths, All)) {
        P.Paths = {All};
        Whole.push_back(Dir);
      }
      llvm::sort(P.Paths);
      Out.push_back(std::move(P));
    }
    return Out;
  }

private:
  std::string Root;
  std::vector<std::string> Excluded;
  std::map<std::string, Target> Targets;
  std::vector<TestCall> Tests;
  uint64_t Work = MaxWork;
  /// What the walks below found, by directory and by glob: many tests name
  /// files of one directory.
  mutable std::map<std::string, bool> DataDirectories, ScriptGlobs;

  /// Counts \p Cost against the scan's work; false once it is used up.
  bool spend(uint64_t Cost) {
    Work -= std::min(Work, Cost);
    return Work > 0;
  }

  bool isExcluded(StringRef Path) const {
    return any_of(Excluded, [&](const std::string &E) {
      return Path == E || Path.starts_with(E + "/");
    });
  }

  /// Whether the walk stays out of directory \p Path: .git and hidden
  /// directories, the build directory and other build trees.
  bool skipDirectory(StringRef Path) const {
    return sys::path::filename(Path).starts_with(".") || isExcluded(Path) ||
           sys::fs::exists(Path + "/CMakeCache.txt");
  }

  /// Repo-relative, or nullopt outside the working tree or in a skipped
  /// part of it.
  std::optional<std::string> relative(StringRef Abs) const {
    StringRef R = Abs;
    if (!R.consume_front(Root) || !R.consume_front("/") || R.empty() ||
        isExcluded(Abs))
      return std::nullopt;
    for (StringRef Part : split(R, '/'))
      if (Part == ".git")
        return std::nullopt;
    return R.str();
  }

  std::vector<std::string> findCMakeLists() const {
    std::vector<std::string> Files;
    std::error_code EC;
    unsigned Seen = 0;
    for (sys::fs::recursive_directory_iterator It(Root, EC, false), End;
         It != End && !EC && ++Seen < MaxWalkEntries; It.increment(EC)) {
      StringRef Path = It->path();
      if (It->type() == sys::fs::file_type::directory_file) {
        if (skipDirectory(Path))
          It.no_push();
        continue;
      }
      if (sys::path::filename(Path) == "CMakeLists.txt" &&
          It->type() == sys::fs::file_type::regular_file)
        if (std::optional<std::string> Rel = relative(Path))
          Files.push_back(*Rel);
    }
    return Files;
  }

  void runFile(StringRef Rel, StringRef Dir, Vars &V) {
    std::string Path = Root + "/" + Rel.str();
    uint64_t Size = 0;
    if (sys::fs::file_size(Path, Size) || Size > MaxCMakeFileSize)
      return;
    ErrorOr<std::unique_ptr<MemoryBuffer>> Text =
        MemoryBuffer::getFile(Path, /*IsText=*/false,
                              /*RequiresNullTerminator=*/false);
    if (!Text)
      return;
    std::vector<CMakeCommand> Commands =
        parseCMakeCommands((*Text)->getBuffer());
    run(Commands, V, Rel, Dir);
  }

  /// The index of the command closing the block that opens at \p Begin, or
  /// the end.
  static size_t blockEnd(ArrayRef<CMakeCommand> Cmds, size_t Begin) {
    StringRef Open = Cmds[Begin].Name;
    std::string Close = "end" + Open.str();
    unsigned Depth = 0;
    for (size_t I = Begin + 1; I < Cmds.size(); ++I) {
      if (Cmds[I].Name == Open)
        ++Depth;
      else if (Cmds[I].Name == Close && Depth-- == 0)
        return I;
    }
    return Cmds.size();
  }

  /// Runs \p Cmds of \p File (in directory \p Dir). Conditions are not
  /// evaluated: every branch of an if runs, so tests behind
  /// if(BUILD_TESTING) are seen.
  void run(ArrayRef<CMakeCommand> Cmds, Vars &V, StringRef File,
           StringRef Dir) {
    for (size_t I = 0; I < Cmds.size() && spend(WorkPerStep); ++I) {
      const CMakeCommand &C = Cmds[I];
      if (C.Name == "function" || C.Name == "macro") {
        I = blockEnd(Cmds, I); // Their arguments are unknown here.
        continue;
      }
      std::vector<std::string> A = expandArgs(C, V);
      uint64_t Size = 0;
      for (const std::string &Arg : A)
        Size += Arg.size();
      if (!spend(Size))
        return;
      if (C.Name == "foreach") {
        size_t End = blockEnd(Cmds, I);
        runForeach(A, Cmds.slice(I + 1, End - I - 1), V, File, Dir);
        I = End;
        continue;
      }
      command(C, std::move(A), V, File, Dir);
    }
  }

  void runForeach(ArrayRef<std::string> A, ArrayRef<CMakeCommand> Body, Vars &V,
                  StringRef File, StringRef Dir) {
    if (A.empty())
      return;
    std::vector<std::string> Items;
    if (A.size() > 1 && A[1] == "RANGE") {
      Items.push_back(std::string(1, Unknown)); // Numbers name no file.
    } else if (A.size() > 1 && A[1] == "IN") {
      StringRef Mode;
      for (StringRef Item : A.drop_front(2)) {
        if (Item == "LISTS" || Item == "ITEMS" || Item == "ZIP_LISTS") {
          Mode = Item;
          continue;
        }
        if (Mode == "ITEMS") {
          Items.push_back(Item.str());
        } else if (Mode == "LISTS") {
          auto It = V.find(Item.str());
          SmallVector<StringRef> Elements;
          if (It != V.end())
            StringRef(It->second).split(Elements, ';', -1, false);
          for (StringRef E : Elements)
            Items.push_back(E.str());
        }
      }
    } else {
      Items.assign(A.begin() + 1, A.end());
    }
    const std::string &Var = A[0];
    std::optional<std::string> Saved;
    if (auto It = V.find(Var); It != V.end())
      Saved = It->second;
    for (const std::string &Item : Items) {
      if (!Work)
        break;
      V[Var] = Item;
      run(Body, V, File, Dir);
    }
    V.erase(Var);
    if (Saved)
      V[Var] = *Saved;
  }

  /// Applies set(\p A) to \p V; a cache entry does not hide a normal
  /// variable and an oversized value unsets it.
  static void setVariable(ArrayRef<std::string> A, Vars &V) {
    if (A.back() == "PARENT_SCOPE")
      return; // Sets the parent's, not this directory's.
    const std::string *Cache = find(A, "CACHE");
    bool IsCache = Cache != A.end();
    std::vector<std::string> Values(A.begin() + 1, Cache);
    if (IsCache && V.count(A[0]))
      return; // A normal variable hides the cache entry.
    std::string Value = join(Values, ";");
    if ((Values.empty() && !IsCache) || Value.size() > MaxValueSize)
      V.erase(A[0]);
    else
      V[A[0]] = std::move(Value);
  }

  /// Applies list(\p A) (at least two arguments) to \p V: appending and
  /// prepending are followed, any other change unsets the variable.
  static void listCommand(ArrayRef<std::string> A, Vars &V) {
    if (A[0] == "APPEND" || A[0] == "PREPEND") {
      std::vector<std::string> Values(A.begin() + 2, A.end());
      if (auto It = V.find(A[1]); It != V.end() && !It->second.empty())
        Values.insert(A[0] == "APPEND" ? Values.begin() : Values.end(),
                      It->second);
      std::string Value = join(Values, ";");
      if (Value.size() > MaxValueSize)
        V.erase(A[1]);
      else
        V[A[1]] = std::move(Value);
      return;
    }
    // Reordering keeps the files; reading writes a result variable;
    // anything else changes the list in a way not followed here.
    if (!is_contained({"SORT", "REVERSE", "REMOVE_DUPLICATES"}, A[0]))
      V.erase(is_contained({"LENGTH", "GET", "JOIN", "SUBLIST", "FIND"}, A[0])
                  ? A.back()
                  : A[1]);
  }

  /// Applies get_filename_component(\p A) (at least three arguments) in
  /// directory \p Dir to \p V.
  static void filenameComponent(ArrayRef<std::string> A, Vars &V,
                                StringRef Dir) {
    StringRef Path = A[1], Mode = A[2];
    if (Path.contains(Unknown))
      V[A[0]] = std::string(1, Unknown);
    else if (Mode == "NAME")
      V[A[0]] = sys::path::filename(Path).str();
    else if (Mode == "NAME_WE")
      V[A[0]] = sys::path::filename(Path).split('.').first.str();
    else if (Mode == "DIRECTORY" || Mode == "PATH")
      V[A[0]] = sys::path::parent_path(Path).str();
    else if (Mode == "ABSOLUTE")
      V[A[0]] = absoluteIn(Path, Dir);
    else
      V.erase(A[0]);
  }

  void command(const CMakeCommand &C, std::vector<std::string> A, Vars &V,
               StringRef File, StringRef Dir) {
    StringRef Name = C.Name;
    if (A.empty())
      return;
    if (Name == "set") {
      setVariable(A, V);
      return;
    }
    if (Name == "unset") {
      V.erase(A[0]);
      return;
    }
    if (Name == "list" && A.size() >= 2) {
      listCommand(A, V);
      return;
    }
    if (Name == "file" && (A[0] == "GLOB" || A[0] == "GLOB_RECURSE")) {
      if (A.size() >= 2)
        glob(A, V, Dir);
      return;
    }
    if (Name == "project") {
      V["PROJECT_NAME"] = A[0];
      V["PROJECT_SOURCE_DIR"] = Dir.str();
      V[A[0] + "_SOURCE_DIR"] = Dir.str();
      V.try_emplace("CMAKE_PROJECT_NAME", A[0]);
      return;
    }
    if (Name == "get_filename_component" && A.size() >= 3) {
      filenameComponent(A, V, Dir);
      return;
    }
    if (Name == "add_executable") {
      if (A.size() >= 2 && (A[1] == "IMPORTED" || A[1] == "ALIAS"))
        return; // Not built from the project's sources.
      Target &T = Targets[A[0]];
      T.Executable = true;
      addSources(T, ArrayRef(A).drop_front(), Dir);
      return;
    }
    if (Name == "target_sources") {
      addSources(Targets[A[0]], ArrayRef(A).drop_front(), Dir);
      return;
    }
    if (Name == "target_link_libraries") {
      Target &T = Targets[A[0]];
      T.Links.insert(T.Links.end(), A.begin() + 1, A.end());
      return;
    }
    if (Name == "add_test")
      addTest(A, C.Line, File, Dir);
  }

  static void addSources(Target &T, ArrayRef<std::string> A, StringRef Dir) {
    static constexpr StringRef Keywords[] = {
        "WIN32",   "MACOSX_BUNDLE", "EXCLUDE_FROM_ALL",
        "PRIVATE", "PUBLIC",        "INTERFACE"};
    for (StringRef S : A)
      if (!is_contained(Keywords, S) && !S.contains(Unknown))
        T.Sources.push_back(absoluteIn(S, Dir));
  }

  void addTest(ArrayRef<std::string> A, unsigned Line, StringRef File,
               StringRef Dir) {
    TestCall T;
    T.WorkDir = Dir.str();
    T.Where = (File + ":" + Twine(Line)).str();
    if (A[0] == "NAME") {
      static constexpr StringRef Keywords[] = {
          "NAME", "COMMAND", "CONFIGURATIONS", "WORKING_DIRECTORY",
          "COMMAND_EXPAND_LISTS"};
      StringRef Key;
      for (size_t I = 1; I < A.size(); ++I) {
        if (is_contained(Keywords, A[I])) {
          Key = A[I];
          continue;
        }
        if (Key == "COMMAND" && T.Command.empty())
          T.Command = A[I];
        else if (Key == "COMMAND")
          T.Args.push_back(A[I]);
        else if (Key == "WORKING_DIRECTORY" &&
                 !StringRef(A[I]).contains(Unknown) &&
                 !StringRef(A[I]).contains("$<"))
          T.WorkDir = absoluteIn(A[I], Dir);
      }
    } else if (A.size() >= 2) { // add_test(name exe args...)
      T.Command = A[1];
      T.Args.assign(A.begin() + 2, A.end());
    }
    if (!T.Command.empty())
      Tests.push_back(std::move(T));
  }

  /// file(GLOB var [options] patterns...): the files each pattern names in
  /// its directory (or below, GLOB_RECURSE). A pattern with wildcards in
  /// its directory part is not followed.
  void glob(ArrayRef<std::string> A, Vars &V, StringRef Dir) {
    bool Recurse = A[0] == "GLOB_RECURSE";
    std::string Relative;
    std::vector<std::string> Found;
    bool Known = true;
    for (size_t I = 2; I < A.size(); ++I) {
      StringRef P = A[I];
      if (P == "LIST_DIRECTORIES" || P == "RELATIVE") {
        if (I + 1 < A.size() && P == "RELATIVE")
          Relative = absoluteIn(A[I + 1], Dir);
        ++I;
        continue;
      }
      if (P == "CONFIGURE_DEPENDS" || P == "FOLLOW_SYMLINKS")
        continue;
      if (P.contains(Unknown) || !globFiles(absoluteIn(P, Dir), Recurse, Found))
        Known = false;
    }
    if (!Known && Found.empty()) {
      V.erase(A[1]);
      return;
    }
    llvm::sort(Found);
    Found.erase(std::unique(Found.begin(), Found.end()), Found.end());
    if (!Relative.empty() && !StringRef(Relative).contains(Unknown))
      for (std::string &F : Found)
        if (StringRef(F).starts_with(Relative + "/"))
          F = F.substr(Relative.size() + 1);
    std::string Value = join(Found, ";");
    if (Value.size() > MaxValueSize)
      V.erase(A[1]);
    else
      V[A[1]] = std::move(Value);
  }

  bool globFiles(StringRef Pattern, bool Recurse,
                 std::vector<std::string> &Out) {
    StringRef Dir = sys::path::parent_path(Pattern);
    StringRef Name = sys::path::filename(Pattern);
    if (Dir.find_first_of("*?[") != StringRef::npos ||
        (Dir != Root && !relative(Dir)))
      return false;
    Expected<GlobPattern> G = GlobPattern::create(Name);
    if (!G) {
      consumeError(G.takeError());
      return false;
    }
    std::error_code EC;
    for (sys::fs::recursive_directory_iterator It(Dir, EC, false), End;
         It != End && !EC && spend(WorkPerStep); It.increment(EC)) {
      if (It->type() == sys::fs::file_type::directory_file) {
        if (!Recurse || skipDirectory(It->path()))
          It.no_push();
        continue;
      }
      if (It->type() == sys::fs::file_type::regular_file &&
          G->match(sys::path::filename(It->path())))
        Out.push_back(It->path());
    }
    return true;
  }

  /// The executable target \p Command runs (by name, $<TARGET_FILE:name>
  /// or a path ending in it), unless it is a test runner.
  std::optional<std::string>
  executableOf(StringRef Command, const std::set<std::string> &TestSources) {
    StringRef Name = Command;
    if (!(Name.consume_front("$<TARGET_FILE:") && Name.consume_back(">"))) {
      Name = Name.substr(Name.rfind('/') + 1);
      Name.consume_back(".exe");
    }
    auto It = Targets.find(Name.str());
    if (Name.empty() || Name.contains(Unknown) || It == Targets.end() ||
        !It->second.Executable)
      return std::nullopt;
    // A test binary's fixtures are read by its tests, not by main.
    const Target &T = It->second;
    if (any_of(T.Links, isTestFrameworkLibrary) ||
        any_of(T.Sources, [&](const std::string &S) {
          std::optional<std::string> Rel = relative(S);
          return Rel && TestSources.count(*Rel);
        }))
      return std::nullopt;
    return Name.str();
  }

  /// Whether directory \p Abs holds data only: at least one file, no C/C++
  /// source, no build script, no build tree.
  bool isDataDirectory(StringRef Abs) const {
    auto [Known, New] = DataDirectories.try_emplace(Abs.str(), false);
    if (New)
      Known->second = walkDataDirectory(Abs);
    return Known->second;
  }

  bool walkDataDirectory(StringRef Abs) const {
    std::error_code EC;
    unsigned Seen = 0, Files = 0;
    for (sys::fs::recursive_directory_iterator It(Abs, EC, false), End;
         It != End; It.increment(EC)) {
      if (EC || ++Seen >= MaxWalkEntries)
        return false;
      StringRef Path = It->path();
      if (It->type() == sys::fs::file_type::directory_file) {
        if (isExcluded(Path) || sys::path::filename(Path) == ".git" ||
            sys::fs::exists(Path + "/CMakeCache.txt"))
          return false;
        continue;
      }
      if (isCxxSource(Path) || isBuildScript(sys::path::filename(Path)))
        return false;
      ++Files;
    }
    return Files > 0;
  }

  /// The directory and the glob that \p Abs, a test's argument, proposes:
  /// DIR/** for a directory of data, DIR/*.EXT for a data file (the file
  /// itself when that glob would take in a build script of DIR).
  std::optional<std::pair<std::string, std::string>>
  dataGlob(StringRef Path) const {
    SmallString<256> Real;
    if (sys::fs::real_path(Path, Real))
      return std::nullopt;
    std::optional<std::string> Rel = relative(Real);
    if (!Rel)
      return std::nullopt;
    sys::fs::file_status St;
    if (sys::fs::status(Real, St))
      return std::nullopt;
    if (St.type() == sys::fs::file_type::directory_file) {
      if (!isDataDirectory(Real))
        return std::nullopt;
      return std::make_pair(*Rel, escapeGlob(*Rel) + "/**");
    }
    if (St.type() != sys::fs::file_type::regular_file || isCxxSource(*Rel) ||
        isBuildScript(sys::path::filename(*Rel)))
      return std::nullopt;
    StringRef Dir = sys::path::parent_path(*Rel, sys::path::Style::posix);
    StringRef Ext = sys::path::extension(*Rel);
    if (Dir.empty())
      return std::nullopt; // Files of the root are no test directory.
    // A file without an extension: its directory, when that holds data
    // only, else the file.
    std::string Glob = escapeGlob(*Rel);
    if (Ext.empty() || StringRef(*Rel).ends_with("/" + Ext.str())) {
      if (isDataDirectory(Root + "/" + Dir.str()))
        Glob = escapeGlob(Dir) + "/**";
    } else if (std::string ByExt = escapeGlob(Dir) + "/*" + escapeGlob(Ext);
               !globTakesInScripts(ByExt, Dir)) {
      Glob = ByExt;
    }
    if (!matchPathGlob(Glob, *Rel))
      return std::nullopt;
    return std::make_pair(Dir.str(), Glob);
  }

  bool globTakesInScripts(StringRef Glob, StringRef Dir) const {
    auto [Known, New] = ScriptGlobs.try_emplace(Glob.str(), false);
    if (New)
      Known->second = walkScriptGlob(Glob, Dir);
    return Known->second;
  }

  bool walkScriptGlob(StringRef Glob, StringRef Dir) const {
    std::error_code EC;
    unsigned Seen = 0;
    for (sys::fs::directory_iterator It(Root + "/" + Dir.str(), EC), End;
         It != End && !EC && ++Seen < MaxWalkEntries; It.increment(EC)) {
      StringRef Name = sys::path::filename(It->path());
      if ((isBuildScript(Name) || isCxxSource(Name)) &&
          matchPathGlob(Glob, (Dir + "/" + Name).str()))
        return true;
    }
    return false;
  }
};

} // namespace

std::vector<CMakeCommand> parseCMakeCommands(StringRef Text) {
  return Lexer(Text).commands();
}

std::vector<DataTestProposal>
proposeDataTests(StringRef Root, ArrayRef<std::string> Excluded,
                 const std::set<std::string> &TestSources) {
  Scanner S(Root, Excluded);
  S.scan();
  return S.propose(TestSources);
}

} // namespace riskguard
