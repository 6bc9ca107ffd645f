//===- Analyzer.cpp - From a change to the functions it alters ------------===//
#include "analysis/Analyzer.h"
#include "analysis/ChangeSummary.h"
#include "facts/Indexer.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <map>
#include <set>

namespace riskguard {

llvm::StringRef changeKindName(ChangeKind K) {
  switch (K) {
  case ChangeKind::Modified:
    return "modified";
  case ChangeKind::Added:
    return "added";
  case ChangeKind::Deleted:
    return "deleted";
  case ChangeKind::Cosmetic:
    return "cosmetic";
  }
  return "";
}

llvm::StringRef tierKindName(TierKind K) {
  switch (K) {
  case TierKind::None:
    return "none";
  case TierKind::Tier1:
    return "tier1";
  case TierKind::Indirect:
    return "indirect";
  }
  return "";
}

namespace {

/// One translation unit of the build, by repo-relative main file.
struct Unit {
  std::string Path;
  clang::tooling::CompileCommand Command;
};

std::vector<Unit> projectUnits(const AnalysisInput &In) {
  std::vector<Unit> Units;
  for (clang::tooling::CompileCommand &Cmd :
       projectCommands(*In.Commands, *In.Paths))
    Units.push_back(
        {*In.Paths->relative(Cmd.Filename, Cmd.Directory), std::move(Cmd)});
  return Units;
}

bool isSourceFile(llvm::StringRef Path) {
  llvm::StringRef Ext = llvm::sys::path::extension(Path);
  return !Ext.starts_with(".h") && !Ext.starts_with(".H") && Ext != ".inl" &&
         Ext != ".ipp" && Ext != ".tcc";
}

/// Whether a function's lines meet one of the hunks' head-side lines.
bool overlapsHead(const FunctionFacts &F, const FileChange &FC) {
  for (const Hunk &H : FC.Hunks) {
    if (H.NewLines == 0) {
      // Lines were removed between NewStart and NewStart + 1.
      if (F.Line <= H.NewStart && H.NewStart + 1 <= F.EndLine)
        return true;
      continue;
    }
    if (F.Line < H.NewStart + H.NewLines && H.NewStart <= F.EndLine)
      return true;
  }
  return false;
}

/// The changed files other than its own that a function's token hash
/// covers, sorted; empty when its own file changed too.
std::vector<std::string>
changedHashedFiles(const FunctionFacts &F,
                   const std::map<std::string, const FileChange *> &Changed) {
  std::vector<std::string> Out;
  if (Changed.count(F.File))
    return Out;
  for (const std::string &File : F.HashedFiles)
    if (Changed.count(File))
      Out.push_back(File);
  return Out;
}

/// Whether the change can alter a function's logic or its tier-1 marking
/// only through other files.
bool changedElsewhere(
    const FunctionFacts &F,
    const std::map<std::string, const FileChange *> &Changed) {
  if (Changed.count(F.File))
    return false;
  auto IsChanged = [&](const std::string &File) {
    return Changed.count(File) != 0;
  };
  return llvm::any_of(F.HashedFiles, IsChanged) ||
         llvm::any_of(F.MarkingFiles, IsChanged);
}

std::string location(const ParseError &E) {
  if (E.Line == 0)
    return E.File;
  return E.File + ":" + std::to_string(E.Line) + ":" + std::to_string(E.Column);
}

/// Lines [First, Last] of a file as a revision has it: the overlay's
/// contents where it has the file, else the working tree's.
std::string revisionLines(const Snapshot *Overlay, llvm::StringRef Root,
                          const std::string &Path, unsigned First,
                          unsigned Last) {
  std::string Text = readThrough(Overlay, Root.str(), Path).value_or("");
  llvm::SmallVector<llvm::StringRef> Lines;
  llvm::StringRef(Text).split(Lines, '\n');
  std::string Out;
  for (unsigned L = First; L <= Last && L <= Lines.size(); ++L)
    Out += Lines[L - 1].str() + "\n";
  return Out;
}

IncompleteFile parseFailure(const TUFacts &TU, llvm::StringRef Side) {
  const ParseError &First = TU.Errors.front();
  IncompleteFile I;
  I.File = llvm::is_contained(TU.Files, First.File) ? First.File : TU.MainFile;
  I.At = location(First);
  I.Line = First.File == I.File ? First.Line : 0;
  I.Column = First.File == I.File ? First.Column : 0;
  unsigned N = TU.Errors.size();
  I.Reason = std::to_string(N) + (N == 1 ? " error" : " errors") +
             " while parsing '" + TU.MainFile + "'" + Side.str() +
             "; first: " + I.At + ": " + First.Message;
  return I;
}

} // namespace

std::vector<clang::tooling::CompileCommand>
projectCommands(const clang::tooling::CompilationDatabase &DB,
                const PathMapper &Paths) {
  std::vector<std::pair<std::string, clang::tooling::CompileCommand>> Units;
  for (clang::tooling::CompileCommand &Cmd : DB.getAllCompileCommands()) {
    std::optional<std::string> Rel =
        Paths.relative(Cmd.Filename, Cmd.Directory);
    if (Rel)
      Units.emplace_back(*Rel, std::move(Cmd));
  }
  // A file built twice (two targets, two flag sets) is parsed once.
  llvm::sort(Units, [](const auto &A, const auto &B) {
    return std::tie(A.first, A.second.CommandLine) <
           std::tie(B.first, B.second.CommandLine);
  });
  Units.erase(
      llvm::unique(Units, [](const auto &A,
                             const auto &B) { return A.first == B.first; }),
      Units.end());
  std::vector<clang::tooling::CompileCommand> Out;
  for (auto &U : Units)
    Out.push_back(std::move(U.second));
  return Out;
}

namespace {

/// The changed C and C++ files by path, at head (new path) and at base (old
/// path).
using ChangedFiles = std::map<std::string, const FileChange *>;

/// One run of analyzeChange: each step fills part of the result.
class ChangeAnalysis {
public:
  ChangeAnalysis(const AnalysisInput &In)
      : In(In), P(*In.Rules), Units(projectUnits(In)),
        Preambles(In.BaseOverlay) {}

