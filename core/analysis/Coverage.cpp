//===- Coverage.cpp - Per-test line coverage from lcov tracefiles ---------===//
#include "analysis/Coverage.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Base64.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MD5.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA1.h"
#include <memory>

using namespace llvm;

namespace riskguard {

std::string lcovLineChecksum(StringRef Line) {
  MD5::MD5Result Digest = MD5::hash(arrayRefFromStringRef(Line));
  std::string Sum = encodeBase64(Digest);
  return StringRef(Sum).rtrim('=').str();
}

std::string gitBlobId(StringRef Contents) {
  SHA1 Hash;
  Hash.update(("blob " + Twine(Contents.size())).str());
  Hash.update(ArrayRef<uint8_t>{0});
  Hash.update(Contents);
  return toHex(Hash.final(), /*LowerCase=*/true);
}

namespace {

/// A file as it is at head, with what the checks need computed on first use.
struct HeadFile {
  bool Exists = false;
  std::string Text;
  std::vector<size_t> LineStarts; ///< One per line; filled by lines().
  bool Indexed = false;
  std::vector<std::string> Sums; ///< lcovLineChecksum per line, "" until used.
  std::string Blob;

  size_t lines() {
    if (!Indexed) {
      Indexed = true;
      for (size_t Pos = 0; Pos < Text.size();) {
        LineStarts.push_back(Pos);
        size_t End = Text.find('\n', Pos);
        Pos = End == std::string::npos ? Text.size() : End + 1;
      }
      Sums.resize(LineStarts.size());
    }
    return LineStarts.size();
  }

  /// lcov's checksum of line \p N (1-based, at most lines()).
  StringRef sum(size_t N) {
    std::string &Sum = Sums[N - 1];
    if (Sum.empty()) {
      StringRef Line = StringRef(Text).substr(LineStarts[N - 1]);
      Sum = lcovLineChecksum(Line.take_until([](char C) { return C == '\n'; }));
    }
    return Sum;
  }

  StringRef blob() {
    if (Blob.empty())
      Blob = gitBlobId(Text);
    return Blob;
  }
};

/// What one test's records of one file give.
struct Pair {
  std::vector<unsigned> Lines; ///< Executed lines, unsorted until the end.
  bool Stale = false;
};

enum class Key {
  Unknown,
  TN,
  SF,
  VER,
  DA,
  Unused, ///< A known key whose value is not needed.
};

Key classify(StringRef Name) {
  return StringSwitch<Key>(Name)
      .Case("TN", Key::TN)
      .Case("SF", Key::SF)
      .Case("VER", Key::VER)
      .Case("DA", Key::DA)
      .Cases("FN", "FNDA", "FNF", "FNH", "FNL", "FNA", Key::Unused)
      .Cases("BRDA", "BRF", "BRH", "LF", "LH", Key::Unused)
      .Cases("MCDC", "MCF", "MCH", Key::Unused)
      .Default(Key::Unknown);
}

bool isKeyName(StringRef Name) {
  return !Name.empty() &&
         all_of(Name, [](char C) { return isAlpha(C) || C == '_'; });
}

bool isDigits(StringRef S) { return !S.empty() && all_of(S, isDigit); }

/// \p Line quoted for a message, cut when long.
std::string quote(StringRef Line) {
  if (Line.size() > 80)
    return ("'" + Line.take_front(77) + "...'").str();
  return ("'" + Line + "'").str();
}

Error malformed(StringRef File, size_t Line, const Twine &What) {
  return createStringError(inconvertibleErrorCode(),
                           File + ":" + Twine(Line) + ": " + What);
}

/// Reads tracefiles one after the other into one set of per-test pairs.
class Reader {
public:
  explicit Reader(const CoverageSource &Src) : Src(Src) {}

  Error read(StringRef File, bool InDirectory);
  Coverage finish();

private:
  /// The record being read: its test and file, null when it is skipped.
  struct Record {
    size_t Line = 0; ///< Of its SF:, 0 outside a record.
    StringRef SF;
    std::string Test;
    std::string Rel;
    Pair *P = nullptr;
    HeadFile *Head = nullptr;
  };

  const std::optional<std::string> &relative(StringRef SF);
  HeadFile &head(StringRef Rel);
  void stale(StringRef File, Record &R, const Twine &Why);
  Error readDA(StringRef File, size_t LineNo, StringRef Line, StringRef Value,
               Record &R);

