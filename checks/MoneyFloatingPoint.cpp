//===- MoneyFloatingPoint.cpp - money-floating-point ----------------------===//
//
// `float`/`double` used for money in tier-1 code. Binary floating point
// cannot hold most decimal amounts exactly (0.1 + 0.2 != 0.3), so sums,
// splits and rounding drift by cents. Whether a value is money is read from
// its name (policy `money.names`); a warning, since names can mislead.
//
// Checked: the return value, parameters and locals of tier-1 functions the
// change modifies or adds, and the data members of tier-1 classes defined
// in files the change touches.
//
//===----------------------------------------------------------------------===//
#include "checks/Check.h"
#include "llvm/ADT/STLExtras.h"

namespace riskguard {

namespace {

/// "'double'", or "'Money' (aka 'double')" for an alias, as clang says it.
std::string typeText(const FloatingValue &V) {
  std::string S = "'" + V.Type + "'";
  if (V.CanonicalType != V.Type)
    S += " (aka '" + V.CanonicalType + "')";
  return S;
}

llvm::StringRef kindName(FloatingValue::KindType K) {
  switch (K) {
  case FloatingValue::Return:
    return "return value";
  case FloatingValue::Parameter:
    return "parameter";
  case FloatingValue::Local:
    return "local variable";
  case FloatingValue::Field:
    return "field";
  case FloatingValue::StaticField:
    return "static member";
  }
  return "";
}

/// "parameter 'Price'", "return value".
std::string describe(const FloatingValue &V) {
  if (V.Kind == FloatingValue::Return)
    return kindName(V.Kind).str();
  return kindName(V.Kind).str() + " '" + V.Name + "'";
}

const char *const Fix = ": use an integer count of the smallest unit (e.g. "
                        "int64_t cents) or a decimal type";

/// The tier of a class's data members: what the annotations around it and
/// the policy rules give a member of it, else the tier of any of its
/// methods (a class whose methods are tier-1 holds tier-1 state).
Tier classTier(const ClassFacts &C, const FloatingValue &Field,
               const CheckContext &Ctx) {
  FunctionFacts Member;
  Member.File = C.File;
  Member.QualifiedName = C.QualifiedName + "::" + Field.Name;
  Member.Tier1Domain = C.Tier1Domain;
  Member.Tier1Level = C.Tier1Level;
  Member.NotTier1Level = C.NotTier1Level;
  Tier T = resolveTier(Member, Ctx.Rules);
  if (T.isTier1())
    return T;
  const Program &Head = Ctx.Analysis.Head;
  for (const std::string &USR : C.Methods)
    if (std::optional<unsigned> Id = Head.findUSR(USR))
      if (Tier M = resolveTier(Head.function(*Id), Ctx.Rules); M.isTier1())
        return M;
  return {};
}

} // namespace

void MoneyFloatingPoint::run(const CheckContext &Ctx,
                             std::vector<Finding> &Out) const {
  std::vector<std::string> Words;
  for (const std::string &W : Ctx.Rules.MoneyNames)
    Words.push_back(llvm::StringRef(W).lower());
  auto SaysMoney = [&](llvm::StringRef Name) {
    std::string Lower = Name.lower();
    return llvm::any_of(Words, [&](const std::string &W) {
      return llvm::StringRef(Lower).contains(W);
    });
  };
  auto Report = [&](const FloatingValue &V, std::string Message,
                    std::string Function, std::string File,
                    llvm::StringRef Owner) {
    Finding F;
    F.Rule = RuleId.str();
    F.Level = Severity::Warning;
    F.Blocking = false;
    F.Function = std::move(Function);
    F.File = std::move(File);
    F.Line = V.Line;
    F.Column = V.Column;
    F.EndLine = V.Line;
    F.Message = std::move(Message) + Fix;
    setFingerprint(F, Owner.str() + "\x1f" + describe(V));
    Out.push_back(std::move(F));
  };

  for (const ChangedFunction &C : Ctx.Analysis.Changed) {
    if (C.TierKind != "tier1" || !C.HeadId ||
        (C.Kind != ChangeKind::Modified && C.Kind != ChangeKind::Added))
      continue;
    const FunctionFacts &Fn = Ctx.Analysis.Head.function(*C.HeadId);
    for (const FloatingValue &V : Fn.FloatingValues)
      if (SaysMoney(V.Name))
        Report(V,
               describe(V) + " of tier-1 function '" + Fn.Name +
                   "' holds money in " + typeText(V),
               Fn.Name, Fn.File, Fn.Name);
  }

  const std::vector<std::string> &Changed = Ctx.Analysis.ChangedFiles;
  for (const ClassFacts &C : Ctx.Analysis.Classes) {
    if (!std::binary_search(Changed.begin(), Changed.end(), C.File))
      continue;
    for (const FloatingValue &V : C.Fields)
      if (SaysMoney(V.Name) && classTier(C, V, Ctx).isTier1())
        Report(V,
               describe(V) + " of tier-1 class '" + C.QualifiedName +
                   "' holds money in " + typeText(V),
               "", C.File, C.QualifiedName);
  }
}

} // namespace riskguard
