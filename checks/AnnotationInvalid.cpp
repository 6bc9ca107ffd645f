//===- AnnotationInvalid.cpp - annotation-invalid -------------------------===//
//
// A riskguard annotation is malformed or sits where it cannot apply. Such an
// annotation silently marks nothing, or marks code with the wrong domain or
// owners, so it blocks: a gate that trusts a typo fails open.
//
// Only annotations in files the change touches are checked, so that an old
// mistake elsewhere does not block every unrelated change.
//
//===----------------------------------------------------------------------===//
#include "checks/Check.h"
#include "checks/FileChecks.h"
#include "facts/Annotations.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include <climits>
#include <map>

namespace riskguard {

namespace {

/// Whether annotations on this kind of declaration mean anything: the
/// extractor reads them only on functions, classes and namespaces.
bool canCarry(AnnotatedKind K) {
  return K == AnnotatedKind::Function || K == AnnotatedKind::Class ||
         K == AnnotatedKind::Namespace;
}

llvm::StringRef entityKindName(AnnotatedKind K) {
  switch (K) {
  case AnnotatedKind::Function:
    return "function";
  case AnnotatedKind::Class:
    return "class";
  case AnnotatedKind::Namespace:
    return "namespace";
  case AnnotatedKind::Variable:
    return "variable";
  case AnnotatedKind::Field:
    return "field";
  case AnnotatedKind::Parameter:
    return "parameter";
  case AnnotatedKind::Enum:
    return "enum";
  case AnnotatedKind::Enumerator:
    return "enumerator";
  case AnnotatedKind::Typedef:
    return "type alias";
  case AnnotatedKind::Other:
    break;
  }
  return "declaration";
}

std::string quoted(llvm::StringRef S) { return "\"" + S.str() + "\""; }

/// An argument as it would be written in the source.
std::string spelled(const AnnotationArg &Arg) {
  return Arg.Kind == AnnotationArg::String ? quoted(Arg.Value) : Arg.Value;
}

/// "'shop::Cart::debug'", or a description of an unnamed entity.
std::string entityName(const AnnotationFacts &A) {
  if (A.EntityName.empty())
    return "an unnamed " + entityKindName(A.Entity).str();
  return "'" + A.EntityName + "'";
}

/// What an annotation is on, for fingerprints and for grouping the
/// declarations of one entity: its USR, which tells overloads apart, where
/// that is stable; Clang names parameters and the like by their offset in
/// the file, which any edit above them changes.
std::string identity(const AnnotationFacts &A) {
  return canCarry(A.Entity) && !A.EntityUSR.empty() ? A.EntityUSR
                                                    : A.EntityName;
}

/// A GitHub login, or a team's slug: letters, digits, '-' and '_' (the
/// suffix of enterprise-managed users), not starting with punctuation.
bool isLoginLike(llvm::StringRef S) {
  return !S.empty() && S.size() <= 39 && llvm::isAlnum(S.front()) &&
         llvm::all_of(S, [](char C) {
           return llvm::isAlnum(C) || C == '-' || C == '_';
         });
}

bool isEmail(llvm::StringRef S) {
  auto [Local, Domain] = S.split('@');
  return !Local.empty() && Domain.contains('.') && !Domain.starts_with(".") &&
         !Domain.ends_with(".") && !Domain.contains('@') &&
         llvm::none_of(S, [](char C) { return llvm::isSpace(C); });
}

/// Whether \p Owner names someone riskguard can match an approver against:
/// "@login", "@org/team" (nested GitLab groups too), "login", an e-mail
/// address, or a team of the policy's `teams`.
bool isValidOwner(llvm::StringRef Owner, const Policy &P) {
  if (P.Teams.count(Owner.str()))
    return true;
  if (isEmail(Owner))
    return true;
  llvm::StringRef Name = Owner;
  if (!Name.consume_front("@"))
    return isLoginLike(Name);
  llvm::SmallVector<llvm::StringRef, 4> Parts;
  Name.split(Parts, '/');
  return llvm::all_of(Parts, [](llvm::StringRef Part) {
    return isLoginLike(Part) ||
           (!Part.empty() && llvm::all_of(Part, [](char C) {
             return llvm::isAlnum(C) || C == '-' || C == '_' || C == '.';
           }));
  });
}

/// "a, b and c".
std::string joinAnd(llvm::ArrayRef<std::string> Items) {
  std::string S;
  for (size_t I = 0; I < Items.size(); ++I)
    S += (I == 0 ? "" : I + 1 == Items.size() ? " and " : ", ") + Items[I];
  return S;
}

std::string domainList(const Policy &P) {
  std::vector<std::string> Names;
  for (const auto &Entry : P.Domains)
    Names.push_back(quoted(Entry.first));
  return llvm::join(Names, ", ");
}

/// Whether \p Arg is no string, or a blank one.
bool isBlankString(const AnnotationArg &Arg) {
  return Arg.Kind != AnnotationArg::String || Arg.Value.empty() ||
         llvm::StringRef(Arg.Value).trim().empty();
}

/// What is wrong with RG_TIER1's arguments, written as \p On says; empty
/// when nothing is.
std::string tier1Problem(llvm::StringRef On, llvm::ArrayRef<AnnotationArg> Args,
                         const Policy &P) {
  std::string Fix = P.Domains.empty()
                        ? "RG_TIER1(\"<domain>\"), e.g. RG_TIER1(\"pricing\")"
                        : "RG_TIER1(\"<domain>\") with one of the policy's "
                          "domains: " +
                              domainList(P);
  if (Args.empty() || isBlankString(Args[0]))
    return On.str() + " needs a domain" +
           (Args.empty() || Args[0].Kind == AnnotationArg::String
                ? ""
                : " string, not " + spelled(Args[0])) +
           ": " + Fix;
  if (Args.size() > 1)
    return On.str() + " takes one domain, not " + std::to_string(Args.size()) +
           ": " + Fix;
  if (!P.Domains.empty() && !P.Domains.count(Args[0].Value))
    return On.str() + " names domain " + quoted(Args[0].Value) +
           ", which the policy does not declare: use one of " + domainList(P) +
           ", or add it to \"domains\" in the policy";
  return {};
}

/// What is wrong with RG_NOT_TIER1's arguments; empty when nothing is.
std::string notTier1Problem(llvm::StringRef On,
                            llvm::ArrayRef<AnnotationArg> Args) {
  std::string Fix = "RG_NOT_TIER1(\"why this is not tier-1\")";
  if (Args.empty() || isBlankString(Args[0]))
    return On.str() + " needs a reason: " + Fix;
  if (Args.size() > 1)
    return On.str() + " takes one reason, not " + std::to_string(Args.size()) +
           ": " + Fix;
  return {};
}

/// What is wrong with RG_OWNERS's arguments; empty when nothing is.
std::string ownersProblem(llvm::StringRef On,
                          llvm::ArrayRef<AnnotationArg> Args, const Policy &P) {
  std::string Fix = "use \"@login\", \"@org/team\", \"login\", an e-mail "
                    "address or a team of the policy's \"teams\"";
  if (Args.empty())
    return On.str() +
           " names no owners: RG_OWNERS(\"@org/team\", \"login\", ...)";
  std::vector<std::string> Bad;
  for (const AnnotationArg &Arg : Args)
    if (Arg.Kind != AnnotationArg::String || !isValidOwner(Arg.Value, P))
      Bad.push_back(spelled(Arg));
  if (Bad.empty())
    return {};
  return On.str() + " names " + joinAnd(Bad) +
         (Bad.size() == 1 ? ", which is not an owner: "
                          : ", which are not owners: ") +
         Fix;
}

/// What is wrong with RG_MIN_APPROVALS's arguments; empty when nothing is.
std::string minApprovalsProblem(llvm::StringRef On,
                                llvm::ArrayRef<AnnotationArg> Args) {
  std::string Fix = "RG_MIN_APPROVALS(2)";
  if (Args.empty())
    return On.str() + " needs a positive number of approvals: " + Fix;
  unsigned long long N = 0;
  bool Positive = Args[0].Kind == AnnotationArg::Integer &&
                  !llvm::getAsUnsignedInteger(Args[0].Value, 10, N) && N > 0 &&
                  N <= UINT_MAX;
  if (!Positive)
    return On.str() + " needs a positive number of approvals, not " +
           spelled(Args[0]) + ": " + Fix;
  if (Args.size() > 1)
    return On.str() + " takes one number, not " + std::to_string(Args.size()) +
           ": " + Fix;
  return {};
}

/// What is wrong with RG_TESTED_BY's arguments; empty when nothing is.
std::string testedByProblem(llvm::StringRef On,
                            llvm::ArrayRef<AnnotationArg> Args) {
  std::string Fix = "RG_TESTED_BY(\"Suite.Name\", ...)";
  if (Args.empty())
    return On.str() + " names no tests: " + Fix;
  for (const AnnotationArg &Arg : Args)
    if (isBlankString(Arg))
      return On.str() + " names " +
             (Arg.Kind == AnnotationArg::String
                  ? std::string("an empty test")
                  : spelled(Arg) + ", which is not a test name") +
             ": " + Fix;
  return {};
}

/// What is wrong with the arguments of a known annotation, and what would
/// satisfy it; empty when nothing is.
std::string argumentProblem(const AnnotationFacts &A,
                            const AnnotationKindInfo &K, const Policy &P) {
  std::string On = K.Macro.str() + " on " + entityName(A);
  switch (K.Kind) {
  case AnnotationKind::Tier1:
    return tier1Problem(On, A.Args, P);
  case AnnotationKind::NotTier1:
    return notTier1Problem(On, A.Args);
  case AnnotationKind::Owners:
    return ownersProblem(On, A.Args, P);
  case AnnotationKind::MinApprovals:
    return minApprovalsProblem(On, A.Args);
  case AnnotationKind::TestedBy:
    return testedByProblem(On, A.Args);
  }
  return {};
}

/// "unknown riskguard annotation ..." for a kind not in Annotations.def,
/// with the nearest known kind when it looks like a typo of one.
std::string unknownKindProblem(const AnnotationFacts &A) {
  std::vector<std::string> Names;
  for (const AnnotationKindInfo &K : annotationKinds())
    Names.push_back(K.Name.str());
  std::string Message = "unknown riskguard annotation " +
                        quoted(AnnotationPrefix.str() + A.Kind) + " on " +
                        entityName(A) + ": the kinds are " + joinAnd(Names);
  // A typo of a known kind is the usual cause: name it.
  const AnnotationKindInfo *Best = nullptr;
  unsigned BestDistance = 3;
  for (const AnnotationKindInfo &Known : annotationKinds()) {
    unsigned D = llvm::StringRef(A.Kind).edit_distance(Known.Name);
    if (D < BestDistance) {
      Best = &Known;
      BestDistance = D;
    }
  }
  if (Best)
    Message += " (did you mean " +
               quoted(AnnotationPrefix.str() + Best->Name.str()) +
               ", written by " + Best->Macro.str() + "?)";
  return Message;
}

/// What is wrong with one annotation by itself; empty when nothing is.
std::string problemOf(const AnnotationFacts &A, const Policy &P) {
  const AnnotationKindInfo *K = findAnnotationKind(A.Kind);
  if (!K)
    return unknownKindProblem(A);
  if (!canCarry(A.Entity))
    return K->Macro.str() + " on " +
           (A.EntityName.empty() ? "" : entityKindName(A.Entity).str() + " ") +
           entityName(A) +
           " has no effect: put it on a function, method, class, struct, "
           "union or namespace";
  return argumentProblem(A, *K, P);
}

} // namespace

void findInvalidAnnotations(
    llvm::ArrayRef<AnnotationFacts> Annotations, const Policy &P,
    llvm::function_ref<bool(const AnnotationFacts &)> InScope,
    AnnotationReport Report) {
  // Well-formed RG_TIER1 on each entity, for conflicting domains. The
  // annotations are sorted by place, so the first of a group is the first
  // written.
  std::map<std::string, std::vector<const AnnotationFacts *>> Tier1ByEntity;
  for (const AnnotationFacts &A : Annotations) {
    if (InScope(A)) {
      std::string Problem = problemOf(A, P);
      if (!Problem.empty()) {
        Report(A, std::move(Problem), A.Kind);
        continue;
      }
    }
    if (A.Kind == "tier1" && canCarry(A.Entity) && A.Args.size() == 1 &&
        A.Args[0].Kind == AnnotationArg::String && !A.Args[0].Value.empty())
      Tier1ByEntity[identity(A)].push_back(&A);
  }

  // Two domains on one entity: which one wins depends on the order Clang
  // lists the declarations in. Reported once per entity, on its first
  // annotation in scope.
  for (const auto &[Entity, Group] : Tier1ByEntity) {
    auto Here = llvm::find_if(
        Group, [&](const AnnotationFacts *A) { return InScope(*A); });
    if (Here == Group.end())
      continue;
    const AnnotationFacts &A = **Here;
    auto Other = llvm::find_if(Group, [&](const AnnotationFacts *B) {
      return B->Args[0].Value != A.Args[0].Value;
    });
    if (Other == Group.end())
      continue;
    const AnnotationFacts &B = **Other;
    Report(A,
           "RG_TIER1(" + quoted(A.Args[0].Value) + ") on " + entityName(A) +
               " conflicts with RG_TIER1(" + quoted(B.Args[0].Value) + ") at " +
               B.File + ":" + std::to_string(B.Line) + ":" +
               std::to_string(B.Column) + ": give every declaration of " +
               entityName(A) + " the same domain",
           "tier1 conflict");
  }
}

/// The function \p A is on, as findings name functions: its qualified name
/// with parameter types where the head program has it, else the name the
/// message uses; empty when \p A is on no function.
static std::string annotatedFunction(const AnnotationFacts &A,
                                     const Program &Head) {
  if (A.Entity != AnnotatedKind::Function)
    return {};
  if (!A.EntityUSR.empty())
    if (std::optional<unsigned> Id = Head.findUSR(A.EntityUSR))
      return Head.function(*Id).Name;
  return A.EntityName;
}

void AnnotationInvalid::run(const CheckContext &Ctx,
                            std::vector<Finding> &Out) const {
  const AnalysisResult &R = Ctx.Analysis;
  auto InChangedFile = [&](const AnnotationFacts &A) {
    return std::binary_search(R.ChangedFiles.begin(), R.ChangedFiles.end(),
                              A.File);
  };
  auto Report = [&](const AnnotationFacts &A, std::string Message,
                    llvm::StringRef Kind) {
    Finding F = makeFinding(RuleId, A.File, A.Line, A.Column);
    F.Function = annotatedFunction(A, R.Head);
    F.Message = std::move(Message);
    setFingerprint(F, identity(A) + "\x1f" + Kind.str());
    Out.push_back(std::move(F));
  };
  findInvalidAnnotations(R.Annotations, Ctx.Rules, InChangedFile, Report);
}

} // namespace riskguard
