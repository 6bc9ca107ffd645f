//===- FactsTest.cpp - Facts extracted from real translation units --------===//
//
// Each test writes a few small sources into a fresh temporary directory,
// compiles them with clang++-19 flags built by hand, and checks the facts
// riskguard::indexTranslationUnits returns for them, exactly.
//
//===----------------------------------------------------------------------===//

#include "facts/Facts.h"
#include "TestSupport.h"
#include "facts/Extractor.h"
#include "facts/Indexer.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <map>
#include <string>
#include <vector>

using namespace riskguard;

namespace {

const char *const Annotations = RISKGUARD_TEST_DIR "/../annotations/include";

/// A temporary project: files under a real (symlink-free) root, compiled one
/// translation unit per source.
class FactsTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<256> Dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("riskguard-facts", Dir));
    llvm::SmallString<256> Real;
    ASSERT_FALSE(llvm::sys::fs::real_path(Dir, Real));
    Root = std::string(Real);
  }
  void TearDown() override {
    if (!Root.empty())
      llvm::sys::fs::remove_directories(Root);
  }

  /// Writes \p Contents to the repo-relative \p Path.
  void write(llvm::StringRef Path, llvm::StringRef Contents) {
    testsupport::writeFile(Root, Path, Contents);
  }

  /// The command a build would use for the repo-relative source \p Path.
  clang::tooling::CompileCommand command(llvm::StringRef Path,
                                         std::vector<std::string> Extra = {}) {
    std::string File = Root + "/" + Path.str();
    std::vector<std::string> Args = {"/usr/bin/clang++-19", "-std=c++17",
                                     std::string("-I") + Annotations};
    Args.insert(Args.end(), Extra.begin(), Extra.end());
    Args.insert(Args.end(), {"-c", File});
    return clang::tooling::CompileCommand(Root, File, Args, "");
  }

  std::vector<TUFacts> index(std::vector<clang::tooling::CompileCommand> Cmds,
                             const Snapshot *Overlay = nullptr,
                             unsigned Jobs = 1) {
    IndexOptions Options;
    Options.Paths = &Paths();
    Options.Overlay = Overlay;
    Options.Jobs = Jobs;
    return indexTranslationUnits(Cmds, Options);
  }

  /// Indexes the one source \p Path, which must parse without errors.
  TUFacts indexOk(llvm::StringRef Path, std::vector<std::string> Extra = {}) {
    std::vector<TUFacts> TUs = index({command(Path, Extra)});
    if (TUs.size() != 1) {
      ADD_FAILURE() << "expected one TU";
      return {};
    }
    for (const ParseError &E : TUs[0].Errors)
      ADD_FAILURE() << E.File << ":" << E.Line << ":" << E.Column << ": "
                    << E.Message;
    return TUs[0];
  }

  const PathMapper &Paths() {
    if (!Mapper)
      Mapper = std::make_unique<PathMapper>(Root);
    return *Mapper;
  }

  std::string Root;
  std::unique_ptr<PathMapper> Mapper;
};

/// The names of every function, in the TU's order.
std::vector<std::string> names(const TUFacts &TU) {
  std::vector<std::string> Out;
  for (const FunctionFacts &F : TU.Functions)
    Out.push_back(F.Name);
  return Out;
}

/// The function named \p Name (with its parameter list); fails if absent.
const FunctionFacts &get(const TUFacts &TU, llvm::StringRef Name) {
  for (const FunctionFacts &F : TU.Functions)
    if (F.Name == Name)
      return F;
  ADD_FAILURE() << "no function '" << Name.str()
                << "' among: " << llvm::join(names(TU), "; ");
  static const FunctionFacts None;
  return None;
}

/// Callees of \p F by name where the TU defines them, else "usr:<USR>".
std::vector<std::string> calleeNames(const TUFacts &TU,
                                     const FunctionFacts &F) {
  std::map<std::string, std::string> ByUSR;
  for (const FunctionFacts &G : TU.Functions)
    ByUSR[G.USR] = G.Name;
  std::vector<std::string> Out;
  for (const std::string &USR : F.Callees) {
    auto It = ByUSR.find(USR);
    Out.push_back(It == ByUSR.end() ? "usr:" + USR : It->second);
  }
  llvm::sort(Out);
  return Out;
}

/// Everything in the facts, one line per item, for whole-TU comparisons.
std::string dump(const TUFacts &TU) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << "main " << TU.MainFile << "\nfiles " << llvm::join(TU.Files, ",")
     << "\n";
  for (const FunctionFacts &F : TU.Functions) {
    OS << F.Name << " | " << F.QualifiedName << " | " << F.File << ":" << F.Line
       << ":" << F.Column << "-" << F.EndLine << " | usr " << F.USR
       << " | hash " << F.TokenHash << " | tier1 " << F.Tier1Domain << "/"
       << static_cast<int>(F.Tier1Level) << " | not " << F.NotTier1Reason << "/"
       << static_cast<int>(F.NotTier1Level) << " | owners "
       << llvm::join(F.Owners, ",") << " | min "
       << (F.MinApprovals ? std::to_string(*F.MinApprovals) : "-")
       << " | tested " << llvm::join(F.TestedBy, ",") << " | test "
       << F.TestName << " | callees " << llvm::join(F.Callees, ",")
       << " | overrides " << llvm::join(F.Overrides, ",") << " | hashed "
       << llvm::join(F.HashedFiles, ",") << " | marking "
       << llvm::join(F.MarkingFiles, ",") << " | units";
    for (const StatementUnit &U : F.Units) {
      OS << " " << U.TokenHash << (U.IsAssertion ? "a" : "s");
      for (unsigned C : U.Callees)
        OS << " c" << C;
      for (unsigned V : U.Variables)
        OS << " v" << V;
      OS << ";";
    }
    OS << "\n";
  }
  for (const ParseError &E : TU.Errors)
    OS << "error " << E.File << ":" << E.Line << ":" << E.Column << ": "
       << E.Message << "\n";
  return S;
}

/// Callees of \p F that no function of the TU defines, as USRs.
std::vector<std::string> unresolvedCallees(const TUFacts &TU,
                                           const FunctionFacts &F) {
  std::vector<std::string> Out;
  for (const std::string &USR : F.Callees)
    if (llvm::none_of(TU.Functions,
                      [&](const FunctionFacts &G) { return G.USR == USR; }))
      Out.push_back(USR);
  return Out;
}

/// The units of \p F, one line each: "assert" or "stmt", the functions it
/// calls by name as calleeNames gives them, its variables: "stmt f(int) v0".
std::vector<std::string> units(const TUFacts &TU, const FunctionFacts &F) {
  std::map<std::string, std::string> ByUSR;
  for (const FunctionFacts &G : TU.Functions)
    ByUSR[G.USR] = G.Name;
  std::vector<std::string> Out;
  for (const StatementUnit &U : F.Units) {
    std::string Line = U.IsAssertion ? "assert" : "stmt";
    for (unsigned C : U.Callees) {
      auto It = ByUSR.find(F.Callees[C]);
      Line += " " + (It == ByUSR.end() ? "usr:" + F.Callees[C] : It->second);
    }
    for (unsigned V : U.Variables)
      Line += " v" + std::to_string(V);
    Out.push_back(Line);
  }
  return Out;
}

/// The token hashes of \p F's units, sorted.
std::vector<uint64_t> unitHashes(const FunctionFacts &F) {
  std::vector<uint64_t> Out;
  for (const StatementUnit &U : F.Units)
    Out.push_back(U.TokenHash);
  llvm::sort(Out);
  return Out;
}

using Names = std::vector<std::string>;

//===----------------------------------------------------------------------===//
// Names, places and kinds of functions
//===----------------------------------------------------------------------===//

TEST_F(FactsTest, NamesCarryQualifiedNameAndParameterTypes) {
  // h is declared in ns before being defined outside it.
  write("a.cc", R"cc(#include <string>
namespace ns {
struct Money {
  Money(int C) : Cents(C) {}
  ~Money() { Cents = 0; }
  Money operator+(const Money &O) const { return Money(Cents + O.Cents); }
  bool operator==(const Money &O) const { return Cents == O.Cents; }
  explicit operator bool() const { return Cents != 0; }
  int get() const & { return Cents; }
  int get() && { return Cents; }
  static int zero() { return 0; }
  int Cents;
};
void f(int, const std::string &) {}
int variadic(int N, ...) { return N; }
Money g(const Money &M) { return M; }
Money h(const Money &M);
namespace inner {
int deep(long, unsigned char *) { return 0; }
}
} // namespace ns
ns::Money ns::h(const ns::Money &M) { return M; }
int global() { return 0; }
namespace {
int hidden() { return 0; }
}
)cc");
  TUFacts TU = indexOk("a.cc");
  EXPECT_EQ("a.cc", TU.MainFile);
  EXPECT_EQ(Names({"a.cc"}), TU.Files); // <string> is a system header.
  // Sorted by file, then line; parameter types print as the definition
  // spells them ("const Money &" inside ns, "const ns::Money &" outside).
  EXPECT_EQ(Names({
                "ns::Money::Money(int)",
                "ns::Money::~Money()",
                "ns::Money::operator+(const Money &) const",
                "ns::Money::operator==(const Money &) const",
                "ns::Money::operator bool() const",
                "ns::Money::get() const &",
                "ns::Money::get() &&",
                "ns::Money::zero()",
                "ns::f(int, const std::string &)",
                "ns::variadic(int, ...)",
                "ns::g(const Money &)",
                "ns::inner::deep(long, unsigned char *)",
                "ns::h(const ns::Money &)",
                "global()",
                "(anonymous namespace)::hidden()",
            }),
            names(TU));
  EXPECT_EQ("ns::Money::operator+",
            get(TU, "ns::Money::operator+(const Money &) const").QualifiedName);
  EXPECT_EQ("ns::Money::~Money", get(TU, "ns::Money::~Money()").QualifiedName);
  EXPECT_EQ("ns::f", get(TU, "ns::f(int, const std::string &)").QualifiedName);
  EXPECT_EQ("ns::inner::deep",
            get(TU, "ns::inner::deep(long, unsigned char *)").QualifiedName);
  // USRs are clang's: they tell overloads apart by parameter and qualifier.
  EXPECT_EQ("c:@N@ns@S@Money@F@get#1&",
            get(TU, "ns::Money::get() const &").USR);
  EXPECT_EQ("c:@N@ns@S@Money@F@get#&&", get(TU, "ns::Money::get() &&").USR);
  EXPECT_EQ("c:@N@ns@F@variadic#I.#", get(TU, "ns::variadic(int, ...)").USR);
  for (const FunctionFacts &F : TU.Functions) {
    EXPECT_EQ("a.cc", F.File) << F.Name;
    EXPECT_TRUE(F.TestName.empty()) << F.Name;
    EXPECT_EQ(AnnotationLevel::None, F.Tier1Level) << F.Name;
  }
}