  const CoverageSource &Src;
  StringMap<std::optional<std::string>> RelativeOf;
  StringMap<std::unique_ptr<HeadFile>> Heads;
  std::map<std::string, std::map<std::string, Pair>> Tests;
  std::vector<std::string> Ignored;
  unsigned Files = 0;
};

const std::optional<std::string> &Reader::relative(StringRef SF) {
  auto [It, New] = RelativeOf.try_emplace(SF);
  if (New)
    It->second = Src.Relative(SF);
  return It->second;
}

HeadFile &Reader::head(StringRef Rel) {
  std::unique_ptr<HeadFile> &H = Heads[Rel];
  if (!H) {
    H = std::make_unique<HeadFile>();
    if (std::optional<std::string> Text = Src.HeadText(Rel)) {
      H->Exists = true;
      H->Text = std::move(*Text);
    }
  }
  return *H;
}

void Reader::stale(StringRef File, Record &R, const Twine &Why) {
  if (R.P->Stale)
    return;
  R.P->Stale = true;
  R.P->Lines = {};
  Ignored.push_back((File + ": test '" + R.Test + "': " + Why +
                     "; its coverage of " + R.Rel + " is ignored")
                        .str());
}

Error Reader::readDA(StringRef File, size_t LineNo, StringRef Line,
                     StringRef Value, Record &R) {
  SmallVector<StringRef, 4> Fields;
  Value.split(Fields, ',');
  if (Fields.size() < 2)
    return malformed(File, LineNo,
                     "DA needs a line number and an execution count, found " +
                         quote(Line));
  if (Fields.size() > 3)
    return malformed(File, LineNo,
                     "DA has more than a line number, an execution count and "
                     "a checksum: " +
                         quote(Line));
  unsigned N = 0;
  if (!isDigits(Fields[0]))
    return malformed(File, LineNo,
                     "DA line number " + quote(Fields[0]) + " is not a number");
  if (Fields[0].getAsInteger(10, N))
    return malformed(File, LineNo,
                     "DA line number " + Fields[0] + " is too large");
  if (N == 0)
    return malformed(File, LineNo, "DA line number 0: lines count from 1");
  StringRef CountText = Fields[1];
  if (CountText.starts_with("-") && isDigits(CountText.drop_front()))
    return malformed(File, LineNo,
                     "DA execution count " + CountText +
                         " is negative: the counter is corrupt; produce the "
                         "coverage again");
  if (!isDigits(CountText))
    return malformed(File, LineNo,
                     "DA execution count " + quote(CountText) +
                         " is not a number");
  uint64_t Count = 0;
  if (CountText.getAsInteger(10, Count))
    return malformed(File, LineNo,
                     "DA execution count " + CountText +
                         " does not fit in 64 bits");
  std::optional<StringRef> Sum;
  if (Fields.size() == 3) {
    if (Fields[2].empty())
      return malformed(File, LineNo, "DA checksum is empty: " + quote(Line));
    Sum = Fields[2];
  }

  if (!R.P || R.P->Stale)
    return Error::success();
  size_t HeadLines = R.Head->lines();
  if (N > HeadLines) {
    stale(File, R,
          R.Rel + ":" + Twine(N) + " does not exist at head (the file has " +
              Twine(HeadLines) + (HeadLines == 1 ? " line)" : " lines)"));
    return Error::success();
  }
  // Tools that keep base64's padding write the same checksum with '='.
  if (Sum && Sum->rtrim('=') != R.Head->sum(N)) {
    stale(File, R,
          R.Rel + ":" + Twine(N) +
              " changed since the coverage was recorded (checksum " + *Sum +
              ", at head " + R.Head->sum(N) + ")");
    return Error::success();
  }
  if (Count > 0)
    R.P->Lines.push_back(N);
  return Error::success();
}

Error Reader::read(StringRef File, bool InDirectory) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
      MemoryBuffer::getFile(File, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!Buf)
    return createStringError(
        Buf.getError(), File + ": cannot read: " + Buf.getError().message());
  ++Files;
  StringRef Rest = (*Buf)->getBuffer();
  Rest.consume_front("\xEF\xBB\xBF"); // A byte order mark.

  // Directory mode: a test per file, named after it unless TN: says more.
  StringRef FileTest;
  if (InDirectory) {
    FileTest = sys::path::filename(File);
    if (!FileTest.consume_back(".info"))
      FileTest.consume_back(".lcov");
  }

