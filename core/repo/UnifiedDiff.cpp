//===- UnifiedDiff.cpp - Read a unified diff and undo it ------------------===//
//
// `riskguard check --diff FILE` gets the change as a patch whose head side is
// the working tree, possibly in a shallow clone that lacks the base commit.
// So the patch is parsed by hand, keeping every hunk's lines, and the base
// side is rebuilt from the working tree and those lines alone; libgit2 is not
// needed here.
//
//===----------------------------------------------------------------------===//

#include "repo/UnifiedDiff.h"
#include "repo/PatchMail.h"
#include "repo/Paths.h"
#include "repo/Repository.h"
#include "repo/SourceFiles.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <map>
#include <tuple>

using namespace llvm;

namespace riskguard {
namespace {

/// One line of a hunk body, without its mark and line end.
struct HunkLine {
  char Kind = ' '; ///< ' ', '-' or '+'.
  StringRef Text;
  bool NoNewline = false; ///< Followed by "\ No newline at end of file".
};

struct PatchHunk {
  Hunk Range;
  unsigned Line = 0; ///< Line of the "@@" header in the patch.
  std::vector<HunkLine> Lines;
};

struct PatchFile {
  FileChange Change;
  unsigned Line = 0; ///< First header line of the file in the patch.
  unsigned Mode = 0; ///< Git mode of the head side, else the base; 0 unknown.
  std::vector<PatchHunk> Hunks;
};

struct ParsedPatch {
  /// The patch itself has CRLF line ends (it went through a Windows tool or
  /// a mailer), so a '\r' before '\n' is not part of the changed lines.
  bool CRLF = false;
  std::vector<PatchFile> Files; ///< Sorted by path().
};

constexpr StringLiteral DevNull = "/dev/null";
constexpr unsigned SymlinkMode = 0120000, GitlinkMode = 0160000;

/// Splits a hunk into its runs of changed lines, numbered as `git diff -U0`
/// numbers them, so that a patch with context describes the same lines as a
/// diff between two revisions does.
void appendChangedRuns(const PatchHunk &H, std::vector<Hunk> &Out) {
  unsigned OldNext = H.Range.OldLines ? H.Range.OldStart : H.Range.OldStart + 1;
  unsigned NewNext = H.Range.NewLines ? H.Range.NewStart : H.Range.NewStart + 1;
  std::optional<Hunk> Run;
  auto Close = [&] {
    if (!Run)
      return;
    if (!Run->OldLines)
      --Run->OldStart;
    if (!Run->NewLines)
      --Run->NewStart;
    Out.push_back(*Run);
    Run.reset();
  };
  for (const HunkLine &L : H.Lines) {
    if (L.Kind == ' ') {
      Close();
      ++OldNext;
      ++NewNext;
      continue;
    }
    if (!Run)
      Run = Hunk{OldNext, 0, NewNext, 0};
    if (L.Kind == '-') {
      ++Run->OldLines;
      ++OldNext;
    } else {
      ++Run->NewLines;
      ++NewNext;
    }
  }
  Close();
}

std::string hunkHeader(const Hunk &H) {
  return formatv("@@ -{0},{1} +{2},{3} @@", H.OldStart, H.OldLines, H.NewStart,
                 H.NewLines)
      .str();
}

/// 0-based index of the first line a hunk covers on one side; an empty side
/// starts after the line its header names.
size_t firstLine(unsigned Start, unsigned Count) {
  return Count ? Start - 1 : Start;
}

/// Reads a C-quoted name as git writes names with special characters.
std::optional<std::string> unquote(StringRef &S) {
  if (!S.consume_front("\""))
    return std::nullopt;
  std::string Out;
  while (!S.empty()) {
    char C = S.front();
    S = S.drop_front();
    if (C == '"')
      return Out;
    if (C != '\\') {
      Out += C;
      continue;
    }
    if (S.empty())
      return std::nullopt;
    C = S.front();
    S = S.drop_front();
    // Git's escapes: the C ones, or three octal digits for a byte.
    constexpr StringLiteral Escaped = "abfnrtv\\\"";
    constexpr StringLiteral Meant = "\a\b\f\n\r\t\v\\\"";
    if (size_t I = Escaped.find(C); I != StringRef::npos) {
      Out += Meant[I];
      continue;
    }
    if (C < '0' || C > '3' || S.size() < 2 || S[0] < '0' || S[0] > '7' ||
        S[1] < '0' || S[1] > '7')
      return std::nullopt;
    Out += char(((C - '0') << 6) | ((S[0] - '0') << 3) | (S[1] - '0'));
    S = S.drop_front(2);
  }
  return std::nullopt;
}

/// Drops git's "a/" and "b/" prefixes when both names carry them (or the
/// other side is /dev/null): `git diff --no-prefix` output has none, and a
/// top-level folder named "a" must survive.
void stripPrefixes(std::string &Old, std::string &New) {
  bool OldA = StringRef(Old).starts_with("a/");
  bool NewB = StringRef(New).starts_with("b/");
  bool OldNull = Old == DevNull, NewNull = New == DevNull;
  if (!(OldA || OldNull) || !(NewB || NewNull) || (OldNull && NewNull))
    return;
  if (OldA)
    Old.erase(0, 2);
  if (NewB)
    New.erase(0, 2);
}

/// Whether a "--- "/"+++ " timestamp is the epoch, which GNU `diff -N`
/// writes for a missing file instead of /dev/null, in local time
/// ("1970-01-01 01:00:00.000000000 +0100").
bool isEpoch(StringRef Stamp) {
  SmallVector<StringRef, 3> Parts;
  Stamp.trim().split(Parts, ' ');
  if (Parts.size() != 3)
    return false;
  int Day;
  if (Parts[0] == "1970-01-01")
    Day = 0;
  else if (Parts[0] == "1969-12-31")
    Day = -1;
  else
    return false;
  auto [Clock, Fraction] = Parts[1].split('.');
  unsigned H, M, S;
  if (Clock.size() != 8 || Clock[2] != ':' || Clock[5] != ':' ||
      Clock.substr(0, 2).getAsInteger(10, H) ||
      Clock.substr(3, 2).getAsInteger(10, M) ||
      Clock.substr(6, 2).getAsInteger(10, S) ||
      Fraction.find_first_not_of('0') != StringRef::npos)
    return false;
  StringRef Zone = Parts[2];
  unsigned ZH, ZM;
  if (Zone.size() != 5 || (Zone[0] != '+' && Zone[0] != '-') ||
      Zone.substr(1, 2).getAsInteger(10, ZH) ||
      Zone.substr(3, 2).getAsInteger(10, ZM))
    return false;
  int Offset = (Zone[0] == '-' ? -1 : 1) * int(ZH * 3600 + ZM * 60);
  return Day * 86400 + int(H * 3600 + M * 60 + S) - Offset == 0;
}

class PatchParser {
public:
  PatchParser(StringRef Text, StringRef FileName) : FileName(FileName) {
    while (!Text.empty()) {
      auto [Line, Rest] = Text.split('\n');
      Lines.push_back(Line);
      Text = Rest;
    }
    Result.CRLF = !Lines.empty() && Lines.front().ends_with("\r");
  }