TEST_F(FactsTest, LinesSpanTheWholeDefinitionAndStartAtItsFirstToken) {
  write("a.cc", R"cc(// line 1
int
split(int A,
      int B) {
  return A + B;
}
template <typename T>
T twice(T X) {
  return X + X;
}
struct S { int m() const; };
int S::m() const { return 1; }
#define GETTER(N) int N() { return 1; }
GETTER(one)
)cc");
  TUFacts TU = indexOk("a.cc");
  const FunctionFacts &Split = get(TU, "split(int, int)");
  EXPECT_EQ(2u, Split.Line);   // The return type's line...
  EXPECT_EQ(1u, Split.Column); // ...and its column.
  EXPECT_EQ(6u, Split.EndLine);
  const FunctionFacts &Twice = get(TU, "twice(T)");
  EXPECT_EQ(7u, Twice.Line); // The template header is part of it.
  EXPECT_EQ(1u, Twice.Column);
  EXPECT_EQ(10u, Twice.EndLine);
  const FunctionFacts &M = get(TU, "S::m() const");
  EXPECT_EQ(12u, M.Line);
  EXPECT_EQ(8u, M.Column);
  EXPECT_EQ(12u, M.EndLine);
  // A function a macro defines sits where the macro is used.
  const FunctionFacts &One = get(TU, "one()");
  EXPECT_EQ(14u, One.Line);
  EXPECT_EQ(1u, One.Column);
  EXPECT_EQ(14u, One.EndLine);
  // Declarations without a body and implicit members are not functions.
  EXPECT_EQ(Names({"split(int, int)", "twice(T)", "S::m() const", "one()"}),
            names(TU));
}

TEST_F(FactsTest, TemplatesAreFactsOnlyAsTheirPattern) {
  write("a.cc", R"cc(namespace ns {
template <typename T> T twice(T X) { return X + X; }
template <> char twice<char>(char X) { return X; }
template <typename T> struct Box {
  T V;
  T get() const { return twice(V); }
  template <typename U> U as() const { return U(V); }
};
int user() {
  Box<int> A{1};
  Box<long> B{2};
  return twice(1) + twice(2L) + twice('c') + A.get() + int(B.get()) +
         A.as<short>() + B.as<int>();
}
} // namespace ns
)cc");
  TUFacts TU = indexOk("a.cc");
  // One fact per template, none per instantiation; an explicit
  // specialization is a function of its own.
  EXPECT_EQ(Names({"ns::twice(T)", "ns::twice(char)", "ns::Box::get() const",
                   "ns::Box::as() const", "ns::user()"}),
            names(TU));
  // Calls to instantiations go to the pattern (Box<int>::get and
  // Box<long>::get are both Box<T>::get).
  EXPECT_EQ(Names({"ns::Box::as() const", "ns::Box::get() const",
                   "ns::twice(T)", "ns::twice(char)"}),
            calleeNames(TU, get(TU, "ns::user()")));
  EXPECT_EQ(Names({"ns::twice(T)"}),
            calleeNames(TU, get(TU, "ns::Box::get() const")));
  EXPECT_NE(get(TU, "ns::twice(T)").USR, get(TU, "ns::twice(char)").USR);
}

TEST_F(FactsTest, DependentCallInATemplateReachesEveryCandidate) {
  write("a.cc", R"cc(int over(int X) { return X; }
int over(const char *S) { return *S; }
int other(int X) { return X; }
template <typename T> int callsDependent(T X) { return over(X); }
int user() { return callsDependent(1); }
)cc");
  TUFacts TU = indexOk("a.cc");
  EXPECT_EQ(Names({"over(const char *)", "over(int)"}),
            calleeNames(TU, get(TU, "callsDependent(T)")));
  EXPECT_EQ(Names({"callsDependent(T)"}), calleeNames(TU, get(TU, "user()")));
}

/// \p Names without the callees no function of the TU defines ("usr:").
Names resolved(Names N) {
  llvm::erase_if(N, [](llvm::StringRef S) { return S.starts_with("usr:"); });
  return N;
}

TEST_F(FactsTest, MemberTemplateCallsTheMemberItNames) {
  write("a.cc", R"cc(namespace ledger {
class Value {
public:
  Value(long C) : Cents(C) {}
  bool is_greater_than(const Value &V) const { return Cents > V.Cents; }
  template <typename T> bool operator>(const T &amt) const {
    return is_greater_than(amt);
  }
  long Cents;
};
bool user(const Value &V) { return V > 3L; }
} // namespace ledger
)cc");
  TUFacts TU = indexOk("a.cc");
  // Lookup finds the member where the template is defined; the
  // instantiation for long also converts 3L into a Value.
  EXPECT_EQ(
      Names({"ledger::Value::Value(long)",
             "ledger::Value::is_greater_than(const Value &) const"}),
      calleeNames(TU, get(TU, "ledger::Value::operator>(const T &) const")));
  EXPECT_EQ(Names({"ledger::Value::operator>(const T &) const"}),
            calleeNames(TU, get(TU, "ledger::user(const Value &)")));
}

TEST_F(FactsTest, CrtpBaseCallsTheDerivedMembersItsInstantiationsResolve) {
  write("a.cc", R"cc(template <class D> struct Priced {
  int total() const { return static_cast<const D *>(this)->price() + 1; }
  template <class U> int with(const U &u) const {
    return static_cast<const D *>(this)->price() + u.extra();
  }
  int unused() const { return static_cast<const D *>(this)->never(); }
};
struct Item : Priced<Item> {
  int price() const { return 1; }
};
struct Bundle : Priced<Bundle> {
  int price() const { return 2; }
};
struct Gift {
  int extra() const { return 3; }
};
int user(const Item &I, const Bundle &B) {
  return I.total() + B.total() + I.with(Gift());
}
)cc");
  TUFacts TU = indexOk("a.cc");
  // Instantiations are no functions of their own.
  EXPECT_EQ(Names({"Priced::total() const", "Priced::with(const U &) const",
                   "Priced::unused() const", "Item::price() const",
                   "Bundle::price() const", "Gift::extra() const",
                   "user(const Item &, const Bundle &)"}),
            names(TU));
  // The pattern's call depends on D: Priced<Item> and Priced<Bundle>
  // resolve it, also in a member template of theirs.
  EXPECT_EQ(Names({"Bundle::price() const", "Item::price() const"}),
            calleeNames(TU, get(TU, "Priced::total() const")));
  EXPECT_EQ(Names({"Gift::extra() const", "Item::price() const"}),
            calleeNames(TU, get(TU, "Priced::with(const U &) const")));
  // A member that is never instantiated calls nothing.
  EXPECT_TRUE(get(TU, "Priced::unused() const").Callees.empty());
}

TEST_F(FactsTest, GenericHelpersCallWhatTheirInstantiationsCall) {
  write("a.cc", R"cc(namespace shop {
template <class T> auto apply(const T &t) { return t.fee(); }
template <class F> int run(F f) { return f(); }
template <class T> int twice(const T &t) { return apply(t) * 2; }
struct Order {
  int fee() const { return 1; }
};
struct Refund {
  int fee() const { return -1; }
};
struct Surcharge {
  int operator()() const { return 3; }
};
int base() { return 4; }
int user() {
  return apply(Order()) + twice(Refund()) + run(Surcharge()) + run(base) +
         run([] { return base(); });
}
} // namespace shop
)cc");
  TUFacts TU = indexOk("a.cc");
  // Refund::fee through twice<Refund>, which calls apply<Refund>.
  EXPECT_EQ(Names({"shop::Order::fee() const", "shop::Refund::fee() const"}),
            calleeNames(TU, get(TU, "shop::apply(const T &)")));
  EXPECT_EQ(Names({"shop::apply(const T &)"}),
            calleeNames(TU, get(TU, "shop::twice(const T &)")));
  // The object's call operator; a call through a function pointer goes
  // nowhere (the caller takes base's address), and a lambda's body is part
  // of the function it is written in.
  EXPECT_EQ(Names({"shop::Surcharge::operator()() const"}),
            resolved(calleeNames(TU, get(TU, "shop::run(F)"))));
  EXPECT_EQ(Names({"shop::apply(const T &)", "shop::base()", "shop::run(F)",
                   "shop::twice(const T &)"}),
            resolved(calleeNames(TU, get(TU, "shop::user()"))));
}

TEST_F(FactsTest, GenericLambdaCallsWhatItsSpecializationsCall) {
  write("a.cc", R"cc(struct Order {
  int fee() const { return 1; }
};
struct Refund {
  int fee() const { return -1; }
};
auto Global = [](const auto &O) { return O.fee(); };
int user() {
  auto Local = [](const auto &O) { return O.fee(); };
  return Local(Order()) + Global(Refund());
}
)cc");
  TUFacts TU = indexOk("a.cc");
  EXPECT_EQ(Names({"Global(const auto &) const", "Order::fee() const"}),
            resolved(calleeNames(TU, get(TU, "user()"))));
  EXPECT_EQ(Names({"Refund::fee() const"}),
            resolved(calleeNames(TU, get(TU, "Global(const auto &) const"))));
}

