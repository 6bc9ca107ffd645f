//===- ChangeInput.cpp - The change a check judges, and its policies ------===//
#include "pipeline/ChangeInput.h"
#include "repo/PatchMail.h"
#include "repo/SourceFiles.h"
#include "repo/UnifiedDiff.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

namespace riskguard {

namespace {

Error fail(const Twine &Message) {
  return createStringError(inconvertibleErrorCode(), Message);
}

/// The change a patch makes, reversed over the working tree for the base.
Expected<ChangeInput> changeOfPatch(const Workspace &W, StringRef Diff) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Patch =
      MemoryBuffer::getFile(Diff, /*IsText=*/false);
  if (!Patch)
    return fail("cannot read patch '" + Diff +
                "': " + Patch.getError().message());
  Expected<std::pair<ChangeSet, Snapshot>> Reversed =
      reversePatchSeries((*Patch)->getBuffer(), Diff, W.Root);
  if (!Reversed)
    return Reversed.takeError();
  Expected<std::vector<Repository::Commit>> Mails =
      patchCommits((*Patch)->getBuffer(), Diff);
  if (!Mails)
    return Mails.takeError();
  ChangeInput C;
  C.PatchCommits = std::move(*Mails);
  C.Changes = std::move(Reversed->first);
  C.BaseOverlay = std::move(Reversed->second);
  return C;
}

/// The change between two revisions; an empty \p Head is the working tree.
Expected<ChangeInput> changeOfRevisions(const Workspace &W,
                                        const std::string &BaseRev,
                                        StringRef Head) {
  ChangeInput C;
  C.BaseRev = BaseRev;
  Expected<ChangeSet> Diff = W.Repo->diff(BaseRev, Head);
  if (!Diff)
    return Diff.takeError();
  C.Changes = std::move(*Diff);
  Expected<Snapshot> BaseSnap = W.Repo->snapshot(BaseRev);
  if (!BaseSnap)
    return BaseSnap.takeError();
  C.BaseOverlay = std::move(*BaseSnap);
  if (Head.empty())
    return C;
  Expected<Snapshot> HeadSnap = W.Repo->snapshot(Head);
  if (!HeadSnap)
    return HeadSnap.takeError();
  C.HeadOverlay = std::move(*HeadSnap);
  return C;
}

Error tooBig(StringRef Name, size_t Size) {
  return fail(Name + ": policy of " + sizeText(Size) +
              ", more than riskguard reads (" + sizeText(MaxPolicySize) + ")");
}

/// The head revision's policy when it has its own (none when it deleted
/// the file), else the workspace's.
Expected<Policy> headPolicy(const Workspace &W, const Snapshot &Head,
                            StringRef HeadRev) {
  auto It = Head.find(W.PolicyRel);
  if (W.PolicyRel.empty() || It == Head.end())
    return W.Rules;
  if (!It->second)
    return Policy();
  std::string Name = W.PolicyRel + " at " + HeadRev.str();
  if (It->second->size() > MaxPolicySize)
    return tooBig(Name, It->second->size());
  return parsePolicy(*It->second, Name);
}

/// The base's policy; \p Head stands in where the base has none to read or
/// a broken one (said on \p Log), since a broken policy cannot judge.
Expected<Policy> basePolicy(const Workspace &W, const Snapshot &Base,
                            const Policy &Head, raw_ostream &Log) {
  auto It = Base.find(W.PolicyRel);
  if (W.PolicyRel.empty() || It == Base.end())
    return Head;
  if (!It->second)
    return Policy();
  std::string Name = W.PolicyRel + " at base";
  if (It->second->size() > MaxPolicySize)
    return tooBig(Name, It->second->size());
  Expected<Policy> Parsed = parsePolicy(*It->second, Name);
  if (Parsed)
    return Parsed;
  Log << "riskguard: warning: " << toString(Parsed.takeError())
      << "; using the head's policy for the base\n";
  return Head;
}

} // namespace

Expected<ChangeInput> loadChange(const Workspace &W, const ChangeSource &From) {
  std::string BaseRev = !From.Base.empty()      ? From.Base
                        : !W.Rules.Base.empty() ? W.Rules.Base
                                                : std::string("HEAD~1");
  Expected<ChangeInput> C = From.Diff.empty()
                                ? changeOfRevisions(W, BaseRev, From.Head)
                                : changeOfPatch(W, From.Diff);
  if (!C)
    return C.takeError();
  // The build directory's own files are not part of the change.
  llvm::erase_if(C->Changes.Files, [&](const FileChange &FC) {
    return !W.Paths->relative(W.Root + "/" + FC.path());
  });
  return C;
}

Expected<ChangePolicies> loadPolicies(const Workspace &W,
                                      const ChangeInput &Change,
                                      StringRef HeadRev, raw_ostream &Log) {
  ChangePolicies P;
  Expected<Policy> Head = headPolicy(W, Change.HeadOverlay, HeadRev);
  if (!Head)
    return Head.takeError();
  P.Head = std::move(*Head);
  Expected<Policy> Base = basePolicy(W, Change.BaseOverlay, P.Head, Log);
  if (!Base)
    return Base.takeError();
  P.Base = std::move(*Base);
  P.Effective = effectivePolicy(P.Base, P.Head);
  return P;
}

} // namespace riskguard