  AnalysisResult run() {
    parseHead();
    findChangedFiles();
    findHeadIncomplete();
    parseBase(baseCommands());
    classifyHead();
    addDeleted();
    finish();
    return std::move(R);
  }

private:
  void parseHead();
  void findChangedFiles();
  void findHeadIncomplete();
  std::set<unsigned> unitsReadingChangedFiles() const;
  void addUnitsDefiningChangedElsewhere(std::set<unsigned> &Chosen) const;
  std::vector<clang::tooling::CompileCommand> baseCommands() const;
  void parseBase(const std::vector<clang::tooling::CompileCommand> &Commands);
  std::optional<ChangedFunction> classify(unsigned Id) const;
  void setTier(ChangedFunction &C, unsigned Id) const;
  void classifyHead();
  void addDeleted();
  void finish();

  /// Whether head unit \p I has a base: its main file is not added.
  bool hasBase(unsigned I) const {
    auto Main = HeadChanged.find(Units[I].Path);
    return Main == HeadChanged.end() ||
           Main->second->Status != FileStatus::Added;
  }

  const AnalysisInput &In;
  const Policy &P;
  std::vector<Unit> Units;
  /// Changed TUs are parsed at both sides: the base loads the head's
  /// preamble.
  PreambleStore Preambles;
  AnalysisResult R;
  std::vector<TUFacts> HeadTUs; ///< In the order of Units.
  std::vector<Tier> HeadTiers;  ///< By head function id.
  ChangedFiles HeadChanged, BaseChanged;
  /// Which head TUs read each file, in the order of Units.
  std::map<std::string, std::vector<unsigned>> Readers;
  std::map<std::string, IncompleteFile> Incomplete;
};

/// The head: facts from the build where they describe it, parsing for the
/// rest. Facts of a TU that reads a file the head overlay replaces describe
/// the working tree, not the head, and are not used.
void ChangeAnalysis::parseHead() {
  std::map<std::string, const TUFacts *> Built;
  if (In.HeadFacts)
    for (const TUFacts &TU : *In.HeadFacts)
      Built.emplace(TU.MainFile, &TU);
  auto Current = [&](const TUFacts &TU) {
    return !In.HeadOverlay ||
           llvm::none_of(TU.Files, [&](const std::string &F) {
             return In.HeadOverlay->count(F);
           });
  };
  HeadTUs.resize(Units.size());
  std::vector<clang::tooling::CompileCommand> HeadCommands;
  std::vector<size_t> Parsed;
  for (size_t I = 0; I < Units.size(); ++I) {
    auto It = Built.find(Units[I].Path);
    if (It != Built.end() && Current(*It->second)) {
      HeadTUs[I] = *It->second;
      ++R.TUsCached;
      continue;
    }
    Parsed.push_back(I);
    HeadCommands.push_back(Units[I].Command);
  }
  std::vector<uint8_t> HeadFromCache;
  IndexOptions HeadOptions{In.Paths,       In.HeadOverlay, In.Jobs,   In.Cache,
                           &HeadFromCache, In.Progress,    &Preambles};
  std::vector<TUFacts> ParsedTUs =
      indexTranslationUnits(HeadCommands, HeadOptions);
  for (size_t K = 0; K < Parsed.size(); ++K)
    HeadTUs[Parsed[K]] = std::move(ParsedTUs[K]);
  R.Head = Program(HeadTUs);
  R.Annotations = mergeAnnotations(HeadTUs);
  R.Classes = mergeClasses(HeadTUs);
  unsigned HeadHits = llvm::count(HeadFromCache, 1);
  R.TUsParsed += Parsed.size() - HeadHits;
  R.TUsCached += HeadHits;
  for (const FunctionFacts &F : R.Head.functions())
    HeadTiers.push_back(resolveTier(F, P));
}

void ChangeAnalysis::findChangedFiles() {
  for (const FileChange &FC : In.Changes->Files) {
    if (FC.Binary)
      continue;
    if (!FC.NewPath.empty() && isCppFile(FC.NewPath))
      HeadChanged[FC.NewPath] = &FC;
    if (!FC.OldPath.empty() && isCppFile(FC.OldPath))
      BaseChanged[FC.OldPath] = &FC;
  }
  for (unsigned I = 0; I < HeadTUs.size(); ++I)
    for (const std::string &F : HeadTUs[I].Files)
      Readers[F].push_back(I);
}

/// Changed files no head TU reads, and head TUs that failed to parse and
/// read a changed file or define tier-1 code.
void ChangeAnalysis::findHeadIncomplete() {
  for (const auto &[Path, FC] : HeadChanged) {
    if (Readers.count(Path))
      continue;
    IncompleteFile I;
    I.File = Path;
    I.Reason =
        isSourceFile(Path)
            ? "no compile command for '" + Path + "' in " + In.CommandsName
            : "no translation unit in " + In.CommandsName + " includes '" +
                  Path + "'";
    Incomplete.emplace(Path, std::move(I));
  }
  for (const TUFacts &TU : HeadTUs) {
    if (TU.Errors.empty())
      continue;
    bool Matters = llvm::any_of(
        TU.Files, [&](const std::string &F) { return HeadChanged.count(F); });
    for (const FunctionFacts &F : TU.Functions)
      Matters = Matters || resolveTier(F, P).isTier1();
    if (!Matters)
      continue;
    IncompleteFile Failure = parseFailure(TU, "");
    Incomplete.emplace(Failure.File, std::move(Failure));
  }
}

/// The head units to parse at base so that each changed file is read by
/// one; the file's own unit preferred, never one whose main file is added.
std::set<unsigned> ChangeAnalysis::unitsReadingChangedFiles() const {
  std::set<unsigned> Chosen;
  for (const auto &[BasePath, FC] : BaseChanged) {
    if (FC->NewPath.empty())
      continue;
    auto It = Readers.find(FC->NewPath);
    if (It == Readers.end())
      continue;
    if (llvm::any_of(It->second, [&](unsigned I) { return Chosen.count(I); }))
      continue;
    std::optional<unsigned> Pick;
    for (unsigned I : It->second) {
      if (!hasBase(I))
        continue;
      if (!Pick || Units[I].Path == FC->NewPath)
        Pick = I;
    }
    if (Pick)
      Chosen.insert(*Pick);
  }
  return Chosen;
}

/// A function whose own file is unchanged can still change through a
/// changed file its logic reads (a header's macro or constant) or one that
/// marks it (a declaration's RG_TIER1): parse at base one TU that defines
/// it, preferring one already chosen.
void ChangeAnalysis::addUnitsDefiningChangedElsewhere(
    std::set<unsigned> &Chosen) const {
  std::map<std::string, std::vector<unsigned>> Definers;
  for (unsigned I = 0; I < HeadTUs.size(); ++I)
    for (const FunctionFacts &F : HeadTUs[I].Functions)
      if (changedElsewhere(F, HeadChanged) && hasBase(I))
        Definers[F.USR].push_back(I);
  for (const auto &[USR, TUs] : Definers)
    if (llvm::none_of(TUs, [&](unsigned I) { return Chosen.count(I); }))
      Chosen.insert(TUs.front());
}

/// The commands that parse the base: an inferred one for each deleted
/// source file, then the chosen head units' (under their old name when
/// renamed).
std::vector<clang::tooling::CompileCommand>
ChangeAnalysis::baseCommands() const {
  std::vector<clang::tooling::CompileCommand> Commands;
  for (const auto &[BasePath, FC] : BaseChanged) {
    // A deleted header is read by the TUs that included it.
    if (!FC->NewPath.empty() || !isSourceFile(BasePath))
      continue;
    std::string Abs = (In.Paths->root() + "/" + BasePath).str();
    std::vector<clang::tooling::CompileCommand> Inferred =
        In.Commands->getCompileCommands(Abs);
    if (!Inferred.empty())
      Commands.push_back(Inferred.front());
  }
  std::set<unsigned> Chosen = unitsReadingChangedFiles();
  addUnitsDefiningChangedElsewhere(Chosen);
  for (unsigned I : Chosen) {
    clang::tooling::CompileCommand Cmd = Units[I].Command;
    auto Renamed = HeadChanged.find(Units[I].Path);
    if (Renamed != HeadChanged.end() &&
        Renamed->second->Status == FileStatus::Renamed) {
      std::string Old =
          (In.Paths->root() + "/" + Renamed->second->OldPath).str();
      for (std::string &Arg : Cmd.CommandLine)
        if (Arg == Cmd.Filename)
          Arg = Old;
      Cmd.Filename = Old;
    }
    Commands.push_back(std::move(Cmd));
  }
  return Commands;
}

/// Parses the base, and notes the changed files it could not read.
void ChangeAnalysis::parseBase(
    const std::vector<clang::tooling::CompileCommand> &Commands) {
  // Base contents are content-addressed too: the base of the last change
  // is often the head of the one before.
  std::vector<uint8_t> BaseFromCache;
  IndexOptions BaseOptions{In.Paths,       In.BaseOverlay, In.Jobs,   In.Cache,
                           &BaseFromCache, In.Progress,    &Preambles};
  std::vector<TUFacts> BaseTUs = indexTranslationUnits(Commands, BaseOptions);
  unsigned BaseHits = llvm::count(BaseFromCache, 1);
  R.TUsParsed += BaseTUs.size() - BaseHits;
  R.TUsCached += BaseHits;
  llvm::StringSet<> ReadAtBase;
  for (const TUFacts &TU : BaseTUs) {
    for (const std::string &F : TU.Files)
      ReadAtBase.insert(F);
    if (!TU.Errors.empty()) {
      IncompleteFile Failure = parseFailure(TU, " at base");
      Incomplete.emplace(Failure.File, std::move(Failure));
    }
  }
  for (const auto &[BasePath, FC] : BaseChanged) {
    if (ReadAtBase.contains(BasePath) || Incomplete.count(FC->path()))
      continue;
    if (FC->NewPath.empty() || Readers.count(FC->NewPath)) {
      IncompleteFile I;
      I.File = BasePath;
      I.Reason = "no translation unit in " + In.CommandsName + " reads '" +
                 BasePath + "' at base";
      Incomplete.emplace(BasePath, std::move(I));
    }
  }
  R.Base = Program(BaseTUs);
}

/// How head function \p Id changed against its base self, if it did.
std::optional<ChangedFunction> ChangeAnalysis::classify(unsigned Id) const {
  const FunctionFacts &F = R.Head.function(Id);
  auto FC = HeadChanged.find(F.File);
  std::vector<std::string> Through = changedHashedFiles(F, HeadChanged);
  if (FC == HeadChanged.end() && Through.empty())
    return std::nullopt;
  ChangedFunction C;
  std::optional<unsigned> BaseId = counterpart(R.Base, F, R.Head);
  if (FC == HeadChanged.end()) {
    // Its text is unchanged: only a different hash at base makes it
    // modified, and it can be neither added nor deleted here.
    if (!BaseId || R.Base.function(*BaseId).TokenHash == F.TokenHash)
      return std::nullopt;
    C.Kind = ChangeKind::Modified;
    for (const std::string &File : Through)
      C.Summary.push_back("macro or constant in " + File + " changed");
  } else if (!BaseId)
    C.Kind = ChangeKind::Added;
  else if (R.Base.function(*BaseId).TokenHash != F.TokenHash)
    C.Kind = ChangeKind::Modified;
  else if (overlapsHead(F, *FC->second))
    C.Kind = ChangeKind::Cosmetic;
  else
    return std::nullopt;
  C.Facts = F;
  C.HeadId = Id;
  C.BaseId = BaseId;
  if (C.Kind == ChangeKind::Modified && FC != HeadChanged.end()) {
    const FunctionFacts &B = R.Base.function(*BaseId);
    C.Summary = summarizeChange(revisionLines(In.BaseOverlay, In.Paths->root(),
                                              B.File, B.Line, B.EndLine),
                                revisionLines(In.HeadOverlay, In.Paths->root(),
                                              F.File, F.Line, F.EndLine));
  }
  setTier(C, Id);
  return C;
}

/// Its own tier, else that of the closest tier-1 caller (tests aside).
void ChangeAnalysis::setTier(ChangedFunction &C, unsigned Id) const {
  C.Tier1 = HeadTiers[Id];
  C.IsTest = isTestFunction(C.Facts, P);
  if (C.Tier1.isTier1()) {
    C.TierKind = TierKind::Tier1;
    C.Domain = C.Tier1.Domain;
    return;
  }
  if (C.IsTest)
    return;
  for (const std::vector<unsigned> &Path : R.Head.callerPaths(Id)) {
    if (!HeadTiers[Path.front()].isTier1())
      continue;
    C.TierKind = TierKind::Indirect;
    C.Domain = HeadTiers[Path.front()].Domain;
    return;
  }
}

void ChangeAnalysis::classifyHead() {
  for (unsigned Id = 0; Id < R.Head.functions().size(); ++Id)
    if (std::optional<ChangedFunction> C = classify(Id))
      R.Changed.push_back(std::move(*C));
}

/// Base functions of changed files that the head no longer has.
void ChangeAnalysis::addDeleted() {
  for (unsigned Id = 0; Id < R.Base.functions().size(); ++Id) {
    const FunctionFacts &F = R.Base.function(Id);
    if (!BaseChanged.count(F.File) || counterpart(R.Head, F, R.Base))
      continue;
    ChangedFunction C;
    C.Facts = F;
    C.BaseId = Id;
    C.Kind = ChangeKind::Deleted;
    C.Tier1 = resolveTier(F, P);
    C.IsTest = isTestFunction(F, P);
    if (C.Tier1.isTier1()) {
      C.TierKind = TierKind::Tier1;
      C.Domain = C.Tier1.Domain;
    }
    R.Changed.push_back(std::move(C));
  }
}

void ChangeAnalysis::finish() {
  llvm::sort(R.Changed, [](const ChangedFunction &A, const ChangedFunction &B) {
    return std::tie(A.Facts.File, A.Facts.Line, A.Facts.Name) <
           std::tie(B.Facts.File, B.Facts.Line, B.Facts.Name);
  });
  for (auto &Entry : Incomplete)
    R.Incomplete.push_back(std::move(Entry.second));
  for (const FileChange &FC : In.Changes->Files)
    if (!FC.Binary && isCppFile(FC.path()))
      R.ChangedFiles.push_back(FC.path());
  llvm::sort(R.ChangedFiles);
}

} // namespace

AnalysisResult analyzeChange(const AnalysisInput &In) {
  return ChangeAnalysis(In).run();
}

} // namespace riskguard