TEST_F(FactsTest, ForeignTemplatesCallProjectFunctionsForTheirCaller) {
  write("a.cc", R"cc(#include <algorithm>
#include <boost/operators.hpp>
#include <numeric>
#include <vector>
namespace shop {
struct Item {
  int Cents;
};
struct ByCents {
  bool operator()(const Item &A, const Item &B) const { return A.Cents < B.Cents; }
};
struct AddCents {
  int operator()(int S, const Item &I) const { return S + I.Cents; }
};
struct Value : boost::less_than_comparable<Value> {
  bool operator<(const Value &V) const { return false; }
};
void sortAll(std::vector<Item> &V) { std::sort(V.begin(), V.end(), ByCents()); }
int sum(const std::vector<Item> &V) {
  return std::accumulate(V.begin(), V.end(), 0, AddCents());
}
bool greater(const Value &A, const Value &B) { return A > B; }
template <class T> void sortAny(std::vector<T> &V) {
  std::sort(V.begin(), V.end(), ByCents());
}
void user(std::vector<Item> &V) { sortAny(V); }
} // namespace shop
)cc");
  TUFacts TU = indexOk("a.cc");
  // std::sort calls the comparator, std::accumulate the functor, Boost's
  // operator> (a hidden friend of a Boost template) the class's operator<.
  EXPECT_EQ(
      Names({"shop::ByCents::operator()(const Item &, const Item &) const"}),
      resolved(calleeNames(TU, get(TU, "shop::sortAll(std::vector<Item> &)"))));
  EXPECT_EQ(Names({"shop::AddCents::operator()(int, const Item &) const"}),
            resolved(calleeNames(
                TU, get(TU, "shop::sum(const std::vector<Item> &)"))));
  EXPECT_EQ(
      Names({"shop::Value::operator<(const Value &) const"}),
      calleeNames(TU, get(TU, "shop::greater(const Value &, const Value &)")));
  // Also when a project template's instantiation makes the call.
  EXPECT_EQ(
      Names({"shop::ByCents::operator()(const Item &, const Item &) const"}),
      resolved(calleeNames(TU, get(TU, "shop::sortAny(std::vector<T> &)"))));
  // No edge goes into the system headers, and none to the implicit members
  // they use (Item's moves), which have no facts.
  for (const FunctionFacts &F : TU.Functions)
    for (const std::string &USR : F.Callees) {
      llvm::StringRef U = USR;
      EXPECT_FALSE(U.starts_with("c:@N@std@") || U.starts_with("c:@N@boost@") ||
                   U.contains("@S@Item@F@"))
          << F.Name << " calls " << USR;
    }
}

TEST_F(FactsTest, CallsOfInstantiationsBelongToTheUnitsThatSpellThem) {
  write("a.cc", R"cc(template <class T> int check() {
  T V;
  int A = V.fee();
  int B = 2;
  return A + B + V.other();
}
struct Order {
  int fee() const { return 1; }
  int other() const { return 2; }
};
int user() { return check<Order>(); }
)cc");
  TUFacts TU = indexOk("a.cc");
  const FunctionFacts &Check = get(TU, "check()");
  EXPECT_EQ(Names({"Order::fee() const", "Order::other() const"}),
            resolved(calleeNames(TU, Check)));
  // `T V;` constructs an Order, implicitly: a USR without facts.
  EXPECT_EQ(
      Names({"stmt usr:c:@S@Order@F@Order# v0", "stmt Order::fee() const v0 v1",
             "stmt v2", "stmt Order::other() const v0 v1 v2"}),
      units(TU, Check));
}

TEST_F(FactsTest, LambdasAreNotFunctionsAndTheirCallsBelongToTheEnclosingOne) {
  write("a.cc", R"cc(namespace ns {
int helper(int X) { return X; }
int other(int X) { return X; }
int user(int Y) {
  auto L = [&](int Z) { return helper(Z) + Y; };
  auto Generic = [](auto Z) {
    auto Nested = [](int W) { return other(W); };
    return Nested(int(Z));
  };
  return L(1) + Generic(2);
}
} // namespace ns
)cc");
  TUFacts TU = indexOk("a.cc");
  EXPECT_EQ(Names({"ns::helper(int)", "ns::other(int)", "ns::user(int)"}),
            names(TU));
  const FunctionFacts &User = get(TU, "ns::user(int)");
  std::vector<std::string> Callees = calleeNames(TU, User);
  llvm::erase_if(Callees,
                 [](llvm::StringRef N) { return N.starts_with("usr:"); });
  EXPECT_EQ(Names({"ns::helper(int)", "ns::other(int)"}), Callees);
  // What the lambdas' closure classes contribute (their call operators,
  // their implicit destructors) stays as unresolved USRs of the lambda
  // ("@Sa@"): no function of the program.
  for (const std::string &USR : unresolvedCallees(TU, User))
    EXPECT_NE(std::string::npos, USR.find("@Sa@")) << USR;
  // The line span covers the lambdas, so a change in them changes user.
  EXPECT_EQ(4u, User.Line);
  EXPECT_EQ(11u, User.EndLine);
}

//===----------------------------------------------------------------------===//
// Callees and overrides
//===----------------------------------------------------------------------===//

TEST_F(FactsTest, CalleesAreCallsConstructionsOperatorsAndAddressesTaken) {
  write("inc/money.h", R"cc(#pragma once
namespace ns {
int helper(int X);
inline int inl(int X) { return helper(X) + 1; }
struct Money {
  Money(int C) : Cents(C) {}
  Money operator+(const Money &O) const { return Money(Cents + O.Cents); }
  int cents() const { return Cents; }
  int Cents;
};
bool operator<(const Money &A, const Money &B);
} // namespace ns
)cc");
  write("a.cc", R"cc(#include "inc/money.h"
#include <algorithm>
#include <string>
namespace ns {
int helper(int X) { return X; }
bool operator<(const Money &A, const Money &B) { return A.Cents < B.Cents; }
int apply(int (*Fn)(int), int X) { return Fn(X); }
int recurse(int N) { return N ? recurse(N - 1) : 0; }
int user() {
  Money A(1), B = 2;
  Money *C = new Money(A + B);
  std::string S = "x";
  int R = std::max(1, 2) + int(S.size()) + C->cents() + (A < B);
  delete C;
  return R + apply(inl, 1) + apply(&helper, 2);
}
} // namespace ns
)cc");
  TUFacts TU = indexOk("a.cc");
  EXPECT_EQ(
      Names({"ns::helper(int)", "ns::operator<(const Money &, const Money &)",
             "ns::apply(int (*)(int), int)", "ns::recurse(int)", "ns::user()",
             "ns::inl(int)", "ns::Money::Money(int)",
             "ns::Money::operator+(const Money &) const",
             "ns::Money::cents() const"}),
      names(TU));
  // Direct calls, constructor calls (also in `new` and copy-init), member and
  // non-member operators, functions whose address is taken, and the
  // destructors that run (Money's is implicit: a USR without facts);
  // nothing from system headers (std::max, std::string).
  EXPECT_EQ(
      Names({"ns::Money::Money(int)", "ns::Money::cents() const",
             "ns::Money::operator+(const Money &) const",
             "ns::apply(int (*)(int), int)", "ns::helper(int)", "ns::inl(int)",
             "ns::operator<(const Money &, const Money &)",
             "usr:c:@N@ns@S@Money@F@~Money#"}),
      calleeNames(TU, get(TU, "ns::user()")));
  // A function is not its own callee.
  EXPECT_TRUE(get(TU, "ns::recurse(int)").Callees.empty());
  // Calls through a function pointer go nowhere.
  EXPECT_TRUE(get(TU, "ns::apply(int (*)(int), int)").Callees.empty());
  EXPECT_EQ(
      Names({"ns::Money::Money(int)"}),
      calleeNames(TU, get(TU, "ns::Money::operator+(const Money &) const")));
  // Callees are sorted and unique.
  for (const FunctionFacts &F : TU.Functions) {
    std::vector<std::string> Sorted = F.Callees;
    llvm::sort(Sorted);
    Sorted.erase(std::unique(Sorted.begin(), Sorted.end()), Sorted.end());
    EXPECT_EQ(Sorted, F.Callees) << F.Name;
  }
}

// Destructors run implicitly at the end of a scope, for temporaries and by
// `delete`: a test that makes an object reaches its destructor.
TEST_F(FactsTest, ImplicitDestructorCallsAreCallees) {
  write("a.cc", R"cc(struct Guard {
  Guard() {}
  ~Guard() { release(); }
  void release() {}
};
void user() { Guard G; }
void owner() { delete new Guard(); }
void temporary() { Guard().release(); }
)cc");
  TUFacts TU = indexOk("a.cc");
  auto Known = [&](const FunctionFacts &F) {
    std::vector<std::string> Out = calleeNames(TU, F);
    llvm::erase_if(Out,
                   [](llvm::StringRef N) { return N.starts_with("usr:"); });
    return Out;
  };
  EXPECT_EQ(Names({"Guard::Guard()", "Guard::~Guard()"}),
            Known(get(TU, "user()")));
  EXPECT_EQ(Names({"Guard::Guard()", "Guard::~Guard()"}),
            Known(get(TU, "owner()")));
  EXPECT_EQ(Names({"Guard::Guard()", "Guard::release()", "Guard::~Guard()"}),
            Known(get(TU, "temporary()")));
  EXPECT_EQ(Names({"Guard::release()"}), Known(get(TU, "Guard::~Guard()")));
}

// Clang gives a function with internal linkage (static, or in an anonymous
// namespace) a USR made of the file's *base name* and its signature; the
// repo path keeps two of them in src/a/util.cc and src/b/util.cc apart.
TEST_F(FactsTest, FileLocalFunctionsOfSameNamedFilesHaveDistinctUSRs) {
  write("src/a/util.cc", "static int helper(int X) { return X; }\n"
                         "namespace { int hidden() { return 1; } }\n");
  write("src/b/util.cc", "static int helper(int X) { return -X; }\n"
                         "namespace { int hidden() { return 2; } }\n");
  std::vector<TUFacts> TUs =
      index({command("src/a/util.cc"), command("src/b/util.cc")});
  ASSERT_EQ(2u, TUs.size());
  EXPECT_NE(get(TUs[0], "helper(int)").USR, get(TUs[1], "helper(int)").USR);
  EXPECT_NE(get(TUs[0], "(anonymous namespace)::hidden()").USR,
            get(TUs[1], "(anonymous namespace)::hidden()").USR);
}

// A lambda outside any function (a namespace-scope variable's initializer)
// has no enclosing function to belong to: it is a function of its own,
// named after the variable, and calling the variable calls it.
TEST_F(FactsTest, NamespaceScopeLambdaBodyIsAFunctionNamedAfterItsVariable) {
  write("a.cc", R"cc(int helper(int X) { return X; }
auto Fee = [](int Cents) {
  return helper(Cents) / 10;
};
int total(int Cents) { return Cents + Fee(Cents); }
)cc");
  TUFacts TU = indexOk("a.cc");
  EXPECT_TRUE(llvm::any_of(TU.Functions, [](const FunctionFacts &F) {
    return F.Line <= 3 && 3 <= F.EndLine;
  })) << llvm::join(names(TU), "; ");
  EXPECT_EQ(Names({"helper(int)"}), calleeNames(TU, get(TU, "Fee(int) const")));
  EXPECT_EQ(Names({"Fee(int) const"}), calleeNames(TU, get(TU, "total(int)")));
}

