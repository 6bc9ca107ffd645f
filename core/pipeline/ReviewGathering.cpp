//===- ReviewGathering.cpp - Who wrote and approved a change ------------===//
#include "pipeline/ReviewGathering.h"
#include "repo/Paths.h"
#include "repo/Snapshot.h"
#include "repo/SourceFiles.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include <optional>

using namespace llvm;

namespace riskguard {

namespace {

/// Stands for the working tree where a commit id would go: every review
/// approved some commit, so none is of the working tree itself.
constexpr StringLiteral WorkTree = "WORKTREE";

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
    return createStringError(Buf.getError(),
                             "cannot read " + What + " '" + Path +
                                 "': " + Buf.getError().message());
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

/// The pull request --pull-request describes, if given.
Expected<std::optional<PullRequest>> readPullRequest(StringRef File) {
  if (File.empty())
    return std::nullopt;
  Expected<std::string> Text =
      readFile(File, "pull-request file", MaxApprovalsSize);
  if (!Text)
    return Text.takeError();
  Expected<PullRequest> Parsed = parsePullRequest(*Text, File);
  if (!Parsed)
    return Parsed.takeError();
  return std::optional<PullRequest>(std::move(*Parsed));
}

/// The reviews --approvals lists, judged against \p HeadCommit (empty: the
/// working tree, which no review has seen).
Expected<ReviewState> readApprovals(StringRef File, StringRef HeadCommit) {
  if (File.empty())
    return ReviewState();
  Expected<std::string> Text =
      readFile(File, "approvals file", MaxApprovalsSize);
  if (!Text)
    return Text.takeError();
  return parseApprovals(*Text, File,
                        HeadCommit.empty() ? StringRef(WorkTree) : HeadCommit);
}

/// The commits whose messages and trailers count: base..head, else the
/// patch's mails; and where they came from.
Expected<std::vector<Repository::Commit>> reviewCommits(const ReviewInputs &In,
                                                        ReviewContext &R) {
  if (In.Repo) {
    R.Messages = "commits";
    return In.Repo->commits(In.Base, In.Head);
  }
  if (!In.PatchCommits)
    return std::vector<Repository::Commit>();
  R.Messages = "patch";
  return *In.PatchCommits;
}

/// The author, who never counts: --author, else the pull request's, else
/// the approvals file's, else the head commit's.
std::string changeAuthor(const ReviewInputs &In,
                         const std::optional<PullRequest> &PR,
                         const ReviewState &State,
                         ArrayRef<Repository::Commit> Commits) {
  if (!In.Author.empty())
    return In.Author;
  if (PR)
    return PR->Author;
  if (!State.Author.empty())
    return State.Author;
  if (Commits.empty())
    return "";
  return Commits.back().AuthorName + " <" + Commits.back().AuthorEmail + ">";
}

/// Reads the trailers of the change's commits: approvals (only a trusted
/// committer's count, never one's own), waivers and AI markers.
class TrailerReader {
public:
  TrailerReader(const Policy &P, StringRef Author, StringRef HeadCommit,
                ReviewState &State, ReviewContext &R)
      : P(P), Author(Author), HeadCommit(HeadCommit), State(State), R(R) {
    // How the ignored trailers name the author: as the change knows them.
    AuthorName = StringRef(this->Author).trim();
    AuthorName.consume_front("@");
  }

  void read(const Repository::Commit &C) {
    R.CommitMessages.push_back(C.Message);
    std::string Short = C.Id.substr(0, 10);
    for (const auto &[Key, Value] : C.Trailers) {
      StringRef K = StringRef(Key).trim();
      StringRef V = StringRef(Value).trim();
      if (K.equals_insensitive("Reviewed-by") ||
          K.equals_insensitive("Approved-by"))
        approval(C, K, V, Short);
      else if (K.equals_insensitive("Riskguard-Waiver"))
        waiver(V, Short);
      aiMarker((K + ": " + V).str(), Short);
    }
  }

private:
  bool trusted(const Repository::Commit &C) const {
    return !C.CommitterEmail.empty() &&
           any_of(P.Approvals.TrustedCommitters, [&](const std::string &G) {
             return matchNameGlob(StringRef(G).lower(),
                                  StringRef(C.CommitterEmail).lower()) ||
                    matchNameGlob(G, C.CommitterName);
           });
  }

