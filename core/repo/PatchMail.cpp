//===- PatchMail.cpp - Commit messages carried by a patch -----------------===//
//
// `git format-patch` writes each commit as a mail in mbox form: a "From
// <sha> <date>" separator, RFC 2822 headers (From:, Subject:), the rest of
// the message as the body, then "---" before the diffstat and the diff.
// `git am` reads the message back the same way.
//
//===----------------------------------------------------------------------===//
#include "repo/PatchMail.h"
#include "repo/Repository.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace riskguard {

namespace {

/// "[PATCH v2 1/3] Subject": the part git am keeps.
StringRef stripSubjectPrefix(StringRef Subject) {
  Subject = Subject.trim();
  while (Subject.starts_with("[")) {
    size_t Close = Subject.find(']');
    if (Close == StringRef::npos)
      break;
    Subject = Subject.drop_front(Close + 1).trim();
  }
  return Subject;
}

} // namespace

std::optional<std::string> mailSeparator(StringRef Line, StringRef Next) {
  if (!Line.consume_front("From ") || !Next.contains(':'))
    return std::nullopt;
  StringRef Id = Line.split(' ').first;
  if (Id.size() == 40 && all_of(Id, isHexDigit))
    return Id.lower();
  // Another mbox writer: a sender address, no commit id.
  if (Line.contains(' '))
    return std::string();
  return std::nullopt;
}

Expected<std::vector<Repository::Commit>> patchCommits(StringRef Text,
                                                       StringRef FileName) {
  std::vector<StringRef> Lines;
  for (StringRef Rest = Text; !Rest.empty();) {
    auto [Line, Tail] = Rest.split('\n');
    Lines.push_back(Line.ends_with("\r") ? Line.drop_back() : Line);
    Rest = Tail;
  }

  std::vector<Repository::Commit> Commits;
  size_t I = 0;
  while (I < Lines.size()) {
    std::optional<std::string> Id = I + 1 < Lines.size()
                                        ? mailSeparator(Lines[I], Lines[I + 1])
                                        : std::nullopt;
    if (!Id) {
      ++I;
      continue;
    }
    size_t Start = I;
    Repository::Commit C;
    C.Id = *Id;
    std::string Subject;
    bool HaveFrom = false;
    // Headers, folded lines joined, up to the empty line.
    std::string Last;
    for (++I; I < Lines.size() && !Lines[I].empty(); ++I) {
      StringRef L = Lines[I];
      if ((L.starts_with(" ") || L.starts_with("\t")) && !Last.empty()) {
        if (Last == "subject")
          Subject += " " + L.trim().str();
        continue;
      }
      auto [Key, Value] = L.split(':');
      Last = Key.trim().lower();
      Value = Value.trim();
      if (Last == "from") {
        HaveFrom = true;
        size_t Open = Value.rfind('<');
        if (Open != StringRef::npos && Value.ends_with(">")) {
          C.AuthorName = Value.take_front(Open).trim().trim('"').str();
          C.AuthorEmail = Value.slice(Open + 1, Value.size() - 1).str();
        } else {
          C.AuthorEmail = Value.str();
        }
      } else if (Last == "subject") {
        Subject = Value.str();
      }
    }
    if (!HaveFrom)
      return createStringError(inconvertibleErrorCode(),
                               FileName + ":" + Twine(Start + 2) +
                                   ": mail of the patch has no From: header");
    // The body ends where git format-patch puts "---", or at the diff.
    std::string Body;
    for (++I; I < Lines.size(); ++I) {
      StringRef L = Lines[I];
      if (L == "---" || L.starts_with("diff --git ") ||
          L.starts_with("Index: ") ||
          (I + 1 < Lines.size() && mailSeparator(L, Lines[I + 1])))
        break;
      Body += L.str() + "\n";
    }
    C.Message = stripSubjectPrefix(Subject).str() + "\n\n" + Body;
    Expected<std::vector<std::pair<std::string, std::string>>> Trailers =
        messageTrailers(C.Message);
    if (!Trailers)
      return Trailers.takeError();
    C.Trailers = std::move(*Trailers);
    if (C.Id.empty())
      C.Id = "mail" + std::to_string(Commits.size() + 1);
    Commits.push_back(std::move(C));
  }
  return Commits;
}

} // namespace riskguard