TEST_F(FactsTest, OverridesNameTheMethodsOverriddenDirectly) {
  write("inc/pay.h", R"cc(#pragma once
namespace pay {
struct Gateway {
  virtual ~Gateway() = default;
  virtual int charge(int C) { return C; }
  virtual int refund(int C) = 0;
};
struct Card : Gateway {
  int charge(int C) override;
  int refund(int C) override { return -C; }
};
struct Gift final : Card {
  int charge(int C) override { return C + 1; }
};
} // namespace pay
)cc");
  write("a.cc", R"cc(#include "inc/pay.h"
namespace pay {
int Card::charge(int C) { return C * 2; }
int settle(Gateway &G) { return G.refund(1) + G.charge(2); }
} // namespace pay
)cc");
  TUFacts TU = indexOk("a.cc");
  EXPECT_EQ(Names({"pay::Card::charge(int)", "pay::settle(Gateway &)",
                   "pay::Gateway::charge(int)", "pay::Card::refund(int)",
                   "pay::Gift::charge(int)"}),
            names(TU));
  const std::string GatewayCharge = get(TU, "pay::Gateway::charge(int)").USR;
  const std::string CardCharge = get(TU, "pay::Card::charge(int)").USR;
  EXPECT_EQ(Names({GatewayCharge}),
            get(TU, "pay::Card::charge(int)").Overrides);
  // Only the direct override; Program closes the chain.
  EXPECT_EQ(Names({CardCharge}), get(TU, "pay::Gift::charge(int)").Overrides);
  // A pure virtual method has no facts, but it is still named.
  EXPECT_EQ(Names({"c:@N@pay@S@Gateway@F@refund#I#"}),
            get(TU, "pay::Card::refund(int)").Overrides);
  EXPECT_TRUE(get(TU, "pay::Gateway::charge(int)").Overrides.empty());
  // A virtual call names the method of the static type.
  const FunctionFacts &Settle = get(TU, "pay::settle(Gateway &)");
  EXPECT_EQ(Names({"pay::Gateway::charge(int)",
                   "usr:c:@N@pay@S@Gateway@F@refund#I#"}),
            calleeNames(TU, Settle));
  EXPECT_EQ(Names({"c:@N@pay@S@Gateway@F@refund#I#"}),
            unresolvedCallees(TU, Settle));
}

//===----------------------------------------------------------------------===//
// Annotations
//===----------------------------------------------------------------------===//

TEST_F(FactsTest, AnnotationsOnFunctionClassAndNamespace) {
  write("inc/shop.h", R"cc(#pragma once
#include <riskguard/annotations.h>
namespace RG_TIER1("payment") RG_OWNERS("@shop/payments") pay {
int charge(int C);
RG_NOT_TIER1("logging only") void trace();
}
namespace shop {
class RG_TIER1("transaction") RG_OWNERS("@shop/checkout", "carol")
    RG_MIN_APPROVALS(1 + 2) Cart {
public:
  int total() const;
  RG_NOT_TIER1("debug only") int dump() const;
  RG_TIER1("pricing") RG_OWNERS("alice") RG_TESTED_BY("CartTest.B", "CartTest.A")
  int price() const;
  RG_TESTED_BY("CartTest.A") RG_MIN_APPROVALS(2) int size() const { return 0; }
  struct RG_TESTED_BY("LineTest.X") Line { int cents() const { return 1; } };
};
int free();
}
)cc");
  write("a.cc", R"cc(#include "inc/shop.h"
// The .cc files reopen the namespace without the annotation.
namespace pay {
int charge(int C) { return C; }
void trace() {}
}
namespace shop {
int Cart::total() const { return size(); }
int Cart::dump() const { return 0; }
int Cart::price() const { return 1; }
int free() { return 0; }
}
)cc");
  TUFacts TU = indexOk("a.cc");

  const FunctionFacts &Charge = get(TU, "pay::charge(int)");
  EXPECT_EQ("payment", Charge.Tier1Domain);
  EXPECT_EQ(AnnotationLevel::Namespace, Charge.Tier1Level);
  EXPECT_EQ(AnnotationLevel::None, Charge.NotTier1Level);
  EXPECT_EQ(Names({"@shop/payments"}), Charge.Owners);
  EXPECT_EQ(std::nullopt, Charge.MinApprovals);
  EXPECT_TRUE(Charge.TestedBy.empty());

  const FunctionFacts &Trace = get(TU, "pay::trace()");
  EXPECT_EQ("payment", Trace.Tier1Domain);
  EXPECT_EQ(AnnotationLevel::Namespace, Trace.Tier1Level);
  EXPECT_EQ(AnnotationLevel::Function, Trace.NotTier1Level);
  EXPECT_EQ("logging only", Trace.NotTier1Reason);

  const FunctionFacts &Total = get(TU, "shop::Cart::total() const");
  EXPECT_EQ("transaction", Total.Tier1Domain);
  EXPECT_EQ(AnnotationLevel::Class, Total.Tier1Level);
  EXPECT_EQ(Names({"@shop/checkout", "carol"}), Total.Owners);
  EXPECT_EQ(std::optional<unsigned>(3), Total.MinApprovals);

  const FunctionFacts &Dump = get(TU, "shop::Cart::dump() const");
  EXPECT_EQ(AnnotationLevel::Class, Dump.Tier1Level);
  EXPECT_EQ(AnnotationLevel::Function, Dump.NotTier1Level);
  EXPECT_EQ("debug only", Dump.NotTier1Reason);

  // The closest of each annotation wins; tested_by accumulates.
  const FunctionFacts &Price = get(TU, "shop::Cart::price() const");
  EXPECT_EQ("pricing", Price.Tier1Domain);
  EXPECT_EQ(AnnotationLevel::Function, Price.Tier1Level);
  EXPECT_EQ(Names({"alice"}), Price.Owners);
  EXPECT_EQ(std::optional<unsigned>(3), Price.MinApprovals);
  EXPECT_EQ(Names({"CartTest.A", "CartTest.B"}), Price.TestedBy);

  const FunctionFacts &Size = get(TU, "shop::Cart::size() const");
  EXPECT_EQ("inc/shop.h", Size.File);
  EXPECT_EQ(std::optional<unsigned>(2), Size.MinApprovals);
  EXPECT_EQ(Names({"CartTest.A"}), Size.TestedBy);

  // A nested class is inside its enclosing one.
  const FunctionFacts &Cents = get(TU, "shop::Cart::Line::cents() const");
  EXPECT_EQ("transaction", Cents.Tier1Domain);
  EXPECT_EQ(AnnotationLevel::Class, Cents.Tier1Level);
  EXPECT_EQ(Names({"LineTest.X"}), Cents.TestedBy);

  const FunctionFacts &Free = get(TU, "shop::free()");
  EXPECT_EQ(AnnotationLevel::None, Free.Tier1Level);
  EXPECT_TRUE(Free.Tier1Domain.empty());
  EXPECT_TRUE(Free.Owners.empty());
}

TEST_F(FactsTest, AnnotationOnHeaderDeclarationReachesDefinitionInSource) {
  write("inc/pricing.h", R"cc(#pragma once
#include <riskguard/annotations.h>
namespace pricing {
RG_TIER1("pricing") RG_TESTED_BY("PricingTest.Discount")
long discount(long Cents, int Percent);
}
)cc");
  write("src/discount.cc", R"cc(#include "inc/pricing.h"

namespace pricing {
long discount(long Cents, int Percent) { return Cents * Percent / 100; }
}
)cc");
  TUFacts TU = indexOk("src/discount.cc", {"-I" + Root});
  EXPECT_EQ(Names({"inc/pricing.h", "src/discount.cc"}), TU.Files);
  ASSERT_EQ(1u, TU.Functions.size());
  const FunctionFacts &F = TU.Functions[0];
  EXPECT_EQ("pricing::discount(long, int)", F.Name);
  EXPECT_EQ("src/discount.cc", F.File);
  EXPECT_EQ(4u, F.Line);
  EXPECT_EQ("pricing", F.Tier1Domain);
  EXPECT_EQ(AnnotationLevel::Function, F.Tier1Level);
  EXPECT_EQ(Names({"PricingTest.Discount"}), F.TestedBy);
}

TEST_F(FactsTest, AttributeSpelledDirectlyCountsAndOtherAnnotationsDoNot) {
  write("a.cc", R"cc(
[[clang::annotate("riskguard.tier1", "ledger")]] int book() { return 1; }
[[clang::annotate("other.tier1", "ledger")]] int other() { return 1; }
[[clang::annotate("riskguard.owners", "@a/b", "c")]]
[[clang::annotate("riskguard.min_approvals", 4)]] int owned() { return 1; }
)cc");
  TUFacts TU = indexOk("a.cc");
  EXPECT_EQ("ledger", get(TU, "book()").Tier1Domain);
  EXPECT_EQ(AnnotationLevel::Function, get(TU, "book()").Tier1Level);
  EXPECT_EQ(AnnotationLevel::None, get(TU, "other()").Tier1Level);
  EXPECT_EQ(Names({"@a/b", "c"}), get(TU, "owned()").Owners);
  EXPECT_EQ(std::optional<unsigned>(4), get(TU, "owned()").MinApprovals);
}

//===----------------------------------------------------------------------===//
// Tests
//===----------------------------------------------------------------------===//