  Expected<ParsedPatch> parse();

private:
  StringRef FileName;
  std::vector<StringRef> Lines; ///< Without '\n'; any '\r' is kept.
  size_t Pos = 0;
  ParsedPatch Result;

  Error error(size_t Index, const Twine &Msg) const {
    return createStringError(inconvertibleErrorCode(),
                             FileName + ":" + Twine(Index + 1) + ": " + Msg);
  }
  /// A header line: a '\r' at its end is never part of a name or number.
  StringRef header(size_t Index) const {
    return Lines[Index].ends_with("\r") ? Lines[Index].drop_back()
                                        : Lines[Index];
  }
  /// A hunk body line: its '\r' is content unless the whole patch is CRLF.
  StringRef body(size_t Index) const {
    return Result.CRLF ? header(Index) : Lines[Index];
  }
  bool startsFilePair(size_t Index) const {
    return Index + 1 < Lines.size() && header(Index).starts_with("--- ") &&
           header(Index + 1).starts_with("+++ ");
  }

  Expected<std::string> fileName(size_t Index, StringRef Rest) const;
  std::optional<std::pair<std::string, std::string>>
  gitHeaderNames(StringRef Rest) const;
  Error parseGitFile();
  Error parsePlainFile();
  Error parsePlainBinary();
  Error parseHunks(PatchFile &File);
  Error parseHunk(PatchFile &File);
  Error finishFile(PatchFile File, std::string Old, std::string New, bool IsNew,
                   bool IsDeleted, bool IsRename);
  Error checkPath(size_t Index, StringRef Path) const;
};

Expected<ParsedPatch> PatchParser::parse() {
  while (Pos < Lines.size()) {
    StringRef Line = header(Pos);
    if (Line.starts_with("diff --git ")) {
      if (Error E = parseGitFile())
        return std::move(E);
      continue;
    }
    if (Line.starts_with("diff --cc ") || Line.starts_with("diff --combined "))
      return error(Pos, "combined diffs of merges are not supported");
    if (startsFilePair(Pos)) {
      if (Error E = parsePlainFile())
        return std::move(E);
      continue;
    }
    if (Line.starts_with("Binary files ") && Line.ends_with(" differ")) {
      if (Error E = parsePlainBinary())
        return std::move(E);
      continue;
    }
    if (Line.starts_with("@@"))
      return error(Pos, "hunk header without a file header before it");
    // Anything else is commentary git and patch ignore too: a commit
    // message, "diff -ruN" or "Only in" lines, a mail signature.
    ++Pos;
  }
  // Like `git apply`, text that holds no file change is not a patch: a wrong
  // or garbled --diff must not pass as "nothing changed". An empty patch (no
  // change at all) is still one.
  if (Result.Files.empty()) {
    auto Blank = [](StringRef L) { return L.trim().empty(); };
    auto First = find_if_not(Lines, Blank);
    if (First != Lines.end())
      return error(First - Lines.begin(),
                   "no file change in the patch (expected the output of "
                   "`git diff` or `diff -u`)");
  }

  std::sort(Result.Files.begin(), Result.Files.end(),
            [](const PatchFile &A, const PatchFile &B) {
              return std::tie(A.Change.path(), A.Line) <
                     std::tie(B.Change.path(), B.Line);
            });
  for (size_t I = 1; I < Result.Files.size(); ++I)
    if (Result.Files[I].Change.path() == Result.Files[I - 1].Change.path())
      return error(Result.Files[I].Line - 1,
                   "'" + Result.Files[I].Change.path() +
                       "' is changed twice in the patch");
  return std::move(Result);
}

/// The name in a "--- " or "+++ " line: quoted, or up to a tab that starts
/// a timestamp (git also ends names holding spaces with a tab).
Expected<std::string> PatchParser::fileName(size_t Index,
                                            StringRef Rest) const {
  if (Rest.starts_with("\"")) {
    std::optional<std::string> Name = unquote(Rest);
    if (!Name)
      return error(Index, "malformed quoted file name");
    return *Name;
  }
  StringRef Name = Rest.split('\t').first;
  if (Name.empty())
    return error(Index, "missing file name");
  return Name.str();
}

/// The two names of a "diff --git" line, prefixes kept, when they can be
/// told apart; unquoted names with spaces can only be split where both
/// halves name the same file (the rename lines give the names otherwise).
std::optional<std::pair<std::string, std::string>>
PatchParser::gitHeaderNames(StringRef Rest) const {
  if (Rest.starts_with("\"")) {
    std::optional<std::string> Old = unquote(Rest);
    if (!Old || !Rest.consume_front(" "))
      return std::nullopt;
    if (!Rest.starts_with("\""))
      return std::make_pair(*Old, Rest.str());
    std::optional<std::string> New = unquote(Rest);
    if (!New || !Rest.empty())
      return std::nullopt;
    return std::make_pair(*Old, *New);
  }
  if (Rest.ends_with("\"")) {
    size_t Quote = Rest.rfind(" \"");
    if (Quote == StringRef::npos)
      return std::nullopt;
    StringRef Second = Rest.substr(Quote + 1);
    std::optional<std::string> New = unquote(Second);
    if (!New || !Second.empty())
      return std::nullopt;
    return std::make_pair(Rest.take_front(Quote).str(), *New);
  }
  for (size_t Space = Rest.find(' '); Space != StringRef::npos;
       Space = Rest.find(' ', Space + 1)) {
    StringRef Old = Rest.take_front(Space), New = Rest.drop_front(Space + 1);
    if (Old == New || (Old.starts_with("a/") && New.starts_with("b/") &&
                       Old.drop_front(2) == New.drop_front(2)))
      return std::make_pair(Old.str(), New.str());
  }
  return std::nullopt;
}

Error PatchParser::parseGitFile() {
  size_t Start = Pos;
  PatchFile File;
  File.Line = Start + 1;
  std::optional<std::pair<std::string, std::string>> HeaderNames =
      gitHeaderNames(header(Pos).drop_front(strlen("diff --git ")));
  ++Pos;

  bool IsNew = false, IsDeleted = false, IsRename = false, IsCopy = false;
  std::optional<std::string> From, To, Minus, Plus;
  auto ParseMode = [](StringRef S) {
    unsigned Mode = 0;
    return S.trim().getAsInteger(8, Mode) ? 0u : Mode;
  };
  auto ReadName = [&](StringRef Rest,
                      std::optional<std::string> &Out) -> Error {
    Expected<std::string> Name = fileName(Pos, Rest);
    if (!Name)
      return Name.takeError();
    Out = std::move(*Name);
    return Error::success();
  };
  while (Pos < Lines.size()) {
    StringRef Line = header(Pos);
    if (Line.starts_with("diff ") || Line.starts_with("@@"))
      break;
    if (Line.consume_front("new file mode ")) {
      IsNew = true;
      File.Mode = ParseMode(Line);
    } else if (Line.consume_front("deleted file mode ")) {
      IsDeleted = true;
      File.Mode = ParseMode(Line);
    } else if (Line.consume_front("new mode ")) {
      File.Mode = ParseMode(Line);
    } else if (Line.starts_with("old mode ") ||
               Line.starts_with("similarity index ") ||
               Line.starts_with("dissimilarity index ")) {
      // Nothing riskguard needs.
    } else if (Line.consume_front("index ")) {
      // "index abc..def 100644" when the mode did not change.
      StringRef Mode = Line.split(' ').second;
      if (!Mode.empty() && !File.Mode)
        File.Mode = ParseMode(Mode);
    } else if (Line.consume_front("rename from ") ||
               Line.consume_front("rename old ")) {
      IsRename = true;
      if (Error E = ReadName(Line, From))
        return E;
    } else if (Line.consume_front("copy from ")) {
      IsCopy = true;
      if (Error E = ReadName(Line, From))
        return E;
    } else if (Line.consume_front("rename to ") ||
               Line.consume_front("rename new ") ||
               Line.consume_front("copy to ")) {
      if (Error E = ReadName(Line, To))
        return E;
    } else if (Line.starts_with("--- ")) {
      if (!startsFilePair(Pos))
        return error(Pos, "'---' line without a '+++' line after it");
      Expected<std::string> Old = fileName(Pos, Line.drop_front(4));
      if (!Old)
        return Old.takeError();
      Expected<std::string> New =
          fileName(Pos + 1, header(Pos + 1).drop_front(4));
      if (!New)
        return New.takeError();
      Minus = *Old;
      Plus = *New;
      stripPrefixes(*Minus, *Plus);
      ++Pos;
    } else if (Line.starts_with("Binary files ")) {
      // The last line of this file; a plain one may follow.
      File.Change.Binary = true;
      ++Pos;
      break;
    } else if (Line == "GIT binary patch") {
      File.Change.Binary = true;
      // The base85 data cannot hold a space, so it never looks like the
      // next file's header.
      while (Pos < Lines.size() && !header(Pos).starts_with("diff "))
        ++Pos;
      break;
    } else {
      break; // Trailing commentary, left to the caller.
    }
    ++Pos;
  }

  if (From.has_value() != To.has_value())
    return error(Start, "'" + Twine(IsCopy ? "copy" : "rename") +
                            "' lines need both a from and a to name");
  if (Error E = parseHunks(File))
    return E;

  std::string Old, New;
  if (HeaderNames) {
    Old = HeaderNames->first;
    New = HeaderNames->second;
    stripPrefixes(Old, New);
  }
  if (Minus && *Minus != DevNull)
    Old = *Minus;
  if (Plus && *Plus != DevNull)
    New = *Plus;
  if (From) {
    Old = *From;
    New = *To;
  }
  IsNew |= Minus && *Minus == DevNull;
  IsDeleted |= Plus && *Plus == DevNull;
  if (Old.empty() || New.empty())
    return error(Start, "cannot tell the file names apart in 'diff --git' "
                        "line");
  // A copy leaves its source alone: for riskguard the copy is a new file.
  if (IsCopy) {
    IsNew = true;
    IsRename = false;
  }
  return finishFile(std::move(File), Old, New, IsNew, IsDeleted, IsRename);
}

Error PatchParser::parsePlainFile() {
  PatchFile File;
  File.Line = Pos + 1;
  StringRef MinusLine = header(Pos).drop_front(4);
  StringRef PlusLine = header(Pos + 1).drop_front(4);
  Expected<std::string> Old = fileName(Pos, MinusLine);
  if (!Old)
    return Old.takeError();
  Expected<std::string> New = fileName(Pos + 1, PlusLine);
  if (!New)
    return New.takeError();
  Pos += 2;
  if (Pos >= Lines.size() || !header(Pos).starts_with("@@"))
    return error(Pos - 1, "'+++' line without a hunk after it");
  if (Error E = parseHunks(File))
    return E;
  stripPrefixes(*Old, *New);
  bool IsNew = *Old == DevNull || isEpoch(MinusLine.split('\t').second);
  bool IsDeleted = *New == DevNull || isEpoch(PlusLine.split('\t').second);
  // A plain diff knows no renames: differing names ("x.cc.orig", "x.cc")
  // mean the head side's file changed.
  if (!IsNew && !IsDeleted)
    *Old = *New;
  return finishFile(std::move(File), *Old, *New, IsNew, IsDeleted, false);
}

Error PatchParser::parsePlainBinary() {
  PatchFile File;
  File.Line = Pos + 1;
  File.Change.Binary = true;
  StringRef Names = header(Pos)
                        .drop_front(strlen("Binary files "))
                        .drop_back(strlen(" differ"));
  auto [OldRef, NewRef] = Names.split(" and ");
  std::string Old = OldRef.str(), New = NewRef.str();
  if (Old.empty() || New.empty())
    return error(Pos, "cannot read the file names in 'Binary files' line");
  ++Pos;
  stripPrefixes(Old, New);
  bool IsNew = Old == DevNull, IsDeleted = New == DevNull;
  if (!IsNew && !IsDeleted)
    Old = New;
  return finishFile(std::move(File), Old, New, IsNew, IsDeleted, false);
}

Error PatchParser::finishFile(PatchFile File, std::string Old, std::string New,
                              bool IsNew, bool IsDeleted, bool IsRename) {
  size_t Index = File.Line - 1;
  if (IsNew && IsDeleted)
    return error(Index, "file is both added and deleted");
  FileChange &Change = File.Change;
  if (IsNew) {
    Change.Status = FileStatus::Added;
    Change.NewPath = std::move(New);
  } else if (IsDeleted) {
    Change.Status = FileStatus::Deleted;
    Change.OldPath = std::move(Old);
  } else {
    Change.Status =
        IsRename || Old != New ? FileStatus::Renamed : FileStatus::Modified;
    Change.OldPath = std::move(Old);
    Change.NewPath = std::move(New);
  }
  for (StringRef Path : {Change.OldPath, Change.NewPath})
    if (!Path.empty())
      if (Error E = checkPath(Index, Path))
        return E;
  for (const PatchHunk &H : File.Hunks)
    appendChangedRuns(H, Change.Hunks);
  Result.Files.push_back(std::move(File));
  return Error::success();
}

/// Paths are read below the working tree root, so a patch must not lead
/// outside it.
Error PatchParser::checkPath(size_t Index, StringRef Path) const {
  if (Path == DevNull)
    return error(Index, "/dev/null on both sides");
  if (Path.starts_with("/"))
    return error(Index, "absolute path '" + Path + "' in the patch");
  SmallVector<StringRef, 8> Parts;
  Path.split(Parts, '/');
  if (is_contained(Parts, ".."))
    return error(Index, "path '" + Path + "' leaves the repository");
  return Error::success();
}

Error PatchParser::parseHunks(PatchFile &File) {
  while (Pos < Lines.size() && header(Pos).starts_with("@@"))
    if (Error E = parseHunk(File))
      return E;
  return Error::success();
}

Error PatchParser::parseHunk(PatchFile &File) {
  size_t HeaderIndex = Pos;
  StringRef Line = header(Pos);
  if (Line.starts_with("@@@"))
    return error(Pos, "combined diffs of merges are not supported");

  PatchHunk H;
  H.Line = Pos + 1;
  auto ParseRange = [](StringRef &S, char Sign, unsigned &Start,
                       unsigned &Count) {
    if (!S.consume_front(StringRef(&Sign, 1)) || S.empty() ||
        !isDigit(S.front()) || S.consumeInteger(10, Start))
      return false;
    Count = 1;
    if (S.consume_front(","))
      if (S.empty() || !isDigit(S.front()) || S.consumeInteger(10, Count))
        return false;
    // Only an empty side may start at line 0.
    return Start != 0 || Count == 0;
  };
  StringRef Rest = Line;
  if (!Rest.consume_front("@@ ") ||
      !ParseRange(Rest, '-', H.Range.OldStart, H.Range.OldLines) ||
      !Rest.consume_front(" ") ||
      !ParseRange(Rest, '+', H.Range.NewStart, H.Range.NewLines) ||
      !(Rest == " @@" || Rest.starts_with(" @@ ")))
    return error(Pos, "malformed hunk header '" + Line + "'");
  ++Pos;

  std::string Header = hunkHeader(H.Range);
  unsigned OldLeft = H.Range.OldLines, NewLeft = H.Range.NewLines;
  auto EndsEarly = [&] {
    return error(HeaderIndex,
                 formatv("hunk {0} ends after {1} old and {2} new lines, its "
                         "header says {3} and {4}",
                         Header, H.Range.OldLines - OldLeft,
                         H.Range.NewLines - NewLeft, H.Range.OldLines,
                         H.Range.NewLines)
                     .str());
  };
  auto TooMany = [&](StringRef Side, unsigned Count) {
    return error(Pos, formatv("hunk {0} has more {1} lines than the {2} its "
                              "header says",
                              Header, Side, Count)
                          .str());
  };
  auto Marker = [&]() -> Error {
    if (H.Lines.empty())
      return error(Pos, "'\\' line without a changed line before it");
    H.Lines.back().NoNewline = true;
    ++Pos;
    return Error::success();
  };

  while (OldLeft || NewLeft) {
    if (Pos >= Lines.size())
      return EndsEarly();
    StringRef Body = body(Pos);
    // Mailers and editors strip the space of an empty context line.
    char Kind = Body.empty() ? ' ' : Body.front();
    if (Kind == '\\') {
      if (Error E = Marker())
        return E;
      continue;
    }
    if (Kind != ' ' && Kind != '-' && Kind != '+')
      return EndsEarly();
    // With no old lines left, "--- " is the next file's header.
    if (Kind != '+' && !OldLeft)
      return startsFilePair(Pos) ? EndsEarly()
                                 : TooMany("old", H.Range.OldLines);
    if (Kind != '-' && !NewLeft)
      return TooMany("new", H.Range.NewLines);
    H.Lines.push_back({Kind, Body.drop_front(Body.empty() ? 0 : 1), false});
    if (Kind != '+')
      --OldLeft;
    if (Kind != '-')
      --NewLeft;
    ++Pos;
  }
  if (Pos < Lines.size() && header(Pos).starts_with("\\"))
    if (Error E = Marker())
      return E;

  // A changed line right after a complete hunk means the counts are short.
  if (Pos < Lines.size()) {
    StringRef Next = header(Pos);
    bool Signature = Next == "-- " || Next == "--";
    if (!Signature && !startsFilePair(Pos)) {
      if (Next.starts_with("-") || Next.starts_with(" "))
        return TooMany("old", H.Range.OldLines);
      if (Next.starts_with("+"))
        return TooMany("new", H.Range.NewLines);
    }
  }

  // Unchanged lines between hunks are the same on both sides, so the gaps
  // before a hunk must match; otherwise the hunks overlap or are out of
  // order and the base side cannot be rebuilt.
  size_t OldEnd = 0, NewEnd = 0;
  if (!File.Hunks.empty()) {
    const Hunk &Prev = File.Hunks.back().Range;
    OldEnd = firstLine(Prev.OldStart, Prev.OldLines) + Prev.OldLines;
    NewEnd = firstLine(Prev.NewStart, Prev.NewLines) + Prev.NewLines;
  }
  size_t OldFirst = firstLine(H.Range.OldStart, H.Range.OldLines);
  size_t NewFirst = firstLine(H.Range.NewStart, H.Range.NewLines);
  if (OldFirst < OldEnd || NewFirst < NewEnd ||
      OldFirst - OldEnd != NewFirst - NewEnd)
    return error(HeaderIndex, "hunk " + Header +
                                  " does not line up with the hunks before "
                                  "it");
  File.Hunks.push_back(std::move(H));
  return Error::success();
}

Expected<ParsedPatch> parsePatch(StringRef Text, StringRef FileName) {
  return PatchParser(Text, FileName).parse();
}

/// A line for an error message, its carriage return made visible.
std::string shown(StringRef Line) {
  std::string Out = "\"";
  for (char C : Line)
    Out += C == '\r' ? "\\r" : std::string(1, C);
  return Out + "\"";
}

/// A line of a working tree file: Text holds any '\r', HasNewline whether
/// '\n' follows.
struct FileLine {
  StringRef Text;
  bool HasNewline = true;
};

std::vector<FileLine> splitLines(StringRef Content) {
  std::vector<FileLine> Out;
  while (!Content.empty()) {
    size_t End = Content.find('\n');
    if (End == StringRef::npos) {
      Out.push_back({Content, false});
      break;
    }
    Out.push_back({Content.take_front(End), true});
    Content = Content.drop_front(End + 1);
  }
  return Out;
}

/// Rebuilds the base side of \p File from its head side \p Content.
Expected<std::string> rebuildBase(const PatchFile &File, StringRef Content,
                                  bool CRLFPatch, StringRef FileName) {
  std::vector<FileLine> Lines = splitLines(Content);
  StringRef Path = File.Change.path();

  // A CRLF patch lost the line ends of the removed lines; give them the
  // file's own (for a deleted file nothing tells, so '\n').
  size_t CRLFLines = count_if(Lines, [](const FileLine &L) {
    return L.HasNewline && L.Text.ends_with("\r");
  });
  size_t LFLines = count_if(Lines, [](const FileLine &L) {
    return L.HasNewline && !L.Text.ends_with("\r");
  });
  StringRef DefaultEnd = CRLFLines > LFLines ? "\r\n" : "\n";
  auto Matches = [&](StringRef Patch, StringRef Actual) {
    return Patch == Actual ||
           (CRLFPatch && Actual.size() == Patch.size() + 1 &&
            Actual.starts_with(Patch) && Actual.ends_with("\r"));
  };

  std::string Out;
  auto Copy = [&](const FileLine &L) {
    Out += L.Text;
    if (L.HasNewline)
      Out += '\n';
  };
  size_t Cursor = 0;
  for (const PatchHunk &H : File.Hunks) {
    auto Fail = [&](const Twine &What) {
      return createStringError(
          inconvertibleErrorCode(),
          FileName + ":" + Twine(H.Line) + ": patch does not apply to " + Path +
              ": hunk " + hunkHeader(H.Range) + " expects " + What);
    };
    size_t First = firstLine(H.Range.NewStart, H.Range.NewLines);
    if (First > Lines.size())
      return Fail(
          formatv("{0} lines before it, the file has {1}", First, Lines.size())
              .str());
    for (; Cursor < First; ++Cursor)
      Copy(Lines[Cursor]);
    for (const HunkLine &L : H.Lines) {
      if (L.Kind == '-') {
        Out += L.Text;
        if (!L.NoNewline)
          Out += CRLFPatch && !L.Text.ends_with("\r") ? DefaultEnd : "\n";
        continue;
      }
      size_t Number = Cursor + 1;
      if (Cursor >= Lines.size())
        return Fail(formatv("line {0} to be {1}, the file has {2} lines",
                            Number, shown(L.Text), Lines.size())
                        .str());
      const FileLine &Actual = Lines[Cursor];
      if (!Matches(L.Text, Actual.Text))
        return Fail(formatv("line {0} to be {1}, found {2}", Number,
                            shown(L.Text), shown(Actual.Text))
                        .str());
      if (L.NoNewline == Actual.HasNewline)
        return Fail(formatv("line {0} to end {1} a newline", Number,
                            L.NoNewline ? "without" : "with")
                        .str());
      if (L.Kind == ' ')
        Copy(Actual);
      ++Cursor;
    }
  }
  for (; Cursor < Lines.size(); ++Cursor)
    Copy(Lines[Cursor]);
  return Out;
}

} // namespace

Expected<ChangeSet> parseUnifiedDiff(StringRef Text, StringRef FileName) {
  Expected<ParsedPatch> Patch = parsePatch(Text, FileName);
  if (!Patch)
    return Patch.takeError();
  ChangeSet Changes;
  Changes.HeadId = "WORKTREE";
  for (PatchFile &File : Patch->Files)
    Changes.Files.push_back(std::move(File.Change));
  return Changes;
}

namespace {

/// The base side of one parsed patch whose head side is the working tree
/// at \p Root with \p Later (the files later patches of a series changed,
/// at their base) laid over it.
Expected<Snapshot> reverseParsed(const ParsedPatch *Patch, StringRef FileName,
                                 StringRef Root, const Snapshot &Later) {
  Snapshot Base;
  // A renamed file and a new file may share a path; the base contents win
  // over "absent at base".
  auto Set = [&](const std::string &Path, std::optional<std::string> Value) {
    auto [It, Inserted] = Base.try_emplace(Path, Value);
    if (!Inserted && Value)
      It->second = std::move(Value);
  };
  for (const PatchFile &File : Patch->Files) {
    const FileChange &Change = File.Change;
    auto Fail = [&](const Twine &What) {
      return createStringError(inconvertibleErrorCode(),
                               FileName + ":" + Twine(File.Line) +
                                   ": patch does not apply to " +
                                   Change.path() + ": " + What);
    };
    // The head side is read through the working tree; it may not lead
    // outside the repository.
    if (!Change.NewPath.empty())
      if (Error E = checkInsideWorkTree(Root, Change.NewPath,
                                        FileName + ":" + Twine(File.Line) +
                                            ": " + Change.NewPath))
        return std::move(E);
    // Symlinks and submodules are not sources; reading one through the
    // working tree would follow the link or find a directory.
    bool NotAFile = File.Mode == SymlinkMode || File.Mode == GitlinkMode;
    if (Change.Status == FileStatus::Added && (NotAFile || Change.Binary)) {
      Set(Change.NewPath, std::nullopt);
      continue;
    }
    if (NotAFile)
      continue;
    if (Change.Binary) {
      // A binary patch carries no text to rebuild the base from. Nothing
      // analyzes the contents of a binary that is not a C/C++ source, so it
      // is left out of the snapshot rather than failing the whole change; a
      // source must fail, since its analysis would be silently wrong.
      if (!isCxxSource(Change.OldPath) && !isCxxSource(Change.NewPath))
        continue;
      return createStringError(inconvertibleErrorCode(),
                               FileName + ":" + Twine(File.Line) +
                                   ": cannot rebuild the base of binary "
                                   "file " +
                                   Change.path() +
                                   ": the patch holds no text for it");
    }

    SmallString<256> Path(Root);
    sys::path::append(Path, sys::path::Style::posix, Change.path());
    std::string Content;
    if (auto It = Later.find(Change.path()); It != Later.end()) {
      if (Change.Status == FileStatus::Deleted && It->second)
        return Fail("the patch deletes it but a later patch of the series "
                    "changes it");
      if (Change.Status != FileStatus::Deleted && !It->second)
        return Fail("a later patch of the series adds it");
      if (It->second)
        Content = *It->second;
    } else if (Change.Status == FileStatus::Deleted) {
      if (sys::fs::exists(Path))
        return Fail("the patch deletes it but it is in the working tree");
    } else {
      ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer =
          MemoryBuffer::getFile(Path, /*IsText=*/false,
                                /*RequiresNullTerminator=*/false);
      if (!Buffer)
        return Fail("cannot read it in the working tree: " +
                    Buffer.getError().message());
      Content = (*Buffer)->getBuffer().str();
    }

    Expected<std::string> Old =
        rebuildBase(File, Content, Patch->CRLF, FileName);
    if (!Old)
      return Old.takeError();
    switch (Change.Status) {
    case FileStatus::Added:
      if (!Old->empty())
        return Fail("the patch adds it but the working tree file has lines "
                    "the patch does not add");
      Set(Change.NewPath, std::nullopt);
      break;
    case FileStatus::Deleted:
    case FileStatus::Modified:
      Set(Change.path(), std::move(*Old));
      break;
    case FileStatus::Renamed:
      Set(Change.OldPath, std::move(*Old));
      if (Change.NewPath != Change.OldPath)
        Set(Change.NewPath, std::nullopt);
      break;
    }
  }
  return Base;
}

/// The mails of a format-patch series, each with the lines before it
/// blanked, so that errors keep the line numbers of the whole file.
std::vector<std::string> splitMails(StringRef Text) {
  std::vector<StringRef> Lines;
  for (StringRef Rest = Text; !Rest.empty();) {
    auto [Line, Tail] = Rest.split('\n');
    Lines.push_back(Line);
    Rest = Tail;
  }
  std::vector<size_t> Starts;
  for (size_t I = 0; I + 1 < Lines.size(); ++I)
    if (mailSeparator(Lines[I], Lines[I + 1]))
      Starts.push_back(I);
  std::vector<std::string> Mails;
  for (size_t M = 0; M < Starts.size(); ++M) {
    size_t End = M + 1 < Starts.size() ? Starts[M + 1] : Lines.size();
    std::string Mail(Starts[M], '\n');
    for (size_t I = Starts[M]; I < End; ++I)
      Mail += Lines[I].str() + "\n";
    Mails.push_back(std::move(Mail));
  }
  return Mails;
}

} // namespace

Expected<Snapshot> reversePatch(StringRef PatchText, StringRef FileName,
                                StringRef Root) {
  Expected<ParsedPatch> Patch = parsePatch(PatchText, FileName);
  if (!Patch)
    return Patch.takeError();
  return reverseParsed(&*Patch, FileName, Root, Snapshot());
}

Expected<std::pair<ChangeSet, Snapshot>>
reversePatchSeries(StringRef Text, StringRef FileName, StringRef Root) {
  std::vector<std::string> Mails = splitMails(Text);
  std::vector<ParsedPatch> Patches;
  std::map<std::string, unsigned> Touched;
  for (const std::string &Mail : Mails) {
    Expected<ParsedPatch> Patch = parsePatch(Mail, FileName);
    if (!Patch)
      return Patch.takeError();
    for (const PatchFile &F : Patch->Files)
      for (const std::string *P : {&F.Change.OldPath, &F.Change.NewPath})
        if (!P->empty())
          ++Touched[*P];
    Patches.push_back(std::move(*Patch));
  }
  bool Overlap = any_of(Touched, [](const auto &T) { return T.second > 1; });
  if (!Overlap) {
    // One patch, or commits that touch different files: the whole text is
    // one patch, renames and all.
    Expected<ChangeSet> Changes = parseUnifiedDiff(Text, FileName);
    if (!Changes)
      return Changes.takeError();
    Expected<Snapshot> Base = reversePatch(Text, FileName, Root);
    if (!Base)
      return Base.takeError();
    return std::make_pair(std::move(*Changes), std::move(*Base));
  }

  // Undo the commits newest first, each over what the later ones left.
  Snapshot State;
  std::map<std::string, bool> Binary;
  for (size_t I = Patches.size(); I-- > 0;) {
    Expected<Snapshot> Before =
        reverseParsed(&Patches[I], FileName, Root, State);
    if (!Before)
      return Before.takeError();
    for (auto &[Path, Contents] : *Before)
      State[Path] = std::move(Contents);
    for (const PatchFile &F : Patches[I].Files)
      if (F.Change.Binary)
        Binary[F.Change.path()] = true;
  }
  // What the series changes is what differs between the first commit's base
  // and the working tree; a rename across commits is a deletion and an
  // addition.
  ChangeSet Changes;
  Changes.HeadId = "WORKTREE";
  for (const auto &[Path, BaseText] : State) {
    SmallString<256> Abs(Root);
    sys::path::append(Abs, sys::path::Style::posix, Path);
    std::optional<std::string> HeadText;
    if (ErrorOr<std::unique_ptr<MemoryBuffer>> Buffer = MemoryBuffer::getFile(
            Abs, /*IsText=*/false, /*RequiresNullTerminator=*/false))
      HeadText = (*Buffer)->getBuffer().str();
    if (BaseText == HeadText)
      continue;
    FileChange FC;
    FC.OldPath = BaseText ? Path : "";
    FC.NewPath = HeadText ? Path : "";
    FC.Status = !BaseText   ? FileStatus::Added
                : !HeadText ? FileStatus::Deleted
                            : FileStatus::Modified;
    FC.Binary = Binary.count(Path) != 0;
    if (!FC.Binary) {
      Expected<std::vector<Hunk>> Hunks =
          lineHunks(BaseText.value_or(""), HeadText.value_or(""));
      if (!Hunks)
        return Hunks.takeError();
      FC.Hunks = std::move(*Hunks);
    }
    Changes.Files.push_back(std::move(FC));
  }
  // Files only some binary patch touched and riskguard does not read.
  for (const auto &[Path, IsBinary] : Binary)
    if (!State.count(Path) && IsBinary) {
      FileChange FC;
      FC.OldPath = FC.NewPath = Path;
      FC.Binary = true;
      Changes.Files.push_back(std::move(FC));
    }
  llvm::sort(Changes.Files, [](const FileChange &A, const FileChange &B) {
    return A.path() < B.path();
  });
  return std::make_pair(std::move(Changes), std::move(State));
}

} // namespace riskguard
