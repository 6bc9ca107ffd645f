//===- Review.cpp - Matching logins, e-mails and teams --------------------===//
//
// Approvers arrive in several spellings: GitHub logins from reviews,
// "Name <email>" from commit trailers, "@login" and e-mails from CODEOWNERS
// and the policy. They are compared through what each names: a login, or
// an e-mail whose local part stands for the login, since a trailer has no
// other way to name a GitHub account.
//
//===----------------------------------------------------------------------===//

#include "policy/Review.h"

#include "llvm/ADT/STLExtras.h"

using namespace llvm;

namespace riskguard {
namespace {

/// Who an identity names: an e-mail, or a login when it has none.
struct Person {
  std::string Email; ///< Lower-case; empty if none was written.
  std::string Login; ///< Lower-case; for an e-mail, the login it stands for.
};

Person person(StringRef Identity) {
  Identity = Identity.trim();
  // "Alice Adams <alice@shop.example>": only the address identifies.
  size_t Open = Identity.rfind('<');
  if (Open != StringRef::npos && Identity.ends_with(">"))
    Identity = Identity.slice(Open + 1, Identity.size() - 1).trim();
  Identity.consume_front("@");
  Person P;
  if (!Identity.contains('@')) {
    P.Login = Identity.lower();
    return P;
  }
  P.Email = Identity.lower();
  auto [Local, Domain] = StringRef(P.Email).split('@');
  // GitHub's no-reply addresses are "ID+login@users.noreply.github.com".
  if (Domain == "users.noreply.github.com" && Local.contains('+'))
    Local = Local.split('+').second;
  P.Login = Local.str();
  return P;
}

/// The `teams` entry named \p Team: as written first, then with or without
/// the leading '@', ignoring case, as GitHub does for org and team names.
const std::vector<std::string> *findTeam(StringRef Team, const Policy &P) {
  auto Exact = P.Teams.find(Team.str());
  if (Exact != P.Teams.end())
    return &Exact->second;
  StringRef Bare = Team;
  Bare.consume_front("@");
  for (const auto &[Key, Members] : P.Teams) {
    StringRef KeyBare = Key;
    KeyBare.consume_front("@");
    if (KeyBare.equals_insensitive(Bare))
      return &Members;
  }
  return nullptr;
}

} // namespace

bool sameIdentity(StringRef Login, StringRef Identity) {
  Person A = person(Login), B = person(Identity);
  if (A.Login.empty() || B.Login.empty())
    return false;
  // Two addresses must be the same address: alice@a.com and alice@b.com
  // may well be different people.
  if (!A.Email.empty() && !B.Email.empty())
    return A.Email == B.Email;
  return A.Login == B.Login;
}

bool isTeamMember(StringRef Who, StringRef Team, const Policy &P) {
  const std::vector<std::string> *Members = findTeam(Team, P);
  return Members && any_of(*Members, [&](const std::string &Member) {
           return sameIdentity(Member, Who);
         });
}

bool isOwner(StringRef Who, ArrayRef<std::string> Owners, const Policy &P) {
  for (const std::string &Owner : Owners) {
    // A policy team wins over a login of the same name: "senior" in
    // `teams` means its members, not a user called senior.
    if (findTeam(Owner, P)) {
      if (isTeamMember(Who, Owner, P))
        return true;
      continue;
    }
    // A GitHub team the policy does not list: its members are unknown
    // offline, so nobody can be shown to be in it.
    if (StringRef(Owner).starts_with("@") && StringRef(Owner).contains('/'))
      continue;
    if (sameIdentity(Owner, Who))
      return true;
  }
  return false;
}

} // namespace riskguard