TEST_F(FactsTest, GoogleTestBodiesAreNamedSuiteDotName) {
  write("t.cc", R"cc(#include <gtest/gtest.h>
int price(int);
TEST(PricingTest, Applies) { EXPECT_EQ(price(1), 1); }
struct Fix : ::testing::Test {
  void SetUp() override { price(0); }
};
TEST_F(Fix, Works) {
  EXPECT_EQ(price(2), 2);
}
struct Param : ::testing::TestWithParam<int> {};
TEST_P(Param, Each) { EXPECT_EQ(price(GetParam()), 1); }
INSTANTIATE_TEST_SUITE_P(Prices, Param, ::testing::Values(1, 2));
template <typename T> struct Typed : ::testing::Test {
  void TearDown() override { price(4); }
};
using Types = ::testing::Types<int, long>;
TYPED_TEST_SUITE(Typed, Types);
TYPED_TEST(Typed, Sizes) { EXPECT_EQ(price(sizeof(TypeParam)), 1); }
int helper() { return price(3); }
struct Shared : Fix {
  Shared() { price(5); }
  static void SetUpTestSuite() { price(6); }
  void SetUp() override { Fix::SetUp(); }
};
TEST_F(Shared, Setup) {}
)cc");
  TUFacts TU = indexOk("t.cc");
  EXPECT_EQ(Names({"t.cc"}), TU.Files);
  std::map<std::string, std::string> Tests;
  for (const FunctionFacts &F : TU.Functions)
    if (!F.TestName.empty())
      Tests[F.TestName] = F.Name;
  EXPECT_EQ((std::map<std::string, std::string>{
                {"PricingTest.Applies", "PricingTest_Applies_Test::TestBody()"},
                {"Fix.Works", "Fix_Works_Test::TestBody()"},
                {"Param.Each", "Param_Each_Test::TestBody()"},
                {"Typed.Sizes", "Typed_Sizes_Test::TestBody()"},
                {"Shared.Setup", "Shared_Setup_Test::TestBody()"},
            }),
            Tests);
  const FunctionFacts &Works = get(TU, "Fix_Works_Test::TestBody()");
  EXPECT_EQ(7u, Works.Line);
  EXPECT_EQ(9u, Works.EndLine);
  // GoogleTest calls the fixture's SetUp, TearDown and SetUpTestSuite, and
  // constructs it, around the body: the test reaches them. The SetUp of the
  // most derived fixture is the one that runs.
  EXPECT_EQ(Names({"Fix::SetUp()", "usr:c:@F@price#I#"}),
            calleeNames(TU, Works));
  EXPECT_EQ(Names({"Typed::TearDown()", "usr:c:@F@price#I#"}),
            calleeNames(TU, get(TU, "Typed_Sizes_Test::TestBody()")));
  EXPECT_EQ(Names({"Shared::SetUp()", "Shared::SetUpTestSuite()",
                   "Shared::Shared()"}),
            calleeNames(TU, get(TU, "Shared_Setup_Test::TestBody()")));
  EXPECT_TRUE(get(TU, "Fix::SetUp()").TestName.empty());
  EXPECT_TRUE(get(TU, "helper()").TestName.empty());
}

/// Test name -> function name, for the tests of \p TU.
std::map<std::string, std::string> testsOf(const TUFacts &TU) {
  std::map<std::string, std::string> Tests;
  for (const FunctionFacts &F : TU.Functions)
    if (!F.TestName.empty())
      Tests[F.TestName] = F.Name;
  return Tests;
}

/// The names of the tests of \p TU, sorted.
std::vector<std::string> testNames(const TUFacts &TU) {
  std::vector<std::string> Out;
  for (const auto &[Name, Function] : testsOf(TU))
    Out.push_back(Name);
  return Out;
}

/// The function of the test named \p Name; fails if absent.
const FunctionFacts &getTest(const TUFacts &TU, llvm::StringRef Name) {
  for (const FunctionFacts &F : TU.Functions)
    if (F.TestName == Name)
      return F;
  ADD_FAILURE() << "no test '" << Name.str() << "'";
  static const FunctionFacts None;
  return None;
}

// The real Catch2 2 header (Debian's catch2).
TEST_F(FactsTest, Catch2TestsAreNamedByTheirNameString) {
  write("t.cc", R"cc(#include <catch2/catch.hpp>
int price(int);
TEST_CASE("prices add up", "[pricing]") { price(1); }
SCENARIO("a coupon is applied") { price(2); }
TEST_CASE("split "
          "name") { price(3); }
struct Till {
  Till() { Open = price(4); }
  ~Till() { price(5); }
  int Open = 0;
};
TEST_CASE_METHOD(Till, "the till opens") { price(Open); }
SCENARIO_METHOD(Till, "a till scenario") { price(6); }
TEMPLATE_TEST_CASE("prices of any width", "[pricing]", int, long) {
  price(sizeof(TestType));
}
template <typename T> struct Drawer {
  Drawer() { price(7); }
};
TEMPLATE_TEST_CASE_METHOD(Drawer, "a drawer of any width", "", int, long) {
  price(8);
}
)cc");
  TUFacts TU = indexOk("t.cc");
  EXPECT_EQ((std::vector<std::string>{
                "Scenario: a coupon is applied", "Scenario: a till scenario",
                "a drawer of any width", "prices add up", "prices of any width",
                "split name", "the till opens"}),
            testNames(TU));
  // Catch2 names a test's function by a counter: the test's name is its
  // identity instead.
  EXPECT_EQ("c:@riskguard-test@t.cc@prices add up",
            getTest(TU, "prices add up").USR);
  // A fixture's constructor and destructor run around the body.
  EXPECT_EQ(Names({"Till::Till()", "Till::~Till()", "usr:c:@F@price#I#"}),
            calleeNames(TU, getTest(TU, "the till opens")));
  EXPECT_EQ(Names({"Till::Till()", "Till::~Till()", "usr:c:@F@price#I#"}),
            calleeNames(TU, getTest(TU, "Scenario: a till scenario")));
  EXPECT_EQ(Names({"Drawer::Drawer<T>()", "usr:c:@F@price#I#"}),
            calleeNames(TU, getTest(TU, "a drawer of any width")));
  EXPECT_EQ(Names({"usr:c:@F@price#I#"}),
            calleeNames(TU, getTest(TU, "prices of any width")));
}

// The real doctest header (Debian's doctest-dev).
TEST_F(FactsTest, DoctestTestsAreNamedByTheirNameString) {
  write("t.cc", R"cc(#include <doctest/doctest.h>
int price(int);
TEST_CASE("prices add up") { price(1); }
TEST_CASE("a slow one" * doctest::skip()) { price(2); }
SCENARIO("a coupon is applied") { price(3); }
struct Till {
  Till() { Open = price(4); }
  int Open = 0;
};
TEST_CASE_FIXTURE(Till, "the till opens") { price(Open); }
TEST_CASE_TEMPLATE("prices of any width", T, int, long) { price(sizeof(T)); }
TEST_SUITE("checkout") {
  TEST_CASE("in a suite") { price(5); }
}
DOCTEST_TEST_CASE("prefixed") { price(6); }
)cc");
  TUFacts TU = indexOk("t.cc");
  EXPECT_EQ(
      (std::vector<std::string>{"  Scenario: a coupon is applied", "a slow one",
                                "in a suite", "prefixed", "prices add up",
                                "prices of any width", "the till opens"}),
      testNames(TU));
  EXPECT_EQ("c:@riskguard-test@t.cc@the till opens",
            getTest(TU, "the till opens").USR);
  EXPECT_EQ(Names({"Till::Till()", "usr:c:@F@price#I#"}),
            calleeNames(TU, getTest(TU, "the till opens")));
  EXPECT_EQ(Names({"usr:c:@F@price#I#"}),
            calleeNames(TU, getTest(TU, "prices of any width")));
}

// The real Boost.Test header (Debian's libboost-test-dev), as a program
// linked with the shared library would include it.
TEST_F(FactsTest, BoostTestsAreNamedByTheirSuitePath) {
  write("t.cc", R"cc(#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE pricing
#include <boost/test/unit_test.hpp>
#include <boost/mpl/list.hpp>
int price(int);
struct Till {
  Till() { Open = price(1); }
  ~Till() { price(2); }
  void setup() { price(3); }
  int Open = 0;
};
BOOST_AUTO_TEST_CASE(top_level) { price(4); }
BOOST_AUTO_TEST_SUITE(checkout)
BOOST_AUTO_TEST_SUITE(totals)
BOOST_AUTO_TEST_CASE(add_up, *boost::unit_test::label("fast")) { price(5); }
BOOST_AUTO_TEST_SUITE_END()
BOOST_FIXTURE_TEST_CASE(till_opens, Till) { price(Open); }
typedef boost::mpl::list<int, long> Widths;
BOOST_AUTO_TEST_CASE_TEMPLATE(any_width, T, Widths) { price(sizeof(T)); }
BOOST_AUTO_TEST_SUITE_END()
BOOST_FIXTURE_TEST_SUITE(with_till, Till)
BOOST_AUTO_TEST_CASE(uses_till) { price(Open); }
BOOST_AUTO_TEST_SUITE_END()
)cc");
  TUFacts TU = indexOk("t.cc");
  EXPECT_EQ(
      (std::map<std::string, std::string>{
          {"top_level", "top_level::test_method()"},
          {"checkout/totals/add_up", "checkout::totals::add_up::test_method()"},
          {"checkout/till_opens", "checkout::till_opens::test_method()"},
          {"checkout/any_width", "checkout::any_width::test_method()"},
          {"with_till/uses_till", "with_till::uses_till::test_method()"},
      }),
      testsOf(TU));
  // Boost.Test names its test functions after the test: the USR is Clang's.
  EXPECT_EQ("c:@N@checkout@N@totals@S@add_up@F@test_method#",
            getTest(TU, "checkout/totals/add_up").USR);
  EXPECT_EQ(Names({"Till::Till()", "Till::setup()", "Till::~Till()",
                   "usr:c:@F@price#I#"}),
            calleeNames(TU, getTest(TU, "checkout/till_opens")));
  EXPECT_EQ(Names({"Till::Till()", "Till::setup()", "Till::~Till()",
                   "usr:c:@F@price#I#"}),
            calleeNames(TU, getTest(TU, "with_till/uses_till")));
  EXPECT_EQ(Names({"usr:c:@F@price#I#"}),
            calleeNames(TU, getTest(TU, "checkout/any_width")));
}

//===----------------------------------------------------------------------===//
// Statement units
//===----------------------------------------------------------------------===//

