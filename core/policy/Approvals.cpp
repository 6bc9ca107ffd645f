//===- Approvals.cpp - Reading --approvals --------------------------------===//
//
// Two shapes are accepted: what `gh api repos/O/R/pulls/N/reviews` prints
// (every review ever submitted, so the state that counts has to be derived
// from the history, as GitHub's own merge gate does), and a hand-written
// {"author": ..., "approvals": [...]} for systems without that API.
//
// LLVM is built without exceptions; this file is the boundary where
// nlohmann's exceptions become llvm::Error.
//
//===----------------------------------------------------------------------===//

#include "policy/JsonSyntax.h"
#include "policy/Review.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/Twine.h"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>

using namespace llvm;
using nlohmann::json;

namespace riskguard {
namespace {

enum class ReviewKind {
  Approved,
  ChangesRequested,
  Commented,
  Dismissed,
  Pending
};

/// Seconds since the epoch and nanoseconds, so times with different UTC
/// offsets or fractions compare correctly.
using Timestamp = std::pair<int64_t, int64_t>;

/// One element of the GitHub reviews array.
struct Review {
  std::string Login;
  ReviewKind Kind = ReviewKind::Commented;
  std::string CommitId;
  std::optional<Timestamp> Time;
};

Error fail(StringRef FileName, const Twine &What) {
  return createStringError(inconvertibleErrorCode(), FileName + ": " + What);
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
/// days_from_civil).
int64_t daysFromCivil(int64_t Y, unsigned M, unsigned D) {
  Y -= M <= 2;
  int64_t Era = (Y >= 0 ? Y : Y - 399) / 400;
  unsigned YearOfEra = static_cast<unsigned>(Y - Era * 400);
  unsigned DayOfYear = (153 * (M > 2 ? M - 3 : M + 9) + 2) / 5 + D - 1;
  unsigned DayOfEra =
      YearOfEra * 365 + YearOfEra / 4 - YearOfEra / 100 + DayOfYear;
  return Era * 146097 + static_cast<int64_t>(DayOfEra) - 719468;
}

/// Parses an ISO 8601 / RFC 3339 time, "2024-05-01T12:00:00Z" as GitHub
/// writes it, or with a fraction and a "+02:00" offset.
std::optional<Timestamp> parseTime(StringRef S) {
  auto Digits = [&](size_t N, unsigned &Out) {
    if (S.size() < N || !all_of(S.take_front(N), isDigit))
      return false;
    Out = 0;
    for (char C : S.take_front(N))
      Out = Out * 10 + (C - '0');
    S = S.drop_front(N);
    return true;
  };
  unsigned Year, Month, Day, Hour, Minute, Second;
  if (!Digits(4, Year) || !S.consume_front("-") || !Digits(2, Month) ||
      !S.consume_front("-") || !Digits(2, Day))
    return std::nullopt;
  if (S.empty() || (S[0] != 'T' && S[0] != 't' && S[0] != ' '))
    return std::nullopt;
  S = S.drop_front();
  if (!Digits(2, Hour) || !S.consume_front(":") || !Digits(2, Minute) ||
      !S.consume_front(":") || !Digits(2, Second))
    return std::nullopt;
  if (Month < 1 || Month > 12 || Day < 1 || Day > 31 || Hour > 23 ||
      Minute > 59 || Second > 60)
    return std::nullopt;
  int64_t Nanos = 0;
  if (S.consume_front(".")) {
    size_t N = 0;
    while (N < S.size() && isDigit(S[N]))
      ++N;
    if (N == 0)
      return std::nullopt;
    for (size_t I = 0; I < 9; ++I)
      Nanos = Nanos * 10 + (I < N ? S[I] - '0' : 0);
    S = S.drop_front(N);
  }
  int64_t Offset = 0;
  if (!S.consume_front("Z") && !S.consume_front("z")) {
    if (S.empty() || (S[0] != '+' && S[0] != '-'))
      return std::nullopt;
    int Sign = S[0] == '-' ? -1 : 1;
    S = S.drop_front();
    unsigned OffHours, OffMinutes;
    if (!Digits(2, OffHours) || !S.consume_front(":") ||
        !Digits(2, OffMinutes) || OffHours > 23 || OffMinutes > 59)
      return std::nullopt;
    Offset = Sign * static_cast<int64_t>(OffHours * 3600 + OffMinutes * 60);
  }
  if (!S.empty())
    return std::nullopt;
  int64_t Seconds = daysFromCivil(Year, Month, Day) * 86400 + Hour * 3600 +
                    Minute * 60 + Second - Offset;
  return Timestamp{Seconds, Nanos};
}

std::optional<ReviewKind> parseKind(StringRef State) {
  return StringSwitch<std::optional<ReviewKind>>(State.upper())
      .Case("APPROVED", ReviewKind::Approved)
      .Case("CHANGES_REQUESTED", ReviewKind::ChangesRequested)
      .Case("COMMENTED", ReviewKind::Commented)
      .Case("DISMISSED", ReviewKind::Dismissed)
      .Case("PENDING", ReviewKind::Pending)
      .Default(std::nullopt);
}

/// A login or identity as written, without the '@' some people put before
/// logins, so "@bob" and "bob" are one approver.
std::string normalizeWho(StringRef Who) {
  Who = Who.trim();
  Who.consume_front("@");
  return Who.str();
}

/// Sorts approvals by Who and keeps one per person, so an approver listed as
/// "bob" and "Bob <bob@x.com>" is not counted twice toward min_approvals.
void sortUnique(std::vector<Approval> &Approvals) {
  llvm::sort(Approvals, [](const Approval &A, const Approval &B) {
    return A.Who < B.Who;
  });
  std::vector<Approval> Kept;
  for (Approval &A : Approvals) {
    bool Seen = any_of(Kept, [&](const Approval &K) {
      return sameIdentity(K.Who, A.Who) || sameIdentity(A.Who, K.Who);
    });
    if (!Seen)
      Kept.push_back(std::move(A));
  }
  Approvals = std::move(Kept);
}

/// "FILE:LINE:COL: message" for a syntax error at nlohmann's 1-based
/// \p Byte (one past the text when the input ended too early).
Error syntaxError(StringRef Text, StringRef FileName, size_t Byte,
                  StringRef What) {
  size_t Offset = std::min(Byte == 0 ? 0 : Byte - 1, Text.size());
  StringRef Before = Text.take_front(Offset);
  size_t Line = Before.count('\n') + 1;
  size_t LineStart = Before.rfind('\n');
  size_t Column =
      LineStart == StringRef::npos ? Offset + 1 : Offset - LineStart;
  return createStringError(inconvertibleErrorCode(),
                           FileName + ":" + Twine(Line) + ":" + Twine(Column) +
                               ": " + jsonSyntaxMessage(What));
}

const char *const StatesExpected =
    "(expected APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING)";

/// The GitHub "list reviews" form.
Expected<ReviewState> readReviews(const json &Array, StringRef FileName,
                                  StringRef HeadCommit) {
  ReviewState State;
  std::vector<Review> Reviews;
  for (size_t Index = 0; Index < Array.size(); ++Index) {
    const json &Element = Array[Index];
    std::string Name = "element " + std::to_string(Index + 1);
    if (!Element.is_object())
      return fail(FileName, Name + " is not an object");

    Review R;
    auto StateIt = Element.find("state");
    if (StateIt == Element.end() || !StateIt->is_string())
      return fail(FileName, Name + " has no 'state'");
    const std::string &StateText = StateIt->get_ref<const std::string &>();
    std::optional<ReviewKind> Kind = parseKind(StateText);
    if (!Kind)
      return fail(FileName, Name + " has an unknown state '" + StateText +
                                "' " + StatesExpected);
    R.Kind = *Kind;

    auto User = Element.find("user");
    // GitHub returns "user": null for a review by a deleted account; nobody
    // can be asked about it, so it cannot count, but it is no reason to
    // reject the whole file.
    if (User != Element.end() && User->is_null()) {
      if (R.Kind == ReviewKind::Approved)
        State.Ignored.push_back(Name +
                                ": approved by a deleted account (\"user\": "
                                "null)");
      continue;
    }
    const json *Login = nullptr;
    if (User != Element.end() && User->is_object()) {
      auto It = User->find("login");
      if (It != User->end() && It->is_string() &&
          !StringRef(It->get_ref<const std::string &>()).trim().empty())
        Login = &*It;
    }
    if (!Login)
      return fail(FileName, Name + " has no 'user.login'");
    R.Login = normalizeWho(Login->get_ref<const std::string &>());

    auto Submitted = Element.find("submitted_at");
    if (Submitted != Element.end() && !Submitted->is_null()) {
      std::optional<Timestamp> Time;
      if (Submitted->is_string())
        Time = parseTime(Submitted->get_ref<const std::string &>());
      if (!Time)
        return fail(FileName, Name + " has a bad 'submitted_at' " +
                                  Submitted->dump() +
                                  " (expected a time such as "
                                  "\"2024-05-01T12:00:00Z\")");
      R.Time = Time;
    }

    auto Commit = Element.find("commit_id");
    if (Commit != Element.end() && !Commit->is_null()) {
      if (!Commit->is_string())
        return fail(FileName, Name + " has a non-string 'commit_id'");
      R.CommitId = Commit->get_ref<const std::string &>();
    }
    Reviews.push_back(std::move(R));
  }

  // GitHub lists reviews oldest first; a file assembled by hand or merged
  // from several pages may not be. A review without a time (PENDING) keeps
  // its place after the review before it.
  std::vector<std::pair<std::optional<Timestamp>, size_t>> Order;
  std::optional<Timestamp> Previous;
  for (size_t I = 0; I < Reviews.size(); ++I) {
    if (Reviews[I].Time)
      Previous = Reviews[I].Time;
    Order.push_back({Previous, I});
  }
  // Sorting the pairs keeps equal times in array order, as a stable sort
  // would.
  llvm::sort(Order);

  struct UserState {
    const Review *Last = nullptr; ///< The latest review that decides.
    bool ApprovedBefore = false;  ///< Some earlier deciding review approved.
  };
  // Logins are case-insensitive on GitHub; the map also orders Ignored.
  std::map<std::string, UserState> Users;
  for (const auto &[Time, I] : Order) {
    const Review &R = Reviews[I];
    if (R.Kind == ReviewKind::Commented || R.Kind == ReviewKind::Pending)
      continue;
    UserState &U = Users[StringRef(R.Login).lower()];
    if (U.Last && U.Last->Kind == ReviewKind::Approved)
      U.ApprovedBefore = true;
    U.Last = &R;
  }

  for (const auto &[Key, U] : Users) {
    const Review &R = *U.Last;
    switch (R.Kind) {
    case ReviewKind::Approved:
      if (!HeadCommit.empty() && !sameCommit(R.CommitId, HeadCommit)) {
        if (R.CommitId.empty())
          State.Ignored.push_back(R.Login + ": approval names no commit_id, "
                                            "so not the head's");
        else
          State.Earlier.push_back({{R.Login, "review"}, R.CommitId});
        break;
      }
      State.Approvals.push_back({R.Login, "review"});
      break;
    case ReviewKind::ChangesRequested:
      if (U.ApprovedBefore)
        State.Ignored.push_back(R.Login +
                                ": approval withdrawn by CHANGES_REQUESTED");
      break;
    case ReviewKind::Dismissed:
      State.Ignored.push_back(R.Login + (U.ApprovedBefore
                                             ? ": approval dismissed"
                                             : ": review dismissed"));
      break;
    default:
      break;
    }
  }
  sortUnique(State.Approvals);
  return State;
}

/// GitLab's "get approval state of a merge request" object: who approved,
/// in `approved_by`. GitLab records no commit per approval; it drops them
/// on a push when the project removes approvals on new commits.
Expected<ReviewState> readGitLab(const json &Object, StringRef FileName) {
  const json &List = Object.at("approved_by");
  if (!List.is_array())
    return fail(FileName, "'approved_by' is not an array");
  ReviewState State;
  for (size_t Index = 0; Index < List.size(); ++Index) {
    const json &Element = List[Index];
    std::string Name = "'approved_by' element " + std::to_string(Index + 1);
    const json *User = nullptr;
    if (Element.is_object())
      if (auto It = Element.find("user");
          It != Element.end() && It->is_object())
        User = &*It;
    if (!User)
      return fail(FileName, Name + " has no 'user' object");
    auto Login = User->find("username");
    if (Login == User->end() || !Login->is_string() ||
        StringRef(Login->get_ref<const std::string &>()).trim().empty())
      return fail(FileName, Name + " has no 'user.username'");
    State.Approvals.push_back(
        {normalizeWho(Login->get_ref<const std::string &>()),
         "GitLab approval"});
  }
  sortUnique(State.Approvals);
  return State;
}

/// The simple {"author": "x", "approvals": ["a", "b"]} form.
Expected<ReviewState> readSimple(const json &Object, StringRef FileName) {
  for (const auto &[Key, Value] : Object.items())
    if (Key != "author" && Key != "approvals")
      return fail(FileName, "unknown key '" + Key +
                                "' (expected \"author\" or \"approvals\")");

  std::string Author;
  auto AuthorIt = Object.find("author");
  if (AuthorIt != Object.end() && !AuthorIt->is_null()) {
    if (!AuthorIt->is_string())
      return fail(FileName, "'author' is not a string");
    Author = normalizeWho(AuthorIt->get_ref<const std::string &>());
  }

  const json &List = Object.at("approvals");
  if (!List.is_array())
    return fail(FileName, "'approvals' is not an array");
  ReviewState State;
  for (size_t Index = 0; Index < List.size(); ++Index) {
    const json &Element = List[Index];
    std::string Name = "'approvals' element " + std::to_string(Index + 1);
    if (!Element.is_string())
      return fail(FileName, Name + " is not a string");
    std::string Who = normalizeWho(Element.get_ref<const std::string &>());
    if (Who.empty())
      return fail(FileName, Name + " is empty");
    State.Approvals.push_back({std::move(Who), "approvals file"});
  }
  sortUnique(State.Approvals);
  if (!Author.empty())
    setAuthor(State, Author);
  return State;
}

} // namespace

Expected<ReviewState> parseApprovals(StringRef JSON, StringRef FileName,
                                     StringRef HeadCommit) {
  try {
    json Root = json::parse(JSON.begin(), JSON.end(), /*cb=*/nullptr,
                            /*allow_exceptions=*/true,
                            /*ignore_comments=*/true);
    if (Root.is_array())
      return readReviews(Root, FileName, HeadCommit);
    if (Root.is_object() && Root.contains("approvals"))
      return readSimple(Root, FileName);
    if (Root.is_object() && Root.contains("approved_by"))
      return readGitLab(Root, FileName);
    return fail(FileName, "expected a JSON array of GitHub reviews, GitLab "
                          "approvals (an object with \"approved_by\") or an "
                          "object with \"approvals\"");
  } catch (const json::parse_error &Ex) {
    return syntaxError(JSON, FileName, Ex.byte, Ex.what());
  } catch (const json::exception &Ex) {
    // The readers check every type before reading a value; this only guards
    // the boundary should one of them miss a case.
    return fail(FileName, Ex.what());
  }
}

namespace {

/// The string at \p Key of \p Object: nullopt when absent or null, an
/// error when of another type.
Expected<std::optional<std::string>> optionalString(const json &Object,
                                                    StringRef Key,
                                                    const Twine &Where,
                                                    StringRef FileName) {
  auto It = Object.find(Key.str());
  if (It == Object.end() || It->is_null())
    return std::nullopt;
  if (!It->is_string())
    return fail(FileName, "'" + Where + "' is not a string");
  return It->get<std::string>();
}

/// A label as GitHub ({"name": ...}) or GitLab ("name", or {"title": ...}
/// with details) writes it.
Expected<std::vector<std::string>>
readLabels(const json &Object, const Twine &Where, StringRef FileName) {
  std::vector<std::string> Labels;
  auto It = Object.find("labels");
  if (It == Object.end() || It->is_null())
    return Labels;
  if (!It->is_array())
    return fail(FileName, "'" + Where + "' is not an array");
  for (size_t I = 0; I < It->size(); ++I) {
    const json &L = (*It)[I];
    const json *Name = &L;
    if (L.is_object()) {
      auto N = L.find("name");
      if (N == L.end())
        N = L.find("title");
      Name = N == L.end() ? nullptr : &*N;
    }
    if (!Name || !Name->is_string())
      return fail(FileName, "'" + Where + "' element " + std::to_string(I + 1) +
                                " has no name");
    Labels.push_back(Name->get<std::string>());
  }
  llvm::sort(Labels);
  Labels.erase(llvm::unique(Labels), Labels.end());
  return Labels;
}

const json *objectAt(const json &Object, StringRef Key) {
  auto It = Object.find(Key.str());
  return It != Object.end() && It->is_object() ? &*It : nullptr;
}

/// Where a platform's pull-request object keeps what riskguard reads.
struct PullRequestShape {
  StringRef Platform;
  StringRef AuthorObject, AuthorKey; ///< "user"."login"
  StringRef HeadObject, HeadKey;     ///< "head"."sha"; no object: top level
  StringRef HeadMissing;             ///< Added to "no 'sha'", may be empty.
  StringRef DescriptionKey;
};

const PullRequestShape GitHubShape = {"GitHub", "user", "login", "head",
                                      "sha",    "",     "body"};
const PullRequestShape GitLabShape = {
    "GitLab",     "author", "username",
    "",           "sha",    " (the merge request's head commit)",
    "description"};

/// The string at \p Outer.\p Key (\p Key alone when \p Outer is empty).
Expected<std::optional<std::string>> stringAt(const json &Object,
                                              StringRef Outer, StringRef Key,
                                              const Twine &Where,
                                              StringRef FileName) {
  const json *In = Outer.empty() ? &Object : objectAt(Object, Outer);
  if (!In)
    return std::nullopt;
  return optionalString(*In, Key, Where, FileName);
}

Expected<PullRequest> readPull(const json &Pull, const PullRequestShape &Shape,
                               StringRef Prefix, StringRef FileName) {
  auto Path = [&](StringRef Outer, StringRef Key) {
    return (Prefix + Outer + (Outer.empty() ? "" : ".") + Key).str();
  };
  PullRequest PR;
  PR.Platform = Shape.Platform.str();
  std::string AuthorPath = Path(Shape.AuthorObject, Shape.AuthorKey);
  Expected<std::optional<std::string>> Login =
      stringAt(Pull, Shape.AuthorObject, Shape.AuthorKey, AuthorPath, FileName);
  if (!Login)
    return Login.takeError();
  if (!*Login || StringRef(**Login).trim().empty())
    return fail(FileName, "no '" + AuthorPath + "' (the author)");
  PR.Author = normalizeWho(**Login);
  std::string HeadPath = Path(Shape.HeadObject, Shape.HeadKey);
  Expected<std::optional<std::string>> Sha =
      stringAt(Pull, Shape.HeadObject, Shape.HeadKey, HeadPath, FileName);
  if (!Sha)
    return Sha.takeError();
  if (!*Sha)
    return fail(FileName, "no '" + HeadPath + "'" + Shape.HeadMissing);
  PR.HeadSha = **Sha;
  Expected<std::vector<std::string>> Labels =
      readLabels(Pull, Prefix + "labels", FileName);
  if (!Labels)
    return Labels.takeError();
  PR.Labels = std::move(*Labels);
  Expected<std::optional<std::string>> Description = optionalString(
      Pull, Shape.DescriptionKey, Prefix + Shape.DescriptionKey, FileName);
  if (!Description)
    return Description.takeError();
  PR.Description = Description->value_or("");
  return PR;
}

} // namespace

Expected<PullRequest> parsePullRequest(StringRef JSON, StringRef FileName) {
  try {
    json Root = json::parse(JSON.begin(), JSON.end(), /*cb=*/nullptr,
                            /*allow_exceptions=*/true,
                            /*ignore_comments=*/true);
    if (!Root.is_object())
      return fail(FileName, "expected a JSON object (GitHub's pull_request "
                            "event or GitLab's merge request)");
    // A GitHub event payload wraps the pull request; the REST API's
    // pull-request object is the same thing unwrapped.
    if (const json *Pull = objectAt(Root, "pull_request"))
      return readPull(*Pull, GitHubShape, "pull_request.", FileName);
    if (objectAt(Root, "head") && objectAt(Root, "user"))
      return readPull(Root, GitHubShape, "", FileName);
    if (Root.contains("iid") && objectAt(Root, "author"))
      return readPull(Root, GitLabShape, "", FileName);
    if (Root.contains("object_kind"))
      return fail(FileName, "a GitLab webhook payload names who triggered it, "
                            "not the author; pass the merge request from the "
                            "API (GET /projects/:id/merge_requests/:iid)");
    return fail(FileName,
                "neither a GitHub pull request (no 'pull_request', or 'head' "
                "and 'user') nor a GitLab merge request (no 'iid' and "
                "'author')");
  } catch (const json::parse_error &Ex) {
    return syntaxError(JSON, FileName, Ex.byte, Ex.what());
  } catch (const json::exception &Ex) {
    return fail(FileName, Ex.what());
  }
}

bool sameCommit(StringRef A, StringRef B) {
  if (A.equals_insensitive(B))
    return true;
  if (A.size() < 7 || B.size() < 7)
    return false;
  size_t N = std::min(A.size(), B.size());
  return A.take_front(N).equals_insensitive(B.take_front(N));
}

void setAuthor(ReviewState &State, StringRef Author) {
  State.Author = normalizeWho(Author);
  if (State.Author.empty())
    return;
  std::vector<Approval> Kept;
  for (Approval &A : State.Approvals) {
    if (sameIdentity(State.Author, A.Who)) {
      State.Ignored.push_back(A.Who + ": the author cannot approve");
      continue;
    }
    Kept.push_back(std::move(A));
  }
  State.Approvals = std::move(Kept);
  std::vector<EarlierApproval> KeptEarlier;
  for (EarlierApproval &A : State.Earlier) {
    if (sameIdentity(State.Author, A.Given.Who)) {
      State.Ignored.push_back(A.Given.Who + ": the author cannot approve");
      continue;
    }
    KeptEarlier.push_back(std::move(A));
  }
  State.Earlier = std::move(KeptEarlier);
}

} // namespace riskguard
