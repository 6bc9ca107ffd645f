//===- Review.cpp - Gathering who wrote and approved a change -------------===//
#include "driver/Review.h"
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

  std::optional<PullRequest> PR;
  if (!In.PullRequestFile.empty()) {
    Expected<std::string> Text =
        readFile(In.PullRequestFile, "pull-request file", MaxApprovalsSize);
    if (!Text)
      return Text.takeError();
    Expected<PullRequest> Parsed = parsePullRequest(*Text, In.PullRequestFile);
    if (!Parsed)
      return Parsed.takeError();
    PR = std::move(*Parsed);
    R.Description = PR->Description;
  }
  // Reviews approve the pull request's head, which a CI checkout of the
  // merge result does not have as HEAD.
  // Empty: the head is the working tree, which no review has seen.
  std::string HeadCommit =
      PR && !PR->HeadSha.empty() ? PR->HeadSha : In.HeadCommit;

  ReviewState State;
  if (!In.ApprovalsFile.empty()) {
    Expected<std::string> Text =
        readFile(In.ApprovalsFile, "approvals file", MaxApprovalsSize);
    if (!Text)
      return Text.takeError();
    Expected<ReviewState> Parsed =
        parseApprovals(*Text, In.ApprovalsFile,
                       HeadCommit.empty() ? StringRef(WorkTree) : HeadCommit);
    if (!Parsed)
      return Parsed.takeError();
    State = std::move(*Parsed);
  }

  std::vector<Repository::Commit> Commits;
  if (In.Repo) {
    Expected<std::vector<Repository::Commit>> Range =
        In.Repo->commits(In.Base, In.Head);
    if (!Range)
      return Range.takeError();
    Commits = std::move(*Range);
    R.Messages = "commits";
  } else if (In.PatchCommits) {
    Commits = *In.PatchCommits;
    R.Messages = "patch";
  }

  // The author never counts: --author, else the pull request's, else the
  // approvals file's, else the head commit's.
  std::string CommitAuthor;
  if (!Commits.empty())
    CommitAuthor =
        Commits.back().AuthorName + " <" + Commits.back().AuthorEmail + ">";
  std::string Author = !In.Author.empty()      ? In.Author
                       : PR                    ? PR->Author
                       : !State.Author.empty() ? State.Author
                                               : CommitAuthor;
  // How the ignored trailers name the author: as the change knows them.
  StringRef AuthorName = StringRef(Author).trim();
  AuthorName.consume_front("@");

  auto Trusted = [&](const Repository::Commit &C) {
    return !C.CommitterEmail.empty() &&
           any_of(P.Approvals.TrustedCommitters, [&](const std::string &G) {
             return matchNameGlob(StringRef(G).lower(),
                                  StringRef(C.CommitterEmail).lower()) ||
                    matchNameGlob(G, C.CommitterName);
           });
  };
  for (const Repository::Commit &C : Commits) {
    R.CommitMessages.push_back(C.Message);
    std::string Short = C.Id.substr(0, 10);
    for (const auto &[Key, Value] : C.Trailers) {
      StringRef K = StringRef(Key).trim();
      StringRef V = StringRef(Value).trim();
      if (K.equals_insensitive("Reviewed-by") ||
          K.equals_insensitive("Approved-by")) {
        std::string Writer = C.AuthorName + " <" + C.AuthorEmail + ">";
        std::string Committer = C.CommitterName + " <" + C.CommitterEmail + ">";
        if (C.CommitterEmail.empty())
          State.Ignored.push_back(V.str() + ": trailer in " + Short +
                                  " of the patch, which no trusted committer "
                                  "wrote");
        else if (!Trusted(C))
          State.Ignored.push_back(
              V.str() + ": trailer written by " +
              (!Author.empty() && sameIdentity(Author, Committer)
                   ? "the change's author " + AuthorName.str()
                   : Committer + ", not a trusted committer") +
              " (" + Short + ")");
        else if (sameIdentity(Writer, V))
          State.Ignored.push_back(V.str() + ": reviewed their own commit " +
                                  Short);
        else if (HeadCommit.empty() || !sameCommit(C.Id, HeadCommit))
          State.Earlier.push_back(
              {{V.str(), "trailer " + K.str() + " in " + Short}, C.Id});
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
          if (markerMatches(Marker, Line)) {
            R.AIAssisted = "trailer '" + Line + "' in " + Short;
            R.AISource = "trailer";
          }
    }
  }
  if (R.AIAssisted.empty() && PR)
    for (const std::string &Label : PR->Labels)
      if (any_of(P.AIAssisted.Labels, [&](const std::string &L) {
            return StringRef(L).equals_insensitive(Label);
          })) {
        R.AIAssisted = "label '" + Label + "' on the pull request";
        R.AISource = "label";
        break;
      }
  if (R.AIAssisted.empty() && In.AIAssisted) {
    R.AIAssisted = "--ai-assisted was given";
    R.AISource = "flag";
  }

  setAuthor(State, Author);
  R.Author = State.Author;
  // An approval of an earlier commit holds while nothing that matters
  // changed after it.
  for (EarlierApproval &E : State.Earlier) {
    std::string Short = StringRef(E.Commit).take_front(7).str();
    std::string Why = In.ChangedSince ? In.ChangedSince(E.Commit)
                      : HeadCommit.empty()
                          ? std::string("and the working tree is checked, not a commit")
                          : "not the head commit " +
                                StringRef(HeadCommit).take_front(7).str();
    if (Why.empty())
      State.Approvals.push_back(
          {E.Given.Who, E.Given.Source + " of " + Short +
                            ", no tier-1 logic changed since"});
    else
      State.Ignored.push_back(E.Given.Who + ": approved " + Short + ", " + Why);
  }
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