TEST_F(FactsTest, UnitsAreStatementsAndTheHeadersOfControlStatements) {
  write("t.cc", R"cc(int price(int);
int tax(int);
void log(int);
int body(int N) {
  int Total = price(N);
  if (Total > tax(N)) {
    log(Total);
  } else if (N) {
    Total = 0;
  }
  for (int I = 0; I < N; ++I)
    log(I);
  while (N--) {
    {
      log(N);
    }
  }
  do
    log(1);
  while (tax(0));
  switch (N) {
  case 1:
    log(2);
    break;
  default:
    ;
  }
  int Xs[] = {1, 2};
  for (int X : Xs) log(X);
  try {
    price(3);
  } catch (int E) {
    log(E);
  }
  return Total;
}
)cc");
  TUFacts TU = indexOk("t.cc");
  // Variables by first appearance: Total 0, N 1, I 2, Xs 3, X 4, E 5.
  EXPECT_EQ(Names({
                "usr:c:@F@price#I# v0 v1", // int Total = price(N);
                "usr:c:@F@tax#I# v0 v1",   // if (Total > tax(N))
                "usr:c:@F@log#I# v0",      // log(Total);
                "v1",                      // if (N)
                "v0",                      // Total = 0;
                "v1 v2",                   // for (int I = 0; I < N; ++I)
                "usr:c:@F@log#I# v2",      // log(I);
                "v1",                      // while (N--)
                "usr:c:@F@log#I# v1",      // log(N); in a nested block
                "usr:c:@F@tax#I#",         // while (tax(0)) of the do
                "usr:c:@F@log#I#",         // log(1);
                "v1",                      // switch (N)
                "",                        // case 1:
                "usr:c:@F@log#I#",         // log(2);
                "",                        // break;
                "",                        // default:
                "",                        // ;
                "v3",                      // int Xs[] = {1, 2};
                "v3 v4",                   // for (int X : Xs)
                "usr:c:@F@log#I# v4",      // log(X);
                "usr:c:@F@price#I#",       // price(3);
                "v5",                      // catch (int E)
                "usr:c:@F@log#I# v5",      // log(E);
                "v0",                      // return Total;
            }),
            [&] {
              Names Out;
              for (std::string U : units(TU, get(TU, "body(int)")))
                Out.push_back(llvm::StringRef(U).drop_front(4).ltrim().str());
              return Out;
            }());
  for (const std::string &U : units(TU, get(TU, "body(int)")))
    EXPECT_TRUE(llvm::StringRef(U).starts_with("stmt")) << U;
}

TEST_F(FactsTest, UnitHashesIgnoreLayoutAndWrappingButNotLiterals) {
  write("t.cc", R"cc(int price(int);
void log(int);
void before(int N) {
  int R = price(N);
  log(R);
}
void wrapped(int N) {
  if (true) {
    int R = price(N);  // Same statements, inside a new block.
    log(R);
  }
}
void edited(int N) {
  int R = price(N + 1);
  log(R);
}
)cc");
  TUFacts TU = indexOk("t.cc");
  std::vector<uint64_t> Before = unitHashes(get(TU, "before(int)"));
  std::vector<uint64_t> Wrapped = unitHashes(get(TU, "wrapped(int)"));
  std::vector<uint64_t> Edited = unitHashes(get(TU, "edited(int)"));
  ASSERT_EQ(2u, Before.size());
  ASSERT_EQ(3u, Wrapped.size());
  // Wrapping adds the unit of `if (true)` and leaves the others as they were.
  EXPECT_TRUE(std::includes(Wrapped.begin(), Wrapped.end(), Before.begin(),
                            Before.end()));
  std::vector<uint64_t> Common;
  std::set_intersection(Before.begin(), Before.end(), Edited.begin(),
                        Edited.end(), std::back_inserter(Common));
  EXPECT_EQ(1u, Common.size()); // log(R); only.
}

TEST_F(FactsTest, GoogleTestAssertionsAreUnitsThatNameTheirVariables) {
  write("t.cc", R"cc(#include <gtest/gtest.h>
#include <cassert>
int discount(int);
struct Fix : ::testing::Test {
  int Total = 0;
};
TEST_F(Fix, Discount) {
  auto R = discount(100);
  EXPECT_EQ(R, 75);
  ASSERT_TRUE(R > 0) << "positive";
  EXPECT_EQ(discount(200), 150);
  assert(R != 0);
  EXPECT_TRUE(true);
  (void)0;
  Total = discount(R);
  EXPECT_EQ(Total, 56);
  auto Twice = [&] { return discount(Total) * 2; };
  EXPECT_EQ(Twice(), 84);
}
)cc");
  TUFacts TU = indexOk("t.cc");
  // GoogleTest's own variables (gtest_ar) are not the test's: R is v0,
  // the member Total v1, the lambda v2.
  EXPECT_EQ(Names({
                "stmt usr:c:@F@discount#I# v0",
                "assert v0",
                "assert v0",
                "assert usr:c:@F@discount#I#",
                "assert v0",
                "assert",
                "stmt",
                "stmt usr:c:@F@discount#I# v0 v1",
                "assert v1",
                "stmt usr:c:@F@discount#I# v1 v2",
                "assert v2",
            }),
            units(TU, get(TU, "Fix_Discount_Test::TestBody()")));
}

// The real headers: Catch2's REQUIRE is a `do` statement, BOOST_TEST a
// `do` around more, SECTION and SUBCASE an `if` whose body follows the
// macro.
TEST_F(FactsTest, Catch2AssertionsAndSections) {
  write("t.cc", R"cc(#include <catch2/catch.hpp>
int price(int);
void note(int);
TEST_CASE("prices") {
  int R = price(1);
  REQUIRE(R == 1);
  CHECK(R > 0);
  CHECK_FALSE(R < 0);
  CHECK_NOTHROW(note(R));
  INFO("checked " << R);
  note(R);
  SECTION("cheap") {
    REQUIRE(price(2) == 2);
    int Q = price(3);
  }
}
)cc");
  TUFacts TU = indexOk("t.cc");
  EXPECT_EQ(Names({
                "stmt usr:c:@F@price#I# v0",
                "assert v0",                  // REQUIRE
                "assert v0",                  // CHECK
                "assert v0",                  // CHECK_FALSE
                "assert usr:c:@F@note#I# v0", // CHECK_NOTHROW
                "stmt v0",                    // INFO only logs,
                "stmt",                       // and ends in a `;`
                "stmt usr:c:@F@note#I# v0",
                "stmt", // SECTION("cheap")
                "assert usr:c:@F@price#I#",
                "stmt usr:c:@F@price#I# v1",
            }),
            units(TU, getTest(TU, "prices")));
}

TEST_F(FactsTest, DoctestAssertionsAndSubcases) {
  write("t.cc", R"cc(#include <doctest/doctest.h>
int price(int);
TEST_CASE("prices") {
  int R = price(1);
  CHECK_EQ(R, 1);
  REQUIRE(R == 1);
  WARN_GT(R, 0);
  CHECK_MESSAGE(R == 1, "one");
  MESSAGE("checked");
  SUBCASE("cheap") { CHECK(price(2) == 2); }
}
)cc");
  TUFacts TU = indexOk("t.cc");
  EXPECT_EQ(Names({
                "stmt usr:c:@F@price#I# v0",
                "assert v0", // CHECK_EQ
                "assert v0", // REQUIRE
                "assert v0", // WARN_GT
                "assert v0", // CHECK_MESSAGE
                "stmt",      // MESSAGE only logs
                "stmt",      // SUBCASE("cheap")
                "assert usr:c:@F@price#I#",
            }),
            units(TU, getTest(TU, "prices")));
}

TEST_F(FactsTest, BoostTestAssertions) {
  write("t.cc", R"cc(#define BOOST_TEST_MODULE pricing
#include <boost/test/included/unit_test.hpp>
int price(int);
BOOST_AUTO_TEST_CASE(prices) {
  int R = price(1);
  BOOST_CHECK_EQUAL(R, 1);
  BOOST_TEST(R == 1);
  BOOST_REQUIRE(R > 0);
  BOOST_TEST_REQUIRE(R == 1);
  BOOST_WARN_MESSAGE(R == 1, "one");
  BOOST_TEST_MESSAGE("checked " << R);
  BOOST_TEST(price(2) == 2);
}
)cc");
  TUFacts TU = indexOk("t.cc");
  EXPECT_EQ(Names({
                "stmt usr:c:@F@price#I# v0",
                "assert v0", // BOOST_CHECK_EQUAL
                "assert v0", // BOOST_TEST
                "assert v0", // BOOST_REQUIRE
                "assert v0", // BOOST_TEST_REQUIRE
                "assert v0", // BOOST_WARN_MESSAGE
                "stmt v0",   // BOOST_TEST_MESSAGE only logs
                "assert usr:c:@F@price#I#",
            }),
            units(TU, getTest(TU, "prices")));
}

// A test whose fixture computes a member gets a unit for the fixture's
// set-up, which calls what the fixture runs and names the members it sets:
// an assertion on such a member is one on a value the fixture computed.
TEST_F(FactsTest, AFixtureIsAUnitThatNamesTheMembersItSets) {
  write("t.cc", R"cc(#include <gtest/gtest.h>
int price(int);
struct Till : ::testing::Test {
  Till() : Opened(price(1)) {}
  void SetUp() override { Base = price(2); }
  int Base = 0;
  int Opened;
  int Drawer = price(3);
  int Unrelated = 4;
};
TEST_F(Till, Opens) {
  EXPECT_EQ(Unrelated, 4);
  EXPECT_EQ(Base, 2);
}
TEST(Plain, NoFixture) { EXPECT_EQ(price(5), 5); }
)cc");
  TUFacts TU = indexOk("t.cc");
  // Unrelated is v0, Base v1; Opened v2 and Drawer v3 the fixture's.
  EXPECT_EQ(Names({
                "assert v0",
                "assert v1",
                "stmt usr:c:@F@price#I# Till::SetUp() Till::Till() v1 v2 v3",
            }),
            units(TU, getTest(TU, "Till.Opens")));
  EXPECT_EQ(Names({"assert usr:c:@F@price#I#"}),
            units(TU, getTest(TU, "Plain.NoFixture")));
}

TEST_F(FactsTest, UnitCalleesAreMemberOperatorConstructorAndVirtualCalls) {
  write("t.cc", R"cc(struct Money {
  Money(int C) : C(C) {}
  Money operator+(const Money &O) const { return Money(C + O.C); }
  int cents() const { return C; }
  int C;
};
struct Gateway {
  virtual int charge(const Money &M) = 0;
};
int body(Gateway &G) {
  Money M(5);
  Money N = M + Money(1);
  G.charge(N);
  return N.cents();
}
)cc");
  TUFacts TU = indexOk("t.cc");
  // A local's declaration also runs its (implicit) destructor.
  const char *Dtor = "usr:c:@S@Money@F@~Money#";
  EXPECT_EQ(Names({
                std::string("stmt Money::Money(int) ") + Dtor + " v0",
                std::string("stmt Money::Money(int) Money::operator+(const "
                            "Money &) const ") +
                    Dtor + " v0 v1",
                "stmt usr:c:@S@Gateway@F@charge#&1$@S@Money# v1 v2",
                "stmt Money::cents() const v1",
            }),
            units(TU, get(TU, "body(Gateway &)")));
}