  void approval(const Repository::Commit &C, StringRef K, StringRef V,
                const std::string &Short) {
    std::string Writer = C.AuthorName + " <" + C.AuthorEmail + ">";
    std::string Committer = C.CommitterName + " <" + C.CommitterEmail + ">";
    if (C.CommitterEmail.empty())
      State.Ignored.push_back(V.str() + ": trailer in " + Short +
                              " of the patch, which no trusted committer "
                              "wrote");
    else if (!trusted(C))
      State.Ignored.push_back(
          V.str() + ": trailer written by " +
          (!Author.empty() && sameIdentity(Author, Committer)
               ? "the change's author " + AuthorName.str()
               : Committer + ", not a trusted committer") +
          " (" + Short + ")");
    else if (sameIdentity(Writer, V))
      State.Ignored.push_back(V.str() + ": reviewed their own commit " + Short);
    else if (HeadCommit.empty() || !sameCommit(C.Id, HeadCommit))
      State.Earlier.push_back(
          {{V.str(), "trailer " + K.str() + " in " + Short}, C.Id});
    else
      State.Approvals.push_back(
          {V.str(), "trailer " + K.str() + " in " + Short});
  }

  void waiver(StringRef V, const std::string &Short) {
    // Qualified names hold "::", never ": "; the reason may.
    auto [Name, Reason] = V.split(": ");
    if (!Reason.empty())
      R.Waivers.push_back({Name.trim().str(), Reason.trim().str(), Short});
  }

  void aiMarker(const std::string &Line, const std::string &Short) {
    if (!R.AIAssisted.empty())
      return;
    for (const std::string &Marker : P.AIAssisted.Markers)
      if (markerMatches(Marker, Line)) {
        R.AIAssisted = "trailer '" + Line + "' in " + Short;
        R.AISource = "trailer";
      }
  }