  std::string TN;
  Record R;
  size_t LineNo = 0, Records = 0, Unnamed = 0;
  bool Content = false;
  while (!Rest.empty()) {
    ++LineNo;
    auto [Raw, Next] = Rest.split('\n');
    Rest = Next;
    StringRef Line = Raw.rtrim(" \t\r\v\f");
    if (Line.empty() || Line.starts_with("#"))
      continue;
    Content = true;

    if (Line == "end_of_record") {
      if (!R.Line)
        return malformed(File, LineNo,
                         "end_of_record outside a record (no SF: before it)");
      R = Record();
      ++Records;
      continue;
    }
    size_t Colon = Line.find(':');
    StringRef Name = Line.take_front(Colon);
    if (Colon == StringRef::npos || !isKeyName(Name))
      return malformed(File, LineNo,
                       "expected KEY:VALUE or end_of_record, found " +
                           quote(Line));
    StringRef Value = Line.drop_front(Colon + 1);
    Key K = classify(Name);
    if (K == Key::Unknown)
      return malformed(File, LineNo, "unknown key " + quote(Name));

    if (K == Key::TN) {
      if (R.Line)
        return malformed(File, LineNo,
                         "TN: inside the record that starts at line " +
                             Twine(R.Line) + " (end_of_record missing)");
      TN = Value.str();
      continue;
    }
    if (K == Key::SF) {
      if (R.Line)
        return malformed(File, LineNo,
                         "SF: inside the record that starts at line " +
                             Twine(R.Line) + " (end_of_record missing)");
      if (Value.empty())
        return malformed(File, LineNo, "SF: without a path");
      R.Line = LineNo;
      R.SF = Value;
      std::string Test = !TN.empty() ? TN : FileTest.str();
      const std::optional<std::string> &Rel = relative(Value);
      if (Test.empty()) {
        Unnamed += Rel.has_value();
        continue;
      }
      std::map<std::string, Pair> &Pairs = Tests[Test];
      if (!Rel)
        continue;
      R.Test = std::move(Test);
      R.Rel = *Rel;
      R.P = &Pairs[R.Rel];
      R.Head = &head(R.Rel);
      if (!R.Head->Exists)
        stale(File, R, R.Rel + " does not exist at head");
      continue;
    }
    if (!R.Line)
      return malformed(File, LineNo,
                       Name + " outside a record (no SF: before it)");
    if (K == Key::DA) {
      if (Error E = readDA(File, LineNo, Line, Value, R))
        return E;
      continue;
    }
    if (K == Key::VER && R.P && !R.P->Stale && Value.size() == 40 &&
        all_of(Value, isHexDigit) && Value.lower() != R.Head->blob())
      stale(File, R,
            R.Rel + " was recorded at blob " + Value.lower() +
                ", at head it is " + R.Head->blob());
  }

  if (R.Line)
    return malformed(File, R.Line,
                     "the record of " + quote(R.SF) +
                         " that starts here has no end_of_record");
  if (!Content)
    return malformed(File, 1, "empty tracefile");
  if (!Records)
    return malformed(File, 1,
                     "no record (SF: ... end_of_record) in the tracefile");
  if (Unnamed)
    Ignored.push_back(
        (File + ": records without a test name are ignored (" + Twine(Unnamed) +
         " of them): coverage that names no test is not per test; name each "
         "test with TN: (lcov --test-name) or give each test its own "
         "tracefile in a directory")
            .str());
  return Error::success();
}

Coverage Reader::finish() {
  Coverage Out;
  Out.Files = Files;
  for (auto &[Test, Pairs] : Tests) {
    TestCoverage &T = Out.Tests.emplace_back();
    T.Test = Test;
    for (auto &[Rel, P] : Pairs) {
      if (P.Stale || P.Lines.empty())
        continue;
      llvm::sort(P.Lines);
      P.Lines.erase(llvm::unique(P.Lines), P.Lines.end());
      T.Lines.emplace(Rel, std::move(P.Lines));
    }
  }
  llvm::sort(Ignored);
  Out.Ignored = std::move(Ignored);
  return Out;
}

/// The tracefiles of directory \p Dir, sorted.
Expected<std::vector<std::string>> tracefilesIn(StringRef Dir) {
  std::vector<std::string> Names;
  std::error_code EC;
  for (sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    if (!Name.ends_with(".info") && !Name.ends_with(".lcov"))
      continue;
    SmallString<256> Path(Dir);
    sys::path::append(Path, Name);
    sys::fs::file_status St;
    // status() follows symbolic links: a link to a tracefile is one.
    if (!sys::fs::status(Path, St) && sys::fs::is_regular_file(St))
      Names.push_back(std::string(Path));
  }
  if (EC)
    return createStringError(
        EC, Dir + ": cannot read the directory: " + EC.message());
  if (Names.empty())
    return createStringError(
        inconvertibleErrorCode(),
        Dir + ": no tracefile (*.info or *.lcov) in the directory");
  llvm::sort(Names);
  return Names;
}

} // namespace

Expected<Coverage> readCoverage(StringRef Path, const CoverageSource &Src) {
  sys::fs::file_status St;
  if (std::error_code EC = sys::fs::status(Path, St)) {
    if (EC == std::errc::no_such_file_or_directory)
      return createStringError(EC, Path + ": no such file or directory");
    return createStringError(EC, Path + ": cannot read: " + EC.message());
  }
  Reader R(Src);
  if (!sys::fs::is_directory(St)) {
    if (Error E = R.read(Path, /*InDirectory=*/false))
      return std::move(E);
    return R.finish();
  }
  Expected<std::vector<std::string>> Names = tracefilesIn(Path);
  if (!Names)
    return Names.takeError();
  for (const std::string &Name : *Names)
    if (Error E = R.read(Name, /*InDirectory=*/true))
      return std::move(E);
  return R.finish();
}

} // namespace riskguard