//===----------------------------------------------------------------------===//
// Token hashes
//===----------------------------------------------------------------------===//

TEST_F(FactsTest, TokenHashIgnoresLayoutAndCommentsButNotLiterals) {
  write("a.cc", R"cc(int discount(int Cents) {
  if (Cents > 50) return Cents * 75 / 100;
  return Cents;
}
int other() { return 1; }
)cc");
  TUFacts Before = indexOk("a.cc");
  write("a.cc", R"cc(// A comment before it.
int   discount( int Cents )
{
  // Deep markdowns.
  if (Cents > 50)
    return Cents * 75 / /* percent */ 100;
  return Cents;   // unchanged
}

int other() { return 1; }
)cc");
  TUFacts Layout = indexOk("a.cc");
  write("a.cc", R"cc(int discount(int Cents) {
  if (Cents > 50) return Cents * 80 / 100;
  return Cents;
}
int other() { return 1; }
)cc");
  TUFacts Literal = indexOk("a.cc");
  write("a.cc", R"cc(int discount(int Cents) {
  if (Cents >= 50) return Cents * 75 / 100;
  return Cents;
}
int other() { return 1; }
)cc");
  TUFacts Operator = indexOk("a.cc");

  uint64_t Hash = get(Before, "discount(int)").TokenHash;
  EXPECT_NE(0u, Hash);
  EXPECT_EQ(Hash, get(Layout, "discount(int)").TokenHash);
  EXPECT_EQ(2u, get(Layout, "discount(int)").Line);
  EXPECT_EQ(8u, get(Layout, "discount(int)").EndLine);
  EXPECT_NE(Hash, get(Literal, "discount(int)").TokenHash);
  EXPECT_NE(Hash, get(Operator, "discount(int)").TokenHash);
  EXPECT_NE(get(Literal, "discount(int)").TokenHash,
            get(Operator, "discount(int)").TokenHash);
  uint64_t Other = get(Before, "other()").TokenHash;
  EXPECT_EQ(Other, get(Layout, "other()").TokenHash);
  EXPECT_EQ(Other, get(Literal, "other()").TokenHash);
  EXPECT_NE(Hash, Other);
}

TEST_F(FactsTest, TokenHashCoversTheMacrosAndConstantsItUses) {
  auto Source = [](llvm::StringRef Cap, llvm::StringRef Rate,
                   llvm::StringRef Level, llvm::StringRef Unused) {
    return ("#define CAP " + Cap + "\n#define LIMIT (CAP + 1)\n" +
            "#define UNUSED " + Unused + "\n" + "constexpr int Rate = " + Rate +
            ";\n" + "enum Tier { Low = 1, High = " + Level + " };\n" +
            "int capped(int P) { return P > LIMIT ? LIMIT : P; }\n" +
            "int rated(int P) { return P * Rate; }\n" +
            "int tiered() { return High; }\n" +
            "int plain(int P) { return P; }\n")
        .str();
  };
  auto Hashes = [&](llvm::StringRef Cap, llvm::StringRef Rate,
                    llvm::StringRef Level, llvm::StringRef Unused) {
    write("a.cc", Source(Cap, Rate, Level, Unused));
    TUFacts TU = indexOk("a.cc");
    return std::vector<uint64_t>{
        get(TU, "capped(int)").TokenHash, get(TU, "rated(int)").TokenHash,
        get(TU, "tiered()").TokenHash, get(TU, "plain(int)").TokenHash};
  };
  std::vector<uint64_t> Base = Hashes("50", "3", "2", "0");
  // A macro used through another macro.
  std::vector<uint64_t> Cap = Hashes("75", "3", "2", "0");
  EXPECT_NE(Base[0], Cap[0]);
  EXPECT_EQ(Base[1], Cap[1]);
  EXPECT_EQ(Base[3], Cap[3]);
  // A constexpr constant.
  std::vector<uint64_t> Rate = Hashes("50", "4", "2", "0");
  EXPECT_EQ(Base[0], Rate[0]);
  EXPECT_NE(Base[1], Rate[1]);
  EXPECT_EQ(Base[2], Rate[2]);
  // An enumerator's value.
  std::vector<uint64_t> Level = Hashes("50", "3", "5", "0");
  EXPECT_EQ(Base[1], Level[1]);
  EXPECT_NE(Base[2], Level[2]);
  // A macro nobody uses changes nothing.
  EXPECT_EQ(Base, Hashes("50", "3", "2", "1"));
}

TEST_F(FactsTest, HashedFilesNameTheProjectFilesOfItsMacrosAndConstants) {
  write("include/caps.h", "#define CAP 50\n");
  write("include/rates.h", "#include \"caps.h\"\n"
                           "#define LIMIT (CAP + 1)\n"
                           "constexpr int Rate = 3;\n"
                           "enum Level { Low = 1, High = 2 };\n");
  write("include/b.h", "#define OWN 2\n");
  write("a.cc", R"cc(#include "rates.h"
#include "b.h"
#include <climits>
#define LOCAL 7
int capped(int P) { return P > LIMIT ? LIMIT : P; }
int rated(int P) { return P * Rate; }
int leveled() { return High; }
int local(int P) { return P + LOCAL + FROM_FLAG + INT_MAX; }
int plain(int P) { return P; }
int own() { return OWN; }
)cc");
  TUFacts TU = indexOk("a.cc", {"-Iinclude", "-DFROM_FLAG=1"});
  // A macro used through another macro reaches the file of each.
  EXPECT_EQ((Names{"include/caps.h", "include/rates.h"}),
            get(TU, "capped(int)").HashedFiles);
  EXPECT_EQ(Names{"include/rates.h"}, get(TU, "rated(int)").HashedFiles);
  EXPECT_EQ(Names{"include/rates.h"}, get(TU, "leveled()").HashedFiles);
  // Its own file, the command line and system headers are not listed.
  EXPECT_EQ(Names{}, get(TU, "local(int)").HashedFiles);
  EXPECT_EQ(Names{}, get(TU, "plain(int)").HashedFiles);
  EXPECT_EQ(Names{"include/b.h"}, get(TU, "own()").HashedFiles);
}

TEST_F(FactsTest, MarkingFilesNameOtherDeclarationsAndMacrosBeforeThem) {
  write("include/api.h", "#pragma once\n#include \"mark.h\"\n"
                         "namespace shop {\nint declared(int P);\n"
                         "struct Cart {\n  int total() const;\n};\n}\n");
  write("include/mark.h", "#pragma once\n#define MARK(d)\n");
  write("include/far.h", "#pragma once\n#define FAR_AWAY 1\n");
  write("a.cc", R"cc(#include "api.h"
#include "far.h"
int away() { return FAR_AWAY; }
namespace shop {
int declared(int P) { return P; }
int Cart::total() const { return 0; }
MARK("pricing")
int marked(int P) { return P; }
int plain(int P) { return P; }
MARK("pricing")
// Far
// above
// the
// name,
// with
// comments
// between.
int farMarked(int P) { return P; }
}
)cc");
  TUFacts TU = indexOk("a.cc", {"-Iinclude"});
  EXPECT_EQ(Names{"include/api.h"},
            get(TU, "shop::declared(int)").MarkingFiles);
  EXPECT_EQ(Names{"include/api.h"},
            get(TU, "shop::Cart::total() const").MarkingFiles);
  // A macro spelled just before the declaration, where RG_TIER1 goes; one
  // in the body is logic, not marking.
  EXPECT_EQ(Names{"include/mark.h"}, get(TU, "shop::marked(int)").MarkingFiles);
  EXPECT_EQ(Names{}, get(TU, "shop::plain(int)").MarkingFiles);
  EXPECT_EQ(Names{"include/mark.h"},
            get(TU, "shop::farMarked(int)").MarkingFiles);
  EXPECT_EQ(Names{}, get(TU, "away()").MarkingFiles);
}

TEST_F(FactsTest, MacroNamesSplitByALineSpliceAreStillMacros) {
  // `\` before a newline joins lines inside a name; the preprocessor reads
  // CA\<newline>P as CAP, and so must the facts, or a change to CAP would
  // pass as no change to the function.
  write("include/caps.h", "#pragma once\n#define CAP 50\n");
  write("include/mark.h", "#pragma once\n#define MARK(d)\n");
  write("a.cc", "#include \"caps.h\"\n#include \"mark.h\"\n"
                "int capped(int P) { return P > CA\\\nP ? 1 : 0; }\n"
                "MA\\\nRK(\"pricing\")\n"
                "int marked(int P) { return P; }\n");
  TUFacts Base = indexOk("a.cc", {"-Iinclude"});
  EXPECT_EQ(Names{"include/caps.h"}, get(Base, "capped(int)").HashedFiles);
  EXPECT_EQ(Names{"include/mark.h"}, get(Base, "marked(int)").MarkingFiles);
  write("include/caps.h", "#pragma once\n#define CAP 75\n");
  TUFacts Head = indexOk("a.cc", {"-Iinclude"});
  EXPECT_NE(get(Base, "capped(int)").TokenHash,
            get(Head, "capped(int)").TokenHash);
  EXPECT_EQ(get(Base, "marked(int)").TokenHash,
            get(Head, "marked(int)").TokenHash);
}

TEST_F(FactsTest, TokenHashCoversSignatureAndTemplateHeader) {
  write("a.cc", "template <typename T> T f(T X) { return X; }\n"
                "int g(int X) { return X; }\n");
  TUFacts A = indexOk("a.cc");
  write("a.cc", "template <class T> T f(T X) { return X; }\n"
                "int g(long X) { return X; }\n");
  TUFacts B = indexOk("a.cc");
  EXPECT_NE(get(A, "f(T)").TokenHash, get(B, "f(T)").TokenHash);
  EXPECT_NE(get(A, "g(int)").TokenHash, get(B, "g(long)").TokenHash);
}

//===----------------------------------------------------------------------===//
// Errors, files and the overlay
//===----------------------------------------------------------------------===//

