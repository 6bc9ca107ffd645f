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
#include "checks/FileChecks.h"
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
               const Program &Head, const Policy &P) {
  FunctionFacts Member;
  Member.File = C.File;
  Member.QualifiedName = C.QualifiedName + "::" + Field.Name;
  Member.Tier1Domain = C.Tier1Domain;
  Member.Tier1Level = C.Tier1Level;
  Member.NotTier1Level = C.NotTier1Level;
  Tier T = resolveTier(Member, P);
  if (T.isTier1())
    return T;
  for (const std::string &USR : C.Methods)
    if (std::optional<unsigned> Id = Head.findUSR(USR))
      if (Tier M = resolveTier(Head.function(*Id), P); M.isTier1())
        return M;
  return {};
}

} // namespace

/// Whether a name says its variable holds money (policy `money.names`).
static bool saysMoney(llvm::StringRef Name, const Policy &P) {
  std::string Lower = Name.lower();
  return llvm::any_of(P.MoneyNames, [&](const std::string &W) {
    return llvm::StringRef(Lower).contains(llvm::StringRef(W).lower());
  });
}

void findMoneyInFunction(const FunctionFacts &Fn, const Policy &P,
                         MoneyReport Report) {
  for (const FloatingValue &V : Fn.FloatingValues)
    if (saysMoney(V.Name, P))
      Report(V,
             describe(V) + " of tier-1 function '" + Fn.Name +
                 "' holds money in " + typeText(V) + Fix,
             describe(V));
}

void findMoneyInClass(const ClassFacts &C, const Program &Head, const Policy &P,
                      MoneyReport Report) {
  for (const FloatingValue &V : C.Fields)
    if (saysMoney(V.Name, P) && classTier(C, V, Head, P).isTier1())
      Report(V,
             describe(V) + " of tier-1 class '" + C.QualifiedName +
                 "' holds money in " + typeText(V) + Fix,
             describe(V));
}

void MoneyFloatingPoint::run(const CheckContext &Ctx,
                             std::vector<Finding> &Out) const {
  auto Reporter = [&](std::string Function, std::string File,
                      llvm::StringRef Owner) {
    return [&Out, Function, File, Owner](const FloatingValue &V,
                                         std::string Message,
                                         llvm::StringRef Key) {
      Finding F = makeFinding(RuleId, File, V.Line, V.Column);
      F.Function = Function;
      F.Message = std::move(Message);
      setFingerprint(F, Owner.str() + "\x1f" + Key.str());
      Out.push_back(std::move(F));
    };
  };

  for (const ChangedFunction &C : Ctx.Analysis.Changed) {
    if (!isLogicChangeAtHead(C, TierKind::Tier1))
      continue;
    const FunctionFacts &Fn = Ctx.Analysis.Head.function(*C.HeadId);
    findMoneyInFunction(Fn, Ctx.Rules, Reporter(Fn.Name, Fn.File, Fn.Name));
  }

  const std::vector<std::string> &Changed = Ctx.Analysis.ChangedFiles;
  for (const ClassFacts &C : Ctx.Analysis.Classes) {
    if (!std::binary_search(Changed.begin(), Changed.end(), C.File))
      continue;
    findMoneyInClass(C, Ctx.Analysis.Head, Ctx.Rules,
                     Reporter("", C.File, C.QualifiedName));
  }
}

} // namespace riskguard
