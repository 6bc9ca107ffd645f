//===- Review.cpp - Gathering who wrote and approved a change -------------===//
#include "driver/Review.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

namespace riskguard {

namespace {

/// Far more than the reviews of any pull request.
constexpr uint64_t MaxApprovalsSize = 16 << 20;
/// GitHub ignores a CODEOWNERS file bigger than 3 MB.
constexpr uint64_t MaxCodeOwnersSize = 3 << 20;

Expected<std::string> readFile(StringRef Path, StringRef What,
                               uint64_t MaxSize) {
  uint64_t Size = 0;
  if (!sys::fs::file_size(Path, Size) && Size > MaxSize)
    return createStringError(inconvertibleErrorCode(),
                             Path + ": " + What + " of " + sizeText(Size) +
                                 ", more than riskguard reads (" +
                                 sizeText(MaxSize) + ")");
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return createStringError(Buf.getError(), "cannot read " + What + " '" +
                                                 Path + "': " +
                                                 Buf.getError().message());
  return (*Buf)->getBuffer().str();
}

/// Whether an AI marker of the policy ("Assisted-by:", "Co-authored-by:
/// *[[]bot]*") matches a trailer line "Key: Value": as a glob, or as a
/// prefix when it has no wildcard.
bool markerMatches(StringRef Marker, StringRef Line) {
  if (Marker.find_first_of("*?[") == StringRef::npos)
    return Line.starts_with_insensitive(Marker);
  return matchNameGlob(Marker, Line);
}

} // namespace

Expected<ReviewContext> gatherReview(const ReviewInputs &In, const Policy &P,
                                     StringRef Root) {
  ReviewContext R;
  R.PolicyFile = In.PolicyFile;
  ReviewState State;
  if (!In.ApprovalsFile.empty()) {
    Expected<std::string> Text =
        readFile(In.ApprovalsFile, "approvals file", MaxApprovalsSize);
    if (!Text)
      return Text.takeError();
    Expected<ReviewState> Parsed =
        parseApprovals(*Text, In.ApprovalsFile, In.HeadCommit);
    if (!Parsed)
      return Parsed.takeError();
    State = std::move(*Parsed);
  }
  if (In.AIAssisted)
    R.AIAssisted = "--ai-assisted was given";

  std::string CommitAuthor;
  if (In.Repo) {
    Expected<std::vector<Repository::Commit>> Commits =
        In.Repo->commits(In.Base, In.Head);
    if (!Commits)
      return Commits.takeError();
    for (const Repository::Commit &C : *Commits) {
      std::string Short = C.Id.substr(0, 10);
      for (const auto &[Key, Value] : C.Trailers) {
        StringRef K = StringRef(Key).trim();
        StringRef V = StringRef(Value).trim();
        if (K.equals_insensitive("Reviewed-by") ||
            K.equals_insensitive("Approved-by")) {
          std::string Writer = C.AuthorName + " <" + C.AuthorEmail + ">";
          if (sameIdentity(Writer, V))
            State.Ignored.push_back(V.str() + ": reviewed their own commit " +
                                    Short);
          else
            State.Approvals.push_back(
                {V.str(), "trailer " + K.str() + " in " + Short});
        } else if (K.equals_insensitive("Riskguard-Waiver")) {
          // Qualified names hold "::", never ": "; the reason may.
          auto [Name, Reason] = V.split(": ");
          if (!Reason.empty())
            R.Waivers.push_back({Name.trim().str(), Reason.trim().str(), Short});
        }
        std::string Line = (K + ": " + V).str();
        if (R.AIAssisted.empty())
          for (const std::string &Marker : P.AIAssisted.Markers)
            if (markerMatches(Marker, Line))
              R.AIAssisted = "trailer '" + Line + "' in " + Short;
      }
    }
    if (!Commits->empty())
      CommitAuthor = Commits->back().AuthorName + " <" +
                     Commits->back().AuthorEmail + ">";
  }
  // The author never counts: --author, else the approvals file's, else the
  // head commit's.
  std::string Author = !In.Author.empty()       ? In.Author
                       : !State.Author.empty()  ? State.Author
                                                : CommitAuthor;
  setAuthor(State, Author);
  R.Author = State.Author;
  // One person approving under two spellings (review and trailer) is one.
  for (Approval &A : State.Approvals)
    if (llvm::none_of(R.Approvals, [&](const Approval &B) {
          return sameIdentity(A.Who, B.Who);
        }))
      R.Approvals.push_back(std::move(A));
  llvm::sort(R.Approvals, [](const Approval &A, const Approval &B) {
    return A.Who < B.Who;
  });
  R.Ignored = std::move(State.Ignored);
  llvm::sort(R.Ignored);
  R.Ignored.erase(llvm::unique(R.Ignored), R.Ignored.end());

  // CODEOWNERS: the policy's, else where GitHub looks for it; as the base
  // has it.
  std::vector<std::string> Places = {".github/CODEOWNERS", "CODEOWNERS",
                                     "docs/CODEOWNERS"};
  if (!P.CodeOwners.empty())
    Places = {P.CodeOwners};
  for (const std::string &Place : Places) {
    // The base's copy has been read from git, links resolved; one in the
    // working tree may not lead out of the repository.
    if (!In.OwnersOverlay || !In.OwnersOverlay->count(Place))
      if (Error E = checkInsideWorkTree(Root, Place))
        return std::move(E);
    std::optional<std::string> Text =
        readThrough(In.OwnersOverlay, Root.str(), Place);
    if (!Text)
      continue;
    if (Text->size() > MaxCodeOwnersSize)
      return createStringError(
          inconvertibleErrorCode(),
          Place + ": CODEOWNERS of " + sizeText(Text->size()) +
              ", more than GitHub and riskguard read (" +
              sizeText(MaxCodeOwnersSize) + ")");
    Expected<CodeOwners> Owners = CodeOwners::parse(*Text, Place);
    if (!Owners)
      return Owners.takeError();
    R.Owners = std::move(*Owners);
    R.OwnersFile = Place;
    break;
  }
  return R;
}

} // namespace riskguard