TEST_F(FactsTest, ParseErrorsAreRecordedWithFileAndLine) {
  write("bad.h", "int g() { return nope; }\n");
  write("bad.cc", R"cc(#include "bad.h"
int f() {
  return 1 +;
}
#include "missing.h"
int h() { return 0; }
)cc");
  std::vector<TUFacts> TUs = index({command("bad.cc")});
  ASSERT_EQ(1u, TUs.size());
  const TUFacts &TU = TUs[0];
  ASSERT_EQ(3u, TU.Errors.size());
  EXPECT_EQ("bad.h", TU.Errors[0].File);
  EXPECT_EQ(1u, TU.Errors[0].Line);
  EXPECT_EQ(18u, TU.Errors[0].Column);
  EXPECT_EQ("use of undeclared identifier 'nope'", TU.Errors[0].Message);
  EXPECT_EQ("bad.cc", TU.Errors[1].File);
  EXPECT_EQ(3u, TU.Errors[1].Line);
  EXPECT_EQ(13u, TU.Errors[1].Column);
  EXPECT_EQ("expected expression", TU.Errors[1].Message);
  EXPECT_EQ("bad.cc", TU.Errors[2].File);
  EXPECT_EQ(5u, TU.Errors[2].Line);
  EXPECT_EQ(10u, TU.Errors[2].Column);
  EXPECT_EQ("'missing.h' file not found", TU.Errors[2].Message);
  // What did parse is still there.
  EXPECT_EQ(Names({"f()", "h()", "g()"}), names(TU));
  EXPECT_EQ(Names({"bad.cc", "bad.h"}), TU.Files);
}

TEST_F(FactsTest, BadFlagIsAnErrorWithoutAPlace) {
  write("a.cc", "int f() { return 0; }\n");
  std::vector<TUFacts> TUs = index({command("a.cc", {"-fno-such-flag"})});
  ASSERT_EQ(1u, TUs.size());
  ASSERT_EQ(1u, TUs[0].Errors.size());
  EXPECT_EQ("", TUs[0].Errors[0].File);
  EXPECT_EQ(0u, TUs[0].Errors[0].Line);
  EXPECT_EQ("unknown argument: '-fno-such-flag'", TUs[0].Errors[0].Message);
}

TEST_F(FactsTest, FilesOutsideTheRootOrExcludedAreNotReported) {
  llvm::SmallString<256> OutsideDir, Outside;
  ASSERT_FALSE(
      llvm::sys::fs::createUniqueDirectory("riskguard-outside", OutsideDir));
  ASSERT_FALSE(llvm::sys::fs::real_path(OutsideDir, Outside));
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS((Outside + "/vendor.h").str(), EC);
    ASSERT_FALSE(EC);
    OS << "inline int vendor(int X) { return X + 1; }\n";
  }
  write("build/gen.h", "inline int generated() { return 2; }\n");
  write("a.cc", R"cc(#include "vendor.h"
#include "build/gen.h"
int mine() { return vendor(1) + generated(); }
)cc");
  std::vector<clang::tooling::CompileCommand> Cmds = {
      command("a.cc", {"-I" + Outside.str().str()})};

  std::vector<TUFacts> Plain = index(Cmds);
  ASSERT_EQ(1u, Plain.size());
  EXPECT_TRUE(Plain[0].Errors.empty());
  EXPECT_EQ(Names({"a.cc", "build/gen.h"}), Plain[0].Files);
  EXPECT_EQ(Names({"mine()", "generated()"}), names(Plain[0]));
  // A call into a file outside the root is still a callee, by USR.
  EXPECT_EQ(Names({"generated()", "usr:c:@F@vendor#I#"}),
            calleeNames(Plain[0], get(Plain[0], "mine()")));

  // The build directory is excluded like any file outside the root.
  PathMapper WithoutBuild(Root, {Root + "/build"});
  IndexOptions Options;
  Options.Paths = &WithoutBuild;
  Options.Jobs = 1;
  std::vector<TUFacts> Excluded = indexTranslationUnits(Cmds, Options);
  ASSERT_EQ(1u, Excluded.size());
  EXPECT_EQ(Names({"a.cc"}), Excluded[0].Files);
  EXPECT_EQ(Names({"mine()"}), names(Excluded[0]));
  llvm::sys::fs::remove_directories(Outside);
}

TEST_F(FactsTest, OverlayReplacesAndHidesFiles) {
  write("a.cc", "#include \"b.h\"\nint f() { return b(); }\n");
  write("b.h", "inline int b() { return 1; }\n");
  std::vector<clang::tooling::CompileCommand> Cmds = {command("a.cc")};

  Snapshot Replaced = {{"a.cc", std::string("#include \"b.h\"\n#include "
                                            "\"c.h\"\nint g() { return b() "
                                            "+ c(); }\n")},
                       {"c.h", std::string("inline int c() { return 3; }\n")}};
  std::vector<TUFacts> TUs = index(Cmds, &Replaced);
  ASSERT_EQ(1u, TUs.size());
  EXPECT_TRUE(TUs[0].Errors.empty());
  // c.h exists only in the overlay.
  EXPECT_EQ(Names({"a.cc", "b.h", "c.h"}), TUs[0].Files);
  EXPECT_EQ(Names({"g()", "b()", "c()"}), names(TUs[0]));
  EXPECT_EQ(3u, get(TUs[0], "g()").Line);

  Snapshot Hidden = {{"b.h", std::nullopt}};
  TUs = index(Cmds, &Hidden);
  ASSERT_EQ(1u, TUs.size());
  ASSERT_EQ(1u, TUs[0].Errors.size());
  EXPECT_EQ("a.cc", TUs[0].Errors[0].File);
  EXPECT_EQ(1u, TUs[0].Errors[0].Line);
  EXPECT_EQ(10u, TUs[0].Errors[0].Column);
  EXPECT_EQ("'b.h' file not found", TUs[0].Errors[0].Message);
  EXPECT_EQ(Names({"a.cc"}), TUs[0].Files);

  // The overlay is not the disk: the working tree is unchanged.
  TUs = index(Cmds);
  EXPECT_EQ(Names({"f()", "b()"}), names(TUs[0]));
  Snapshot Empty;
  TUs = index(Cmds, &Empty);
  EXPECT_EQ(Names({"f()", "b()"}), names(TUs[0]));
}

TEST_F(FactsTest, SameFactsInCommandOrderWithOneOrTwoJobs) {
  write("inc/common.h", R"cc(#pragma once
inline int common(int X) { return X * 2; }
struct Base { virtual ~Base() = default; virtual int v() const { return 0; } };
)cc");
  std::vector<clang::tooling::CompileCommand> Cmds;
  for (int I = 0; I < 6; ++I) {
    std::string Name = "src/f" + std::to_string(I) + ".cc";
    std::string Source = "#include \"inc/common.h\"\n";
    Source += "struct D" + std::to_string(I) +
              " : Base { int v() const override { return " + std::to_string(I) +
              "; } };\n";
    Source += "int f" + std::to_string(I) + "() { return common(" +
              std::to_string(I) + "); }\n";
    if (I == 3)
      Source += "int broken() { return nope; }\n";
    write(Name, Source);
    Cmds.push_back(command(Name, {"-I" + Root}));
  }
  std::vector<TUFacts> One = index(Cmds, nullptr, 1);
  std::vector<TUFacts> Two = index(Cmds, nullptr, 2);
  std::vector<TUFacts> TwoAgain = index(Cmds, nullptr, 2);
  ASSERT_EQ(6u, One.size());
  ASSERT_EQ(6u, Two.size());
  for (size_t I = 0; I < One.size(); ++I) {
    EXPECT_EQ("src/f" + std::to_string(I) + ".cc", One[I].MainFile);
    EXPECT_EQ(dump(One[I]), dump(Two[I]));
    EXPECT_EQ(dump(One[I]), dump(TwoAgain[I]));
  }
  EXPECT_EQ(1u, One[3].Errors.size());
}

TEST_F(FactsTest, NoCommandsNoFacts) { EXPECT_TRUE(index({}).empty()); }

//===----------------------------------------------------------------------===//
// PathMapper and isCppFile
//===----------------------------------------------------------------------===//

TEST_F(FactsTest, PathMapperGivesRepoRelativePaths) {
  write("src/a.cc", "");
  write("build/gen.h", "");
  PathMapper P(Root, {Root + "/build"});
  EXPECT_EQ(std::optional<std::string>("src/a.cc"),
            P.relative(Root + "/src/a.cc"));
  EXPECT_EQ(std::optional<std::string>("src/a.cc"),
            P.relative("a.cc", Root + "/src"));
  EXPECT_EQ(std::optional<std::string>("src/a.cc"),
            P.relative(Root + "/build/../src/./a.cc"));
  EXPECT_EQ(std::optional<std::string>("src/a.cc"),
            P.relative("../src/a.cc", Root + "/build"));
  // Not yet on disk: still mapped by its name.
  EXPECT_EQ(std::optional<std::string>("src/new.cc"),
            P.relative(Root + "/src/new.cc"));
  EXPECT_EQ(std::nullopt, P.relative(Root + "/build/gen.h"));
  EXPECT_EQ(std::nullopt, P.relative(Root + "/build"));
  EXPECT_EQ(std::nullopt, P.relative(Root));
  EXPECT_EQ(std::nullopt, P.relative(Root + "x/a.cc"));
  EXPECT_EQ(std::nullopt, P.relative("/usr/include/stdio.h"));
  EXPECT_EQ(llvm::StringRef(Root), P.root());
}

TEST_F(FactsTest, PathMapperSeesThroughSymlinks) {
  write("src/a.cc", "");
  std::string Link = Root + "-link";
  ASSERT_FALSE(llvm::sys::fs::create_link(Root, Link));
  PathMapper P(Root);
  EXPECT_EQ(std::optional<std::string>("src/a.cc"),
            P.relative(Link + "/src/a.cc"));
  llvm::sys::fs::remove(Link);
}

TEST(IsCppFileTest, SourcesAndHeadersByExtension) {
  for (const char *Path : {"a.c", "a.cc", "a.cpp", "a.cxx", "a.c++", "a.C",
                           "a.cp", "a.h", "a.hh", "a.hpp", "a.hxx", "a.h++",
                           "a.H", "a.inl", "a.ipp", "a.tcc", "dir.d/x.cc"})
    EXPECT_TRUE(isCppFile(Path)) << Path;
  for (const char *Path : {"a.py", "a.json", "CMakeLists.txt", "a", "a.ccc",
                           "a.cc.orig", ".riskguard.json", "cc"})
    EXPECT_FALSE(isCppFile(Path)) << Path;
}

} // namespace