  const Policy &P;
  std::string Author;
  StringRef AuthorName;
  StringRef HeadCommit;
  ReviewState &State;
  ReviewContext &R;
};

/// AI assistance the trailers did not show: a pull-request label of the
/// policy's, else --ai-assisted.
void aiFromLabelsOrFlag(const ReviewInputs &In,
                        const std::optional<PullRequest> &PR, const Policy &P,
                        ReviewContext &R) {
  if (R.AIAssisted.empty() && PR)
    for (const std::string &Label : PR->Labels)
      if (any_of(P.AIAssisted.Labels, [&](const std::string &L) {
            return StringRef(L).equals_insensitive(Label);
          })) {
        R.AIAssisted = "label '" + Label + "' on the pull request";
        R.AISource = "label";
        return;
      }
  if (R.AIAssisted.empty() && In.AIAssisted) {
    R.AIAssisted = "--ai-assisted was given";
    R.AISource = "flag";
  }
}

/// An approval of an earlier commit holds while nothing that matters
/// changed after it.
void settleEarlier(const ReviewInputs &In, StringRef HeadCommit,
                   ReviewState &State) {
  for (EarlierApproval &E : State.Earlier) {
    std::string Short = StringRef(E.Commit).take_front(7).str();
    std::string Why =
        In.ChangedSince ? In.ChangedSince(E.Commit)
        : HeadCommit.empty()
            ? std::string("and the working tree is checked, not a commit")
            : "not the head commit " + HeadCommit.take_front(7).str();
    if (Why.empty())
      State.Approvals.push_back({E.Given.Who, E.Given.Source + " of " + Short +
                                                  ", no tier-1 logic changed "
                                                  "since"});
    else
      State.Ignored.push_back(E.Given.Who + ": approved " + Short + ", " + Why);
  }
}

/// The approvals that count, one per person, sorted; and those that do not,
/// less the people who count through another source.
void settleApprovals(ReviewState &State, ReviewContext &R) {
  // One person approving under two spellings (review and trailer) is one.
  for (Approval &A : State.Approvals)
    if (llvm::none_of(R.Approvals, [&](const Approval &B) {
          return sameIdentity(A.Who, B.Who);
        }))
      R.Approvals.push_back(std::move(A));
  llvm::sort(R.Approvals, [](const Approval &A, const Approval &B) {
    return A.Who < B.Who;
  });
  // An approval that counts through one source is not "not counted" for
  // another (a stale review of someone whose trailer counts).
  llvm::erase_if(State.Ignored, [&](const std::string &I) {
    StringRef Who = StringRef(I).split(": ").first;
    return any_of(R.Approvals,
                  [&](const Approval &A) { return sameIdentity(A.Who, Who); });
  });
  R.Ignored = std::move(State.Ignored);
  llvm::sort(R.Ignored);
  R.Ignored.erase(llvm::unique(R.Ignored), R.Ignored.end());
}

/// CODEOWNERS: the policy's, else where GitHub looks for it; as the base
/// has it.
Error readCodeOwners(const ReviewInputs &In, const Policy &P, StringRef Root,
                     ReviewContext &R) {
  std::vector<std::string> Places = {".github/CODEOWNERS", "CODEOWNERS",
                                     "docs/CODEOWNERS"};
  if (!P.CodeOwners.empty())
    Places = {P.CodeOwners};
  for (const std::string &Place : Places) {
    // The base's copy has been read from git, links resolved; one in the
    // working tree may not lead out of the repository.
    if (!In.OwnersOverlay || !In.OwnersOverlay->count(Place))
      if (Error E = checkInsideWorkTree(Root, Place))
        return E;
    std::optional<std::string> Text =
        readThrough(In.OwnersOverlay, Root.str(), Place);
    if (!Text)
      continue;
    if (Text->size() > MaxCodeOwnersSize)
      return createStringError(inconvertibleErrorCode(),
                               Place + ": CODEOWNERS of " +
                                   sizeText(Text->size()) +
                                   ", more than GitHub and riskguard read (" +
                                   sizeText(MaxCodeOwnersSize) + ")");
    Expected<CodeOwners> Owners = CodeOwners::parse(*Text, Place);
    if (!Owners)
      return Owners.takeError();
    R.Owners = std::move(*Owners);
    R.OwnersFile = Place;
    return Error::success();
  }
  return Error::success();
}

} // namespace

Expected<ReviewContext> gatherReview(const ReviewInputs &In, const Policy &P,
                                     StringRef Root) {
  ReviewContext R;
  R.PolicyFile = In.PolicyFile;
  Expected<std::optional<PullRequest>> PR = readPullRequest(In.PullRequestFile);
  if (!PR)
    return PR.takeError();
  if (*PR)
    R.Description = (*PR)->Description;
  // Reviews approve the pull request's head, which a CI checkout of the
  // merge result does not have as HEAD.
  std::string HeadCommit =
      *PR && !(*PR)->HeadSha.empty() ? (*PR)->HeadSha : In.HeadCommit;
  Expected<ReviewState> State = readApprovals(In.ApprovalsFile, HeadCommit);
  if (!State)
    return State.takeError();
  Expected<std::vector<Repository::Commit>> Commits = reviewCommits(In, R);
  if (!Commits)
    return Commits.takeError();

  std::string Author = changeAuthor(In, *PR, *State, *Commits);
  TrailerReader Trailers(P, Author, HeadCommit, *State, R);
  for (const Repository::Commit &C : *Commits)
    Trailers.read(C);
  aiFromLabelsOrFlag(In, *PR, P, R);

  setAuthor(*State, Author);
  R.Author = State->Author;
  settleEarlier(In, HeadCommit, *State);
  settleApprovals(*State, R);
  if (Error E = readCodeOwners(In, P, Root, R))
    return std::move(E);
  return R;
}

} // namespace riskguard
