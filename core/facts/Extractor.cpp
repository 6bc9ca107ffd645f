//===- Extractor.cpp - Facts from a Clang AST -----------------------------===//
#include "facts/Extractor.h"
#include "facts/Annotations.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/LiteralSupport.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"
#include <algorithm>
#include <functional>
#include <map>

using namespace clang;

namespace riskguard {

PathMapper::PathMapper(std::string Root, std::vector<std::string> Excluded)
    : Root(std::move(Root)), Excluded(std::move(Excluded)) {}

std::optional<std::string>
PathMapper::relative(llvm::StringRef Name, llvm::StringRef WorkingDir) const {
  llvm::SmallString<256> Abs(Name);
  if (!llvm::sys::path::is_absolute(Abs) && !WorkingDir.empty()) {
    Abs = WorkingDir;
    llvm::sys::path::append(Abs, Name);
  }
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  // Compile databases usually hold real paths; a symlinked checkout does not.
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Abs, Real))
    Abs = Real;
  llvm::StringRef Path = Abs;
  for (const std::string &Dir : Excluded)
    if (Path == Dir || Path.starts_with(Dir + "/"))
      return std::nullopt;
  if (!Path.consume_front(Root) || !Path.consume_front("/"))
    return std::nullopt;
  return Path.str();
}

bool isCppFile(const std::string &Path) {
  static const char *const Extensions[] = {
      ".c",  ".cc",  ".cpp", ".cxx", ".c++", ".C",   ".cp",  ".h",
      ".hh", ".hpp", ".hxx", ".h++", ".H",   ".inl", ".ipp", ".tcc"};
  llvm::StringRef Ext = llvm::sys::path::extension(Path);
  return llvm::is_contained(Extensions, Ext);
}

namespace {

/// Macros whose expansion declares a test case with a user-written body.
/// Catch2's also exist with a CATCH_ prefix, doctest's with DOCTEST_.
struct TestMacro {
  llvm::StringLiteral Name;
  /// Where the test's name is among the macro's arguments.
  enum Shape {
    SuiteAndName,      ///< TEST(Suite, Name).
    StringName,        ///< TEST_CASE("name", ...).
    FixtureThenString, ///< TEST_CASE_METHOD(Fixture, "name", ...).
    IdentName,         ///< BOOST_AUTO_TEST_CASE(name, ...).
    FixtureThenIdent,  ///< BOOST_DATA_TEST_CASE_F(Fixture, name, ...).
  } Kind;
  enum Framework { GoogleTest, Catch2, Doctest, BoostTest } Fw;
  /// The framework prefixes the name with "Scenario: " (doctest: with two
  /// spaces before it).
  bool Scenario = false;
};
const TestMacro TestMacros[] = {
    {"TEST", TestMacro::SuiteAndName, TestMacro::GoogleTest},
    {"TEST_F", TestMacro::SuiteAndName, TestMacro::GoogleTest},
    {"TEST_P", TestMacro::SuiteAndName, TestMacro::GoogleTest},
    {"TYPED_TEST", TestMacro::SuiteAndName, TestMacro::GoogleTest},
    {"TYPED_TEST_P", TestMacro::SuiteAndName, TestMacro::GoogleTest},
    {"GTEST_TEST", TestMacro::SuiteAndName, TestMacro::GoogleTest},
    // TEST_CASE and SCENARIO are doctest's too (see testMacroNamed).
    {"TEST_CASE", TestMacro::StringName, TestMacro::Catch2},
    {"SCENARIO", TestMacro::StringName, TestMacro::Catch2, true},
    {"TEMPLATE_TEST_CASE", TestMacro::StringName, TestMacro::Catch2},
    {"TEMPLATE_TEST_CASE_SIG", TestMacro::StringName, TestMacro::Catch2},
    {"TEMPLATE_PRODUCT_TEST_CASE", TestMacro::StringName, TestMacro::Catch2},
    {"TEMPLATE_PRODUCT_TEST_CASE_SIG", TestMacro::StringName,
     TestMacro::Catch2},
    {"TEMPLATE_LIST_TEST_CASE", TestMacro::StringName, TestMacro::Catch2},
    {"TEST_CASE_METHOD", TestMacro::FixtureThenString, TestMacro::Catch2},
    {"SCENARIO_METHOD", TestMacro::FixtureThenString, TestMacro::Catch2, true},
    {"TEMPLATE_TEST_CASE_METHOD", TestMacro::FixtureThenString,
     TestMacro::Catch2},
    {"TEMPLATE_TEST_CASE_METHOD_SIG", TestMacro::FixtureThenString,
     TestMacro::Catch2},
    {"TEMPLATE_PRODUCT_TEST_CASE_METHOD", TestMacro::FixtureThenString,
     TestMacro::Catch2},
    {"TEMPLATE_PRODUCT_TEST_CASE_METHOD_SIG", TestMacro::FixtureThenString,
     TestMacro::Catch2},
    {"TEMPLATE_LIST_TEST_CASE_METHOD", TestMacro::FixtureThenString,
     TestMacro::Catch2},
    {"TEST_CASE_CLASS", TestMacro::StringName, TestMacro::Doctest},
    {"SCENARIO_CLASS", TestMacro::StringName, TestMacro::Doctest, true},
    {"TEST_CASE_FIXTURE", TestMacro::FixtureThenString, TestMacro::Doctest},
    {"TEST_CASE_TEMPLATE", TestMacro::StringName, TestMacro::Doctest},
    {"TEST_CASE_TEMPLATE_DEFINE", TestMacro::StringName, TestMacro::Doctest},
    {"SCENARIO_TEMPLATE", TestMacro::StringName, TestMacro::Doctest, true},
    {"SCENARIO_TEMPLATE_DEFINE", TestMacro::StringName, TestMacro::Doctest,
     true},
    {"BOOST_AUTO_TEST_CASE", TestMacro::IdentName, TestMacro::BoostTest},
    {"BOOST_FIXTURE_TEST_CASE", TestMacro::IdentName, TestMacro::BoostTest},
    {"BOOST_AUTO_TEST_CASE_TEMPLATE", TestMacro::IdentName,
     TestMacro::BoostTest},
    {"BOOST_FIXTURE_TEST_CASE_TEMPLATE", TestMacro::IdentName,
     TestMacro::BoostTest},
    {"BOOST_DATA_TEST_CASE", TestMacro::IdentName, TestMacro::BoostTest},
    {"BOOST_DATA_TEST_CASE_F", TestMacro::FixtureThenIdent,
     TestMacro::BoostTest},
};

/// The test macro spelled \p Name, if it is one. \p Doctest: the macro's
/// definition expands to doctest's, whose TEST_CASE and SCENARIO are
/// spelled as Catch2's.
std::optional<TestMacro> testMacroNamed(llvm::StringRef Name, bool Doctest) {
  std::optional<TestMacro::Framework> Prefixed;
  if (Name.consume_front("CATCH_"))
    Prefixed = TestMacro::Catch2;
  else if (Name.consume_front("DOCTEST_"))
    Prefixed = TestMacro::Doctest;
  const TestMacro *M = llvm::find_if(
      TestMacros, [&](const TestMacro &M) { return M.Name == Name; });
  if (M == std::end(TestMacros))
    return std::nullopt;
  TestMacro Found = *M;
  bool Shared = Found.Name == "TEST_CASE" || Found.Name == "SCENARIO";
  if (Shared && (Doctest || Prefixed == TestMacro::Doctest))
    Found.Fw = TestMacro::Doctest;
  if (Prefixed && *Prefixed != Found.Fw)
    return std::nullopt;
  return Found;
}

/// A test case a test macro declares.
struct TestCase {
  std::string Name; ///< As FunctionFacts::TestName.
  TestMacro::Framework Fw = TestMacro::GoogleTest;
};

/// Boost.Test's macros that open a test suite as a namespace of its name.
bool isBoostSuiteMacro(llvm::StringRef Name) {
  return Name == "BOOST_AUTO_TEST_SUITE" || Name == "BOOST_FIXTURE_TEST_SUITE";
}

/// The USR of a declaration. Clang names a file-local function by its
/// file's base name only, so two `static helper()` in src/a/util.cc and
/// src/b/util.cc would be one function: those get the repo path appended.
std::string usrOf(const Decl *D, const SourceManager &SM,
                  const PathMapper &Paths, llvm::StringRef WorkingDir) {
  llvm::SmallString<128> Buf;
  if (index::generateUSRForDecl(D, Buf))
    return {};
  const auto *ND = dyn_cast<NamedDecl>(D);
  if (!ND || ND->isExternallyVisible())
    return std::string(Buf);
  SourceLocation Loc = SM.getExpansionLoc(D->getLocation());
  if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(SM.getFileID(Loc)))
    if (std::optional<std::string> Rel =
            Paths.relative(FE->getName(), WorkingDir))
      return (Buf + "@" + *Rel).str();
  return std::string(Buf);
}

/// The declaration a call resolves to, as written: the pattern of a
/// template instantiation, so that callers of max<int> reach max<T>.
const FunctionDecl *patternOf(const FunctionDecl *FD) {
  if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
    return Pattern;
  return FD;
}

std::string stringArg(const Expr *E, const ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  if (const auto *S = dyn_cast<StringLiteral>(E))
    return S->getString().str();
  Expr::EvalResult R;
  if (!E->isValueDependent() && E->EvaluateAsInt(R, Ctx))
    return llvm::toString(R.Val.getInt(), 10);
  return {};
}

/// The closure class of a lambda written outside any function (the
/// initializer of a namespace-scope variable), whose body is then a function
/// of its own, named after the variable. Null otherwise.
const CXXRecordDecl *namespaceScopeLambda(QualType T) {
  const CXXRecordDecl *RD = T.isNull() ? nullptr : T->getAsCXXRecordDecl();
  if (!RD || !RD->isLambda() || RD->getParentFunctionOrMethod())
    return nullptr;
  return RD;
}

/// The riskguard annotations on one declaration (all its redeclarations).
struct Marks {
  std::optional<std::string> Tier1, NotTier1, MinApprovals;
  std::optional<std::vector<std::string>> Owners;
  std::vector<std::string> TestedBy;
};

Marks marksOf(const Decl *D, const ASTContext &Ctx) {
  Marks M;
  for (const Decl *R : D->redecls()) {
    for (const auto *A : R->specific_attrs<AnnotateAttr>()) {
      llvm::StringRef Name = A->getAnnotation();
      const AnnotationKindInfo *Kind = Name.consume_front(AnnotationPrefix)
                                           ? findAnnotationKind(Name)
                                           : nullptr;
      if (!Kind)
        continue;
      std::vector<std::string> Args;
      for (const Expr *E : A->args())
        Args.push_back(stringArg(E, Ctx));
      std::string First = Args.empty() ? std::string() : Args.front();
      switch (Kind->Kind) {
      case AnnotationKind::Tier1:
        M.Tier1 = First;
        break;
      case AnnotationKind::NotTier1:
        M.NotTier1 = First;
        break;
      case AnnotationKind::MinApprovals:
        M.MinApprovals = First;
        break;
      case AnnotationKind::Owners:
        M.Owners = Args;
        break;
      case AnnotationKind::TestedBy:
        M.TestedBy.insert(M.TestedBy.end(), Args.begin(), Args.end());
        break;
      }
    }
  }
  return M;
}

/// Whether \p D is, or is inside, a template instantiation: its annotations
/// and members are those of the pattern, which is recorded instead.
bool isInstantiated(const Decl *D) {
  for (const DeclContext *DC = dyn_cast<DeclContext>(D) ? cast<DeclContext>(D)
                                                        : D->getDeclContext();
       DC; DC = DC->getParent()) {
    if (const auto *FD = dyn_cast<FunctionDecl>(DC))
      if (FD->isTemplateInstantiation())
        return true;
    if (const auto *RD = dyn_cast<CXXRecordDecl>(DC))
      if (isTemplateInstantiation(RD->getTemplateSpecializationKind()))
        return true;
  }
  if (const auto *VD = dyn_cast<VarDecl>(D))
    return isTemplateInstantiation(VD->getTemplateSpecializationKind());
  return false;
}

/// What an annotation on \p D is on.
AnnotatedKind annotatedKindOf(const Decl *D) {
  if (isa<FunctionDecl>(D))
    return AnnotatedKind::Function;
  if (const auto *RD = dyn_cast<RecordDecl>(D)) {
    if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD); CRD && CRD->isLambda())
      return AnnotatedKind::Other;
    return AnnotatedKind::Class;
  }
  if (isa<NamespaceDecl>(D))
    return AnnotatedKind::Namespace;
  if (isa<ParmVarDecl>(D))
    return AnnotatedKind::Parameter;
  if (isa<VarDecl>(D))
    return AnnotatedKind::Variable;
  if (isa<FieldDecl>(D))
    return AnnotatedKind::Field;
  if (isa<EnumDecl>(D))
    return AnnotatedKind::Enum;
  if (isa<EnumConstantDecl>(D))
    return AnnotatedKind::Enumerator;
  if (isa<TypedefNameDecl>(D))
    return AnnotatedKind::Typedef;
  return AnnotatedKind::Other;
}

/// The floating-point type \p T holds, seen through references, pointers,
/// arrays and aliases; null when it holds none (or depends on a template
/// parameter).
const Type *floatingTypeOf(QualType T) {
  if (T.isNull() || T->isDependentType())
    return nullptr;
  const Type *Ty = T.getCanonicalType().getTypePtr();
  while (true) {
    if (Ty->isReferenceType() || Ty->isPointerType())
      Ty = Ty->getPointeeType().getCanonicalType().getTypePtr();
    else if (Ty->isArrayType())
      Ty = Ty->getBaseElementTypeUnsafe();
    else
      break;
  }
  return Ty->isRealFloatingType() ? Ty : nullptr;
}

/// The function a declaration inside a body belongs to: a lambda's
/// variables belong to the function the lambda is written in, those of a
/// local class's methods to these methods.
const FunctionDecl *owningFunction(const Decl *D) {
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *RD = dyn_cast<CXXRecordDecl>(DC)) {
      if (!RD->isLambda())
        return nullptr;
      continue;
    }
    if (const auto *MD = dyn_cast<CXXMethodDecl>(DC))
      if (MD->getParent()->isLambda())
        continue;
    if (const auto *FD = dyn_cast<FunctionDecl>(DC))
      return FD;
  }
  return nullptr;
}

/// Collects the variables of floating-point type declared in a body.
class FloatingLocals : public RecursiveASTVisitor<FloatingLocals> {
public:
  explicit FloatingLocals(const FunctionDecl *FD) : FD(FD) {}
  std::vector<const ValueDecl *> Found;

  bool VisitVarDecl(VarDecl *VD) {
    // The function's own parameters are recorded as parameters; a structured
    // binding's hidden object is recorded through its bindings.
    if (isa<ParmVarDecl>(VD) && VD->getDeclContext() == FD)
      return true;
    if (!isa<DecompositionDecl>(VD))
      add(VD);
    return true;
  }
  bool VisitBindingDecl(BindingDecl *BD) {
    add(BD);
    return true;
  }

private:
  void add(const ValueDecl *VD) {
    if (!VD->isImplicit() && owningFunction(VD) == FD &&
        floatingTypeOf(VD->getType()))
      Found.push_back(VD);
  }
  const FunctionDecl *FD;
};

/// The repo-relative paths of a TU's files, looked up once per file.
class ProjectFiles {
public:
  ProjectFiles(const SourceManager &SM, const PathMapper &Paths,
               llvm::StringRef WorkingDir)
      : SM(SM), Paths(Paths), WorkingDir(WorkingDir) {}

  /// The path of \p FID, or nullopt when it is no project file.
  std::optional<std::string> fileOf(FileID FID) { return lookup(FID); }

  /// Whether \p D is written in a project file (never a system header).
  bool contains(const Decl *D) {
    SourceLocation Loc = SM.getExpansionLoc(D->getLocation());
    return Loc.isValid() && !SM.isInSystemHeader(Loc) &&
           lookup(SM.getFileID(Loc)).has_value();
  }

private:
  const std::optional<std::string> &lookup(FileID FID) {
    auto [It, Inserted] = Names.try_emplace(FID);
    if (Inserted)
      if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID))
        It->second = Paths.relative(FE->getName(), WorkingDir);
    return It->second;
  }
  const SourceManager &SM;
  const PathMapper &Paths;
  llvm::StringRef WorkingDir;
  llvm::DenseMap<FileID, std::optional<std::string>> Names;
};

class TemplateCalls;

/// Collects the functions a body refers to: calls, constructions, implicit
/// destructor runs, operator uses and functions whose address is taken
/// (they may be called later); and the constants it reads, whose values are
/// part of its logic. With \p Templates, also what only instantiations
/// show: the calls in a generic lambda's specializations, and the project
/// functions a call of a foreign template's instantiation runs.
class CalleeCollector : public RecursiveASTVisitor<CalleeCollector> {
public:
  CalleeCollector(const SourceManager &SM, const PathMapper &Paths,
                  llvm::StringRef WorkingDir,
                  TemplateCalls *Templates = nullptr)
      : SM(SM), Paths(Paths), WorkingDir(WorkingDir), Templates(Templates) {}
  std::vector<std::string> USRs;
  /// Where the body refers to each of USRs.
  std::vector<SourceLocation> Locations;
  std::vector<const Decl *> Constants;
  /// For TemplateCalls itself: the foreign instantiations the body calls go
  /// to Foreign instead of what they reach, and only project functions to
  /// USRs.
  bool Direct = false;
  std::vector<const FunctionDecl *> Foreign;

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    add(E->getDecl(), E->getLocation());
    addConstant(E->getDecl());
    // Using a variable that holds a namespace-scope lambda calls it.
    if (const auto *V = dyn_cast<VarDecl>(E->getDecl()))
      if (V->hasGlobalStorage() && namespaceScopeLambda(V->getType()))
        push(usrOf(V, SM, Paths, WorkingDir) + "@lambda", E->getLocation());
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    add(E->getMemberDecl(), E->getExprLoc());
    addConstant(E->getMemberDecl());
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    add(E->getConstructor(), E->getLocation());
    return true;
  }
  bool VisitCXXBindTemporaryExpr(CXXBindTemporaryExpr *E) {
    add(E->getTemporary()->getDestructor(), E->getBeginLoc());
    return true;
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *E) {
    if (const CXXRecordDecl *RD = E->getDestroyedType()->getAsCXXRecordDecl())
      if (RD->hasDefinition())
        add(RD->getDestructor(), E->getBeginLoc());
    add(E->getOperatorDelete(), E->getBeginLoc());
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    // A local object's destructor runs when it goes out of scope.
    if (!VD->hasLocalStorage() && !VD->isStaticLocal())
      return true;
    const Type *T = VD->getType()->getBaseElementTypeUnsafe();
    if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
      if (RD->hasDefinition())
        add(RD->getDestructor(), VD->getLocation());
    return true;
  }
  bool VisitOverloadExpr(OverloadExpr *E) {
    // A dependent call in a template pattern: any candidate may be the one.
    for (const NamedDecl *D : E->decls())
      add(D->getUnderlyingDecl(), E->getNameLoc());
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *E) {
    // The body of a generic lambda is a pattern: its specializations
    // resolve the calls that depend on its parameters' types.
    if (Templates)
      if (const FunctionTemplateDecl *FTD = E->getDependentCallOperator())
        for (FunctionDecl *S : FTD->specializations())
          if (S->doesThisDeclarationHaveABody())
            TraverseStmt(S->getBody());
    return true;
  }

private:
  void push(std::string USR, SourceLocation Loc) {
    USRs.push_back(std::move(USR));
    Locations.push_back(Loc);
  }
  void add(const Decl *D, SourceLocation Loc);
  void addConstant(const Decl *D) {
    if (isa_and_nonnull<EnumConstantDecl>(D)) {
      Constants.push_back(D);
      return;
    }
    const auto *VD = dyn_cast_or_null<VarDecl>(D);
    if (!VD || VD->hasLocalStorage() || VD->isStaticLocal() ||
        !(VD->isConstexpr() || VD->getType().isConstQualified()))
      return;
    if (const VarDecl *Def = VD->getDefinition())
      if (!SM.isInSystemHeader(SM.getExpansionLoc(Def->getLocation())))
        Constants.push_back(Def);
  }
  const SourceManager &SM;
  const PathMapper &Paths;
  llvm::StringRef WorkingDir;
  TemplateCalls *Templates;
};

/// Appends \p U, with \p Variables, to \p F's units, each list sorted and
/// unique as StatementUnit has them.
void appendUnit(FunctionFacts &F, StatementUnit U,
                std::vector<unsigned> Variables) {
  llvm::sort(U.Callees);
  U.Callees.erase(llvm::unique(U.Callees), U.Callees.end());
  llvm::sort(Variables);
  Variables.erase(llvm::unique(Variables), Variables.end());
  U.Variables = std::move(Variables);
  F.Units.push_back(std::move(U));
}

/// Finds the function instantiations among the declarations of a TU.
class InstantiationFinder : public RecursiveASTVisitor<InstantiationFinder> {
public:
  explicit InstantiationFinder(
      llvm::function_ref<void(const FunctionDecl *)> Found)
      : Found(Found) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  // Only declarations matter: a body or a type holds no instantiation that
  // is not also reached from its template.
  bool TraverseStmt(Stmt *, DataRecursionQueue * = nullptr) { return true; }
  bool TraverseTypeLoc(TypeLoc) { return true; }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->isTemplateInstantiation() && FD->doesThisDeclarationHaveABody())
      Found(FD);
    return true;
  }

private:
  llvm::function_ref<void(const FunctionDecl *)> Found;
};

/// Calls that only the instantiations of templates show.
///
/// The instantiations of a project template resolve the calls its pattern
/// leaves dependent (`static_cast<const D *>(this)->price()` in a CRTP base,
/// `t.fee()` in a generic helper). The pattern is the function recorded for
/// all of them, so it makes their calls.
///
/// An instantiation of a foreign template (one written outside the
/// project: the standard library's, a test framework's) may call project
/// functions: std::sort a comparator, EXPECT_EQ's helper an operator==,
/// Boost's operators the class's own. The project code that calls the
/// instantiation makes these calls; no edge goes into the foreign code,
/// which is not recorded.
class TemplateCalls {
public:
  TemplateCalls(ASTContext &Ctx, ProjectFiles &Files, const PathMapper &Paths,
                llvm::StringRef WorkingDir)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Files(Files), Paths(Paths),
        WorkingDir(WorkingDir) {}

  /// The instantiations of \p Pattern, a project function, that have a
  /// body, in the order of the AST.
  std::vector<const FunctionDecl *>
  instantiationsOf(const FunctionDecl *Pattern) {
    if (!Indexed)
      index();
    auto It = Instantiations.find(Pattern->getCanonicalDecl());
    if (It != Instantiations.end())
      return It->second;
    // A lambda's call operator is in a body, which the index skips.
    std::vector<const FunctionDecl *> Out;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(Pattern);
        MD && MD->getParent()->isLambda())
      if (const FunctionTemplateDecl *FTD = MD->getDescribedFunctionTemplate())
        for (const FunctionDecl *S : FTD->specializations())
          if (S->doesThisDeclarationHaveABody())
            Out.push_back(S);
    return Out;
  }

  /// Whether \p FD is an instantiation of a template written outside the
  /// project.
  bool isForeignInstantiation(const FunctionDecl *FD) {
    return FD->isTemplateInstantiation() && !Files.contains(patternOf(FD));
  }

  bool inProject(const Decl *D) { return Files.contains(D); }

  /// The USRs of the project functions that the foreign instantiation \p FD
  /// calls, directly or through other foreign instantiations; sorted.
  const std::vector<std::string> &reachedThrough(const FunctionDecl *FD) {
    FD = FD->getCanonicalDecl();
    auto [It, Inserted] = Reached.try_emplace(FD);
    if (!Inserted)
      return It->second;
    std::vector<std::string> Out;
    llvm::SmallPtrSet<const FunctionDecl *, 16> Seen = {FD};
    std::vector<const FunctionDecl *> Work = {FD};
    while (!Work.empty()) {
      const Calls &C = direct(Work.back());
      Work.pop_back();
      Out.insert(Out.end(), C.USRs.begin(), C.USRs.end());
      for (const FunctionDecl *F : C.Foreign)
        if (Seen.insert(F->getCanonicalDecl()).second)
          Work.push_back(F->getCanonicalDecl());
    }
    llvm::sort(Out);
    Out.erase(llvm::unique(Out), Out.end());
    It->second = std::move(Out);
    return It->second;
  }

private:
  struct Calls {
    std::vector<std::string> USRs;
    std::vector<const FunctionDecl *> Foreign;
  };

  /// What the body of the foreign instantiation \p FD calls itself.
  const Calls &direct(const FunctionDecl *FD) {
    auto [It, Inserted] = Direct.try_emplace(FD);
    const FunctionDecl *Def = nullptr;
    if (Inserted && FD->hasBody(Def)) {
      CalleeCollector C(SM, Paths, WorkingDir, this);
      C.Direct = true;
      C.TraverseDecl(const_cast<FunctionDecl *>(Def));
      It->second.USRs = std::move(C.USRs);
      It->second.Foreign = std::move(C.Foreign);
    }
    return It->second;
  }

  void index() {
    Indexed = true;
    llvm::SmallPtrSet<const FunctionDecl *, 32> Seen;
    auto Found = [&](const FunctionDecl *FD) {
      const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern();
      if (Pattern && Files.contains(Pattern) && Seen.insert(FD).second)
        Instantiations[Pattern->getCanonicalDecl()].push_back(FD);
    };
    InstantiationFinder(Found).TraverseDecl(Ctx.getTranslationUnitDecl());
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  ProjectFiles &Files;
  const PathMapper &Paths;
  llvm::StringRef WorkingDir;
  bool Indexed = false;
  llvm::DenseMap<const FunctionDecl *, std::vector<const FunctionDecl *>>
      Instantiations;
  // Node-based maps: references handed out stay valid as they grow.
  std::map<const FunctionDecl *, Calls> Direct;
  std::map<const FunctionDecl *, std::vector<std::string>> Reached;
};

void CalleeCollector::add(const Decl *D, SourceLocation Loc) {
  if (const auto *FTD = dyn_cast_or_null<FunctionTemplateDecl>(D))
    D = FTD->getTemplatedDecl();
  const auto *FD = dyn_cast_or_null<FunctionDecl>(D);
  if (!FD)
    return;
  if (Templates && Templates->isForeignInstantiation(FD)) {
    if (Direct)
      Foreign.push_back(FD);
    else
      for (const std::string &USR : Templates->reachedThrough(FD))
        push(USR, Loc);
  }
  FD = patternOf(FD);
  if (SM.isInSystemHeader(SM.getExpansionLoc(FD->getLocation())))
    return;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return; // Part of the function it is written in (or its variable).
  // What foreign code reaches counts only where there are facts of it.
  if (Direct &&
      (FD->isImplicit() || FD->isDefaulted() || !Templates->inProject(FD)))
    return;
  std::string USR = usrOf(FD, SM, Paths, WorkingDir);
  if (!USR.empty())
    push(std::move(USR), Loc);
}

/// Whether a macro of this name spells an assertion of GoogleTest
/// (EXPECT_*, ASSERT_*), Catch2 and doctest (REQUIRE*, CHECK*, WARN*, their
/// CATCH_ / DOCTEST_ forms), Boost.Test (BOOST_CHECK*, BOOST_REQUIRE*,
/// BOOST_TEST*, BOOST_WARN*) or the C library (`assert`).
bool isAssertionMacro(llvm::StringRef Name) {
  static const llvm::StringLiteral Prefixes[] = {"EXPECT_",
                                                 "ASSERT_",
                                                 "GTEST_EXPECT_",
                                                 "GTEST_ASSERT_",
                                                 "REQUIRE",
                                                 "CHECK",
                                                 "WARN",
                                                 "CATCH_REQUIRE",
                                                 "CATCH_CHECK",
                                                 "CATCH_WARN",
                                                 "STATIC_REQUIRE",
                                                 "STATIC_CHECK",
                                                 "DOCTEST_REQUIRE",
                                                 "DOCTEST_CHECK",
                                                 "DOCTEST_WARN",
                                                 "FAST_",
                                                 "DOCTEST_FAST_",
                                                 "BOOST_CHECK",
                                                 "BOOST_REQUIRE",
                                                 "BOOST_WARN",
                                                 "BOOST_TEST_CHECK",
                                                 "BOOST_TEST_REQUIRE",
                                                 "BOOST_TEST_WARN"};
  // BOOST_TEST_MESSAGE, BOOST_TEST_CONTEXT and the like only log.
  if (Name == "assert" || Name == "BOOST_TEST")
    return true;
  return llvm::any_of(Prefixes,
                      [&](llvm::StringRef P) { return Name.starts_with(P); });
}

/// Collects the variables a statement declares or names: those of one
/// function (its lambdas' included) and the members of `*this`, numbered
/// per function by first appearance. Variables a system macro declares
/// (GoogleTest's `gtest_ar`) or the compiler does are not the test's own.
class VariableCollector : public RecursiveASTVisitor<VariableCollector> {
public:
  VariableCollector(const FunctionDecl *FD, const SourceManager &SM,
                    llvm::DenseMap<const Decl *, unsigned> &Ids)
      : FD(FD), SM(SM), Ids(Ids) {}
  std::vector<unsigned> Found;

  /// A member of `*this` named elsewhere (a fixture's set-up).
  void addMember(const FieldDecl *Field) { add(Field); }

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    add(E->getDecl());
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (!isa<DecompositionDecl>(VD))
      add(VD);
    return true;
  }
  bool VisitBindingDecl(BindingDecl *BD) {
    add(BD);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    if (isa<CXXThisExpr>(E->getBase()->IgnoreParenImpCasts()) &&
        isa<FieldDecl>(E->getMemberDecl()))
      add(E->getMemberDecl());
    return true;
  }

private:
  void add(const Decl *D) {
    if ((isa<VarDecl>(D) || isa<BindingDecl>(D)) && owningFunction(D) != FD)
      return;
    // A range-for's hidden `__begin1` is no variable of the test's either.
    if (!isa<VarDecl, BindingDecl, FieldDecl>(D) || D->isImplicit() ||
        SM.isInSystemMacro(D->getLocation()))
      return;
    auto It = Ids.try_emplace(D->getCanonicalDecl(), Ids.size()).first;
    Found.push_back(It->second);
  }
  const FunctionDecl *FD;
  const SourceManager &SM;
  llvm::DenseMap<const Decl *, unsigned> &Ids;
};

/// How a statement splits into units: a block or control statement has
/// bodies whose statements are units of their own, and a control statement
/// a header (its condition, `for (...)`, `case 1:`) that is one unit.
struct StatementShape {
  bool Split = false; ///< False: the statement is one unit.
  llvm::SmallVector<const Stmt *, 4> Bodies;
  bool HasHeader = false;
  /// The header's parts: the expressions and declarations it holds.
  llvm::SmallVector<const Stmt *, 4> Parts;
  const VarDecl *PartDecl = nullptr; ///< A `catch`'s declaration.
  /// Where the header's tokens end, when not at the first body (`do`).
  SourceRange HeaderTokens;
};

/// The shape of \p S.
StatementShape shapeOf(const Stmt *S) {
  StatementShape Shape;
  auto Header = [&](std::initializer_list<const Stmt *> Parts) {
    Shape.HasHeader = true;
    for (const Stmt *P : Parts)
      if (P)
        Shape.Parts.push_back(P);
  };
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    Shape.Bodies.append(CS->body_begin(), CS->body_end());
  } else if (const auto *If = dyn_cast<IfStmt>(S)) {
    Header({If->getInit(), If->getConditionVariableDeclStmt(), If->getCond()});
    Shape.Bodies = {If->getThen(), If->getElse()};
  } else if (const auto *For = dyn_cast<ForStmt>(S)) {
    Header({For->getInit(), For->getConditionVariableDeclStmt(), For->getCond(),
            For->getInc()});
    Shape.Bodies = {For->getBody()};
  } else if (const auto *While = dyn_cast<WhileStmt>(S)) {
    Header({While->getConditionVariableDeclStmt(), While->getCond()});
    Shape.Bodies = {While->getBody()};
  } else if (const auto *Do = dyn_cast<DoStmt>(S)) {
    Header({Do->getCond()});
    Shape.HeaderTokens = {Do->getWhileLoc(), Do->getRParenLoc()};
    Shape.Bodies = {Do->getBody()};
  } else if (const auto *Switch = dyn_cast<SwitchStmt>(S)) {
    Header({Switch->getInit(), Switch->getConditionVariableDeclStmt(),
            Switch->getCond()});
    Shape.Bodies = {Switch->getBody()};
  } else if (const auto *Range = dyn_cast<CXXForRangeStmt>(S)) {
    Header({Range->getInit(), Range->getLoopVarStmt(), Range->getRangeInit()});
    Shape.Bodies = {Range->getBody()};
  } else if (const auto *Case = dyn_cast<CaseStmt>(S)) {
    Header({Case->getLHS(), Case->getRHS()});
    Shape.Bodies = {Case->getSubStmt()};
  } else if (const auto *Default = dyn_cast<DefaultStmt>(S)) {
    Header({});
    Shape.Bodies = {Default->getSubStmt()};
  } else if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    Shape.Bodies = {Try->getTryBlock()};
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      Shape.Bodies.push_back(Try->getHandler(I));
  } else if (const auto *Catch = dyn_cast<CXXCatchStmt>(S)) {
    Header({});
    Shape.PartDecl = Catch->getExceptionDecl();
    Shape.Bodies = {Catch->getHandlerBlock()};
  } else if (const auto *Label = dyn_cast<LabelStmt>(S)) {
    Shape.Bodies = {Label->getSubStmt()};
  } else if (const auto *Attributed = dyn_cast<AttributedStmt>(S)) {
    Shape.Bodies = {Attributed->getSubStmt()};
  } else if (const auto *Coroutine = dyn_cast<CoroutineBodyStmt>(S)) {
    Shape.Bodies = {Coroutine->getBody()};
  }
  llvm::erase(Shape.Bodies, nullptr);
  // A statement a macro spells with its bodies (EXPECT_EQ's `switch`,
  // REQUIRE's `do`) is one unit; one whose body is written after the macro
  // (Catch2's SECTION, doctest's SUBCASE: an `if`) is split like any other.
  bool Written = S->getBeginLoc().isFileID() ||
                 llvm::any_of(Shape.Bodies, [](const Stmt *B) {
                   return B->getBeginLoc().isFileID();
                 });
  Shape.Split = Written && (!Shape.Bodies.empty() || isa<CompoundStmt>(S));
  return Shape;
}

/// What of a test's fixture its framework runs around the test's body.
struct FixtureReach {
  std::vector<std::string> USRs; ///< The functions it runs; sorted, unique.
  /// Their definitions in this translation unit.
  std::vector<const FunctionDecl *> Functions;
  /// Members whose default initializers call project functions.
  std::vector<const FieldDecl *> Fields;
};

/// The class \p T names, a class template's pattern for a dependent base
/// such as `Fixture<T>`.
const CXXRecordDecl *classOf(QualType T) {
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    return RD;
  if (const auto *TST = T->getAs<TemplateSpecializationType>())
    if (const auto *CTD = dyn_cast_or_null<ClassTemplateDecl>(
            TST->getTemplateName().getAsTemplateDecl()))
      return CTD->getTemplatedDecl();
  return nullptr;
}

class FactsVisitor : public RecursiveASTVisitor<FactsVisitor> {
public:
  FactsVisitor(ASTContext &Ctx, Preprocessor &PP, const PathMapper &Paths,
               llvm::StringRef WorkingDir, TUFacts &Out)
      : Ctx(Ctx), PP(PP), SM(Ctx.getSourceManager()), Paths(Paths),
        WorkingDir(WorkingDir), Out(Out), Files(SM, Paths, WorkingDir),
        Templates(Ctx, Files, Paths, WorkingDir) {}

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody() || FD->isImplicit() ||
        FD->isDefaulted() || FD->isTemplateInstantiation())
      return true;
    const VarDecl *LambdaVar = nullptr;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
        MD && MD->getParent()->isLambda()) {
      // A lambda belongs to the function it is written in; outside any
      // function it is a function named after the variable it initializes.
      LambdaVar = LambdaVariables.lookup(MD->getParent());
      if (!LambdaVar)
        return true;
    }
    SourceLocation NameLoc = SM.getExpansionLoc(FD->getLocation());
    if (NameLoc.isInvalid() || SM.isInSystemHeader(NameLoc))
      return true;
    std::optional<std::string> File = fileOf(SM.getFileID(NameLoc));
    if (!File)
      return true;

    FunctionFacts F;
    F.USR = LambdaVar ? usrOf(LambdaVar, SM, Paths, WorkingDir) + "@lambda"
                      : usrOf(FD, SM, Paths, WorkingDir);
    if (F.USR.empty())
      return true;
    F.File = *File;
    F.QualifiedName = LambdaVar ? LambdaVar->getQualifiedNameAsString()
                                : FD->getQualifiedNameAsString();
    F.Name = F.QualifiedName + signatureOf(FD);
    F.Line = SM.getExpansionLineNumber(NameLoc);
    F.Column = SM.getExpansionColumnNumber(NameLoc);
    applyMarks(FD, F);
    recordMarkingFiles(FD, F);
    std::optional<TestCase> Test = testOf(FD);
    if (Test) {
      F.TestName = Test->Name;
      // Catch2 and doctest name a test's function by a counter (__COUNTER__
      // or __LINE__), so a test case added above renames every one below:
      // its name identifies the test instead.
      if (Test->Fw == TestMacro::Catch2 || Test->Fw == TestMacro::Doctest) {
        F.USR = "c:@riskguard-test@" + F.File + "@" + Test->Name;
        if (unsigned N = ++TestUSRs[F.USR]; N > 1)
          F.USR += "@" + std::to_string(N);
      }
    }

    CalleeCollector Callees(SM, Paths, WorkingDir, &Templates);
    Callees.TraverseDecl(FD);
    // What a template's pattern leaves dependent its instantiations resolve.
    CalleeCollector Instantiated(SM, Paths, WorkingDir, &Templates);
    for (const FunctionDecl *I : Templates.instantiationsOf(FD))
      Instantiated.TraverseDecl(const_cast<FunctionDecl *>(I));
    hashTokens(FD, Callees.Constants, F);
    FixtureReach Fixture;
    if (Test)
      Fixture = fixtureOf(FD, Test->Fw);
    std::vector<std::string> &All = Callees.USRs;
    All.insert(All.end(), Instantiated.USRs.begin(), Instantiated.USRs.end());
    All.insert(All.end(), Fixture.USRs.begin(), Fixture.USRs.end());
    llvm::sort(All);
    All.erase(llvm::unique(All), All.end());
    llvm::erase(All, F.USR);
    F.Callees = std::move(All);

    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
      for (const CXXMethodDecl *O : MD->overridden_methods())
        F.Overrides.push_back(usrOf(patternOf(O), SM, Paths, WorkingDir));
    llvm::sort(F.Overrides);
    recordFloatingValues(FD, F);
    recordUnits(FD, Fixture, Instantiated, F);
    Out.Functions.push_back(std::move(F));
    return true;
  }

  /// The traversal visits a lambda's body, not its call operator: a lambda
  /// outside any function is visited here as the function it is.
  bool VisitLambdaExpr(LambdaExpr *LE) {
    if (LambdaVariables.count(LE->getLambdaClass()))
      VisitFunctionDecl(LE->getCallOperator());
    return true;
  }

  /// Seen before its initializer: a namespace-scope `auto Fee = [](...)`.
  bool VisitVarDecl(VarDecl *VD) {
    if (VD->getDeclContext()->isFileContext())
      if (const CXXRecordDecl *RD = namespaceScopeLambda(VD->getType()))
        LambdaVariables[RD] = VD;
    return true;
  }

  bool VisitDecl(Decl *D) {
    if (D->hasAttrs())
      recordAnnotations(D);
    if (auto *RD = dyn_cast<CXXRecordDecl>(D))
      recordClass(RD);
    return true;
  }

private:
  std::optional<std::string> fileOf(FileID FID) { return Files.fileOf(FID); }

  std::string signatureOf(const FunctionDecl *FD) {
    PrintingPolicy PP(Ctx.getLangOpts());
    PP.SuppressUnwrittenScope = false;
    std::string S = "(";
    for (unsigned I = 0, E = FD->getNumParams(); I != E; ++I) {
      if (I)
        S += ", ";
      S += FD->getParamDecl(I)->getType().getAsString(PP);
    }
    if (FD->isVariadic())
      S += FD->getNumParams() ? ", ..." : "...";
    S += ")";
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
      if (MD->isConst())
        S += " const";
      if (MD->getRefQualifier() == RQ_LValue)
        S += " &";
      else if (MD->getRefQualifier() == RQ_RValue)
        S += " &&";
    }
    return S;
  }

  /// Hashes what the function's logic is made of: its spelled tokens from
  /// the start of the declaration (template header included) to the closing
  /// brace, the definitions of the project macros they use, and the
  /// constants they read. Layout and comments do not count.
  void hashTokens(const FunctionDecl *FD,
                  llvm::ArrayRef<const Decl *> Constants, FunctionFacts &F) {
    SourceLocation Begin = FD->getOuterLocStart();
    if (const FunctionTemplateDecl *FTD = FD->getDescribedFunctionTemplate())
      Begin = FTD->getBeginLoc();
    CharSourceRange Range =
        SM.getExpansionRange(SourceRange(Begin, FD->getSourceRange().getEnd()));
    F.EndLine = SM.getExpansionLineNumber(Range.getEnd());
    // The range starts at the declaration (e.g. a return type on its own
    // line); the location reported is the start of the range.
    if (unsigned Begin = SM.getExpansionLineNumber(Range.getBegin());
        Begin < F.Line) {
      F.Line = Begin;
      F.Column = SM.getExpansionColumnNumber(Range.getBegin());
    }
    std::string Tokens;
    llvm::SmallPtrSet<const MacroInfo *, 8> Macros;
    appendTokens(Range, Tokens, Macros);
    appendConstants(Constants, Tokens, Macros);
    F.TokenHash = llvm::xxh3_64bits(Tokens);

    // A change to any of these files can change the hash without touching
    // the function's own file.
    std::vector<std::string> &Files = F.HashedFiles;
    auto AddFile = [&](SourceLocation Loc) {
      if (Loc.isInvalid())
        return;
      std::optional<std::string> File =
          fileOf(SM.getFileID(SM.getExpansionLoc(Loc)));
      if (File && *File != F.File)
        Files.push_back(std::move(*File));
    };
    for (const Decl *D : Constants)
      AddFile(D->getLocation());
    for (const MacroInfo *MI : Macros)
      AddFile(MI->getDefinitionLoc());
    llvm::sort(Files);
    Files.erase(llvm::unique(Files), Files.end());
  }

  /// Appends the values of \p Constants to \p Tokens: an enumerator's
  /// value, a variable's spelled definition.
  void appendConstants(llvm::ArrayRef<const Decl *> Constants,
                       std::string &Tokens,
                       llvm::SmallPtrSetImpl<const MacroInfo *> &Macros) {
    for (const Decl *D : Constants) {
      Tokens += "\x1e";
      if (const auto *E = dyn_cast<EnumConstantDecl>(D))
        Tokens += llvm::toString(E->getInitVal(), 10);
      else
        appendTokens(SM.getExpansionRange(D->getSourceRange()), Tokens, Macros);
    }
  }

  /// Records the statement units of \p FD's body, for judging a change to
  /// a test by the statements it changes, and one for the code of its
  /// fixture \p Fixture, if any. F.Callees must be final; \p Instantiated
  /// holds the calls of \p FD's instantiations, which belong to the units
  /// whose tokens they are spelled in.
  void recordUnits(const FunctionDecl *FD, const FixtureReach &Fixture,
                   const CalleeCollector &Instantiated, FunctionFacts &F) {
    llvm::DenseMap<const Decl *, unsigned> VariableIds;
    std::vector<CharSourceRange> Ranges;
    addUnits(FD->getBody(), FD, F, VariableIds, Ranges);
    // (callee index, place), once each: instantiations repeat their calls.
    std::vector<std::pair<unsigned, SourceLocation::UIntTy>> Calls;
    for (size_t I = 0; I < Instantiated.USRs.size(); ++I) {
      auto It = llvm::lower_bound(F.Callees, Instantiated.USRs[I]);
      if (It != F.Callees.end() && *It == Instantiated.USRs[I])
        Calls.emplace_back(
            It - F.Callees.begin(),
            SM.getExpansionLoc(Instantiated.Locations[I]).getRawEncoding());
    }
    llvm::sort(Calls);
    Calls.erase(llvm::unique(Calls), Calls.end());
    for (auto [Callee, Raw] : Calls) {
      SourceLocation Loc = SourceLocation::getFromRawEncoding(Raw);
      for (size_t U = 0; U < Ranges.size(); ++U)
        if (rangeContains(Ranges[U], Loc)) {
          F.Units[U].Callees.push_back(Callee);
          break;
        }
    }
    for (StatementUnit &U : F.Units) {
      llvm::sort(U.Callees);
      U.Callees.erase(llvm::unique(U.Callees), U.Callees.end());
    }
    if (Fixture.USRs.empty())
      return;
    // The fixture's set-up is a statement that runs before the body, calls
    // the fixture's functions and sets the members they name: an assertion
    // on such a member asserts on a value the fixture computed. It is the
    // same at base and head, so it counts only in an added test.
    StatementUnit U;
    std::string Tokens = "\x1c"
                         "fixture";
    for (const std::string &USR : Fixture.USRs) {
      Tokens += "\x1f" + USR;
      auto It = llvm::lower_bound(F.Callees, USR);
      if (It != F.Callees.end() && *It == USR)
        U.Callees.push_back(It - F.Callees.begin());
    }
    U.TokenHash = llvm::xxh3_64bits(Tokens);
    VariableCollector Variables(FD, SM, VariableIds);
    for (const FunctionDecl *Fn : Fixture.Functions)
      Variables.TraverseDecl(const_cast<FunctionDecl *>(Fn));
    for (const FieldDecl *Field : Fixture.Fields)
      Variables.addMember(Field);
    appendUnit(F, std::move(U), std::move(Variables.Found));
  }

  /// The fixture code the framework runs around the test body \p FD, a
  /// method of a class: the default constructors and destructors of that
  /// class and of its bases defined in project files, and the hooks
  /// (GoogleTest's SetUp, TearDown and SetUpTestSuite, Boost.Test's setup
  /// and teardown) that name lookup in the class finds. Framework code in
  /// system headers calls them, so the body itself never does.
  FixtureReach fixtureOf(const FunctionDecl *FD, TestMacro::Framework Fw) {
    FixtureReach Fixture;
    const auto *MD = dyn_cast<CXXMethodDecl>(FD);
    if (!MD || MD->isStatic())
      return Fixture;
    static const llvm::StringLiteral GoogleTestHooks[] = {
        "SetUp",          "TearDown",
        "SetUpTestSuite", "TearDownTestSuite",
        "SetUpTestCase",  "TearDownTestCase"};
    static const llvm::StringLiteral BoostHooks[] = {"setup", "teardown"};
    llvm::ArrayRef<llvm::StringLiteral> Hooks;
    if (Fw == TestMacro::GoogleTest)
      Hooks = GoogleTestHooks;
    else if (Fw == TestMacro::BoostTest)
      Hooks = BoostHooks;
    llvm::StringSet<> HooksFound;
    llvm::SmallPtrSet<const CXXRecordDecl *, 8> Seen;
    auto Add = [&](const FunctionDecl *Fn) {
      Fn = patternOf(Fn);
      std::string USR = usrOf(Fn, SM, Paths, WorkingDir);
      if (USR.empty())
        return;
      Fixture.USRs.push_back(std::move(USR));
      const FunctionDecl *Def = Fn->getDefinition();
      if (!Def)
        return;
      Fixture.Functions.push_back(Def);
      if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
        for (const CXXCtorInitializer *Init : Ctor->inits())
          if (Init->isWritten() && Init->getMember())
            Fixture.Fields.push_back(Init->getMember());
    };
    // Depth first, bases in order: the first hook of a name found is the
    // one a call in the class would reach.
    std::function<void(const CXXRecordDecl *)> Visit =
        [&](const CXXRecordDecl *RD) {
          if (!RD || !(RD = RD->getDefinition()) || !Seen.insert(RD).second ||
              SM.isInSystemHeader(SM.getExpansionLoc(RD->getLocation())))
            return;
          for (const CXXMethodDecl *M : RD->methods()) {
            if (!M->isUserProvided())
              continue;
            if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(M)) {
              if (Ctor->isDefaultConstructor())
                Add(Ctor);
            } else if (isa<CXXDestructorDecl>(M)) {
              Add(M);
            } else if (M->getIdentifier() &&
                       llvm::is_contained(Hooks, M->getName()) &&
                       HooksFound.insert(M->getName()).second) {
              Add(M);
            }
          }
          for (const FieldDecl *Field : RD->fields()) {
            const Expr *Init = Field->getInClassInitializer();
            if (!Init)
              continue;
            CalleeCollector Callees(SM, Paths, WorkingDir, &Templates);
            Callees.TraverseStmt(const_cast<Expr *>(Init));
            if (Callees.USRs.empty())
              continue;
            Fixture.USRs.insert(Fixture.USRs.end(), Callees.USRs.begin(),
                                Callees.USRs.end());
            Fixture.Fields.push_back(Field);
          }
          for (const CXXBaseSpecifier &Base : RD->bases())
            Visit(classOf(Base.getType()));
        };
    Visit(MD->getParent());
    llvm::sort(Fixture.USRs);
    Fixture.USRs.erase(llvm::unique(Fixture.USRs), Fixture.USRs.end());
    return Fixture;
  }

  /// Whether the file range \p R holds \p Loc.
  bool rangeContains(CharSourceRange R, SourceLocation Loc) {
    auto [BeginFID, Begin] = SM.getDecomposedLoc(R.getBegin());
    auto [EndFID, End] = SM.getDecomposedLoc(R.getEnd());
    auto [FID, Offset] = SM.getDecomposedLoc(Loc);
    return FID == BeginFID && FID == EndFID && Begin <= Offset &&
           (R.isTokenRange() ? Offset <= End : Offset < End);
  }

  /// Appends the units of \p S: itself, or its header and its bodies'; and
  /// the tokens of each to \p Ranges.
  void addUnits(const Stmt *S, const FunctionDecl *FD, FunctionFacts &F,
                llvm::DenseMap<const Decl *, unsigned> &VariableIds,
                std::vector<CharSourceRange> &Ranges) {
    if (!S)
      return;
    StatementShape Shape = shapeOf(S);
    if (!Shape.Split) {
      Ranges.push_back(SM.getExpansionRange(S->getSourceRange()));
      addUnit(Ranges.back(), {S}, nullptr, isAssertion(S), FD, F, VariableIds);
      return;
    }
    if (Shape.HasHeader) {
      CharSourceRange Range;
      if (Shape.HeaderTokens.isValid())
        Range = SM.getExpansionRange(Shape.HeaderTokens);
      else
        Range = CharSourceRange::getCharRange(
            SM.getExpansionRange(S->getBeginLoc()).getBegin(),
            SM.getExpansionRange(Shape.Bodies.front()->getBeginLoc())
                .getBegin());
      Ranges.push_back(Range);
      addUnit(Range, Shape.Parts, Shape.PartDecl, /*IsAssertion=*/false, FD, F,
              VariableIds);
    }
    for (const Stmt *Body : Shape.Bodies)
      addUnits(Body, FD, F, VariableIds, Ranges);
  }

  /// Appends the unit of the tokens \p Range made of \p Parts.
  void addUnit(CharSourceRange Range, llvm::ArrayRef<const Stmt *> Parts,
               const VarDecl *PartDecl, bool IsAssertion,
               const FunctionDecl *FD, FunctionFacts &F,
               llvm::DenseMap<const Decl *, unsigned> &VariableIds) {
    CalleeCollector Callees(SM, Paths, WorkingDir, &Templates);
    VariableCollector Variables(FD, SM, VariableIds);
    for (const Stmt *P : Parts) {
      Callees.TraverseStmt(const_cast<Stmt *>(P));
      Variables.TraverseStmt(const_cast<Stmt *>(P));
    }
    if (PartDecl) {
      Callees.TraverseDecl(const_cast<VarDecl *>(PartDecl));
      Variables.TraverseDecl(const_cast<VarDecl *>(PartDecl));
    }
    StatementUnit U;
    U.IsAssertion = IsAssertion;
    std::string Tokens;
    llvm::SmallPtrSet<const MacroInfo *, 8> Macros;
    appendTokens(Range, Tokens, Macros);
    appendConstants(Callees.Constants, Tokens, Macros);
    U.TokenHash = llvm::xxh3_64bits(Tokens);
    // Indices into the function's callees; a call of itself is not one.
    for (const std::string &USR : Callees.USRs) {
      auto It = llvm::lower_bound(F.Callees, USR);
      if (It != F.Callees.end() && *It == USR)
        U.Callees.push_back(It - F.Callees.begin());
    }
    appendUnit(F, std::move(U), std::move(Variables.Found));
  }

  /// Whether \p S is spelled by an assertion macro: the macro whose use
  /// it starts with is one.
  bool isAssertion(const Stmt *S) {
    SourceLocation Begin = S->getBeginLoc();
    if (!Begin.isMacroID())
      return false;
    Token Tok;
    if (Lexer::getRawToken(SM.getExpansionLoc(Begin), Tok, SM,
                           Ctx.getLangOpts(), /*IgnoreWhiteSpace=*/true) ||
        Tok.isNot(tok::raw_identifier))
      return false;
    return isAssertionMacro(Tok.getRawIdentifier());
  }

  /// Appends the spelled tokens of \p Range, and of the project macros they
  /// name, to \p Tokens.
  void appendTokens(CharSourceRange Range, std::string &Tokens,
                    llvm::SmallPtrSetImpl<const MacroInfo *> &Macros) {
    SourceLocation B = Range.getBegin(), E = Range.getEnd();
    auto [BeginFID, BeginOffset] = SM.getDecomposedLoc(B);
    auto [EndFID, EndOffset] = SM.getDecomposedLoc(E);
    if (BeginFID != EndFID || EndOffset < BeginOffset)
      return;
    if (Range.isTokenRange())
      EndOffset += Lexer::MeasureTokenLength(E, SM, Ctx.getLangOpts());
    llvm::StringRef Buffer = SM.getBufferData(BeginFID);
    Lexer Lex(SM.getLocForStartOfFile(BeginFID), Ctx.getLangOpts(),
              Buffer.begin(), Buffer.begin() + BeginOffset, Buffer.end());
    Token Tok;
    while (!Lex.LexFromRawLexer(Tok) || Tok.isNot(tok::eof)) {
      unsigned Offset = SM.getFileOffset(Tok.getLocation());
      if (Offset >= EndOffset || Tok.is(tok::eof))
        break;
      // A `\`-newline inside a token is layout, not logic.
      if (Tok.needsCleaning())
        Tokens += Lexer::getSpelling(Tok, SM, Ctx.getLangOpts());
      else
        Tokens.append(Buffer.data() + Offset, Tok.getLength());
      Tokens += '\x1f';
      if (Tok.is(tok::raw_identifier))
        appendMacro(macroAt(Tok), Tokens, Macros);
    }
  }

  /// The macro a raw identifier names where it is spelled, if any.
  /// LookUpIdentifierInfo joins a name split by `\`-newline or written
  /// with UCNs, as the preprocessor did.
  const MacroInfo *macroAt(Token Tok) {
    IdentifierInfo *II = PP.LookUpIdentifierInfo(Tok);
    return PP.getMacroDefinitionAtLoc(II, Tok.getLocation()).getMacroInfo();
  }

  /// Appends a project macro's definition, and those of the macros it uses,
  /// once each.
  void appendMacro(const MacroInfo *MI, std::string &Tokens,
                   llvm::SmallPtrSetImpl<const MacroInfo *> &Macros) {
    if (!MI || MI->isBuiltinMacro() ||
        SM.isInSystemHeader(MI->getDefinitionLoc()) ||
        !Macros.insert(MI).second)
      return;
    Tokens += "\x1d";
    for (const Token &T : MI->tokens()) {
      std::string Spelling = PP.getSpelling(T);
      Tokens += Spelling;
      Tokens += '\x1f';
      // The preprocessor stored a definition's names already looked up.
      if (T.is(tok::identifier))
        if (IdentifierInfo *II = T.getIdentifierInfo())
          appendMacro(PP.getMacroInfo(II), Tokens, Macros);
    }
  }

  /// Line and column of \p Loc where it is expanded.
  std::pair<unsigned, unsigned> position(SourceLocation Loc) {
    Loc = SM.getExpansionLoc(Loc);
    return {SM.getExpansionLineNumber(Loc), SM.getExpansionColumnNumber(Loc)};
  }

  FloatingValue floatingValue(FloatingValue::KindType Kind, std::string Name,
                              QualType T, SourceLocation Loc) {
    PrintingPolicy PP(Ctx.getLangOpts());
    PP.SuppressUnwrittenScope = false;
    FloatingValue V;
    V.Kind = Kind;
    V.Name = std::move(Name);
    V.Type = T.getAsString(PP);
    V.CanonicalType = T.getCanonicalType().getAsString(PP);
    std::tie(V.Line, V.Column) = position(Loc);
    return V;
  }

  /// Records the return value, parameters and locals of \p FD that are of
  /// floating-point type, for money-floating-point.
  void recordFloatingValues(const FunctionDecl *FD, FunctionFacts &F) {
    if (floatingTypeOf(FD->getReturnType())) {
      SourceLocation Loc = FD->getReturnTypeSourceRange().getBegin();
      if (Loc.isInvalid())
        Loc = FD->getLocation();
      F.FloatingValues.push_back(floatingValue(FloatingValue::Return,
                                               FD->getNameAsString(),
                                               FD->getReturnType(), Loc));
    }
    for (const ParmVarDecl *P : FD->parameters())
      if (floatingTypeOf(P->getType()))
        F.FloatingValues.push_back(
            floatingValue(FloatingValue::Parameter, P->getNameAsString(),
                          P->getType(), P->getLocation()));
    FloatingLocals Locals(FD);
    Locals.TraverseStmt(FD->getBody());
    for (const ValueDecl *VD : Locals.Found)
      F.FloatingValues.push_back(
          floatingValue(FloatingValue::Local, VD->getNameAsString(),
                        VD->getType(), VD->getLocation()));
  }

  /// Records the riskguard annotations written on \p D itself (not those it
  /// inherits from an earlier declaration), valid or not.
  void recordAnnotations(const Decl *D) {
    if (D->isImplicit() || isInstantiated(D))
      return;
    for (const auto *A : D->specific_attrs<AnnotateAttr>()) {
      llvm::StringRef Kind = A->getAnnotation();
      if (A->isInherited() || !Kind.consume_front(AnnotationPrefix))
        continue;
      SourceLocation Loc = SM.getExpansionLoc(A->getLocation());
      if (Loc.isInvalid() || SM.isInSystemHeader(Loc))
        continue;
      std::optional<std::string> File = fileOf(SM.getFileID(Loc));
      if (!File)
        continue;
      AnnotationFacts Facts;
      Facts.Kind = Kind.str();
      for (const Expr *E : A->args())
        Facts.Args.push_back(annotationArg(E));
      Facts.File = *File;
      std::tie(Facts.Line, Facts.Column) = position(Loc);
      Facts.Entity = annotatedKindOf(D);
      if (const auto *ND = dyn_cast<NamedDecl>(D))
        if (ND->getDeclName())
          Facts.EntityName = ND->getQualifiedNameAsString();
      Facts.EntityUSR = usrOf(D, SM, Paths, WorkingDir);
      Out.Annotations.push_back(std::move(Facts));
    }
  }

  /// An annotation's argument: a string literal, an integer constant, or
  /// anything else as spelled (e.g. `2.5`).
  AnnotationArg annotationArg(const Expr *E) {
    AnnotationArg Arg;
    const Expr *Inner = E->IgnoreParenImpCasts();
    if (const auto *S = dyn_cast<StringLiteral>(Inner)) {
      Arg.Value = S->getString().str();
      return Arg;
    }
    Expr::EvalResult R;
    if (!Inner->isValueDependent() &&
        Inner->getType()->isIntegralOrEnumerationType() &&
        Inner->EvaluateAsInt(R, Ctx)) {
      Arg.Kind = AnnotationArg::Integer;
      Arg.Value = llvm::toString(R.Val.getInt(), 10);
      return Arg;
    }
    Arg.Kind = AnnotationArg::Other;
    Arg.Value =
        Lexer::getSourceText(SM.getExpansionRange(Inner->getSourceRange()), SM,
                             Ctx.getLangOpts())
            .str();
    return Arg;
  }

  /// Records a class defined in a project file if it has floating-point
  /// data members, for money-floating-point.
  void recordClass(const CXXRecordDecl *RD) {
    if (!RD->isThisDeclarationADefinition() || RD->isImplicit() ||
        RD->isLambda() || isInstantiated(RD) || !RD->getDeclName())
      return;
    SourceLocation NameLoc = SM.getExpansionLoc(RD->getLocation());
    if (NameLoc.isInvalid() || SM.isInSystemHeader(NameLoc))
      return;
    std::optional<std::string> File = fileOf(SM.getFileID(NameLoc));
    if (!File)
      return;
    ClassFacts C;
    for (const Decl *Member : RD->decls()) {
      if (const auto *FD = dyn_cast<FieldDecl>(Member)) {
        if (FD->getDeclName() && floatingTypeOf(FD->getType()))
          C.Fields.push_back(floatingValue(FloatingValue::Field,
                                           FD->getNameAsString(), FD->getType(),
                                           FD->getLocation()));
      } else if (const auto *VD = dyn_cast<VarDecl>(Member)) {
        if (VD->isStaticDataMember() && floatingTypeOf(VD->getType()))
          C.Fields.push_back(floatingValue(FloatingValue::StaticField,
                                           VD->getNameAsString(), VD->getType(),
                                           VD->getLocation()));
      }
      const Decl *Method = Member;
      if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(Member))
        Method = FTD->getTemplatedDecl();
      if (isa<CXXMethodDecl>(Method) && !Method->isImplicit()) {
        std::string USR = usrOf(Method, SM, Paths, WorkingDir);
        if (!USR.empty())
          C.Methods.push_back(std::move(USR));
      }
    }
    if (C.Fields.empty())
      return;
    C.USR = usrOf(RD, SM, Paths, WorkingDir);
    C.QualifiedName = RD->getQualifiedNameAsString();
    C.File = *File;
    std::tie(C.Line, C.Column) = position(NameLoc);
    llvm::sort(C.Methods);
    C.Methods.erase(llvm::unique(C.Methods), C.Methods.end());
    // As for a member function, without one of its own: the closest
    // annotation of each kind wins.
    for (const DeclContext *DC = RD; DC; DC = DC->getParent()) {
      AnnotationLevel Level;
      Marks M;
      if (const auto *Class = dyn_cast<CXXRecordDecl>(DC)) {
        M = marksOf(Class, Ctx);
        Level = AnnotationLevel::Class;
      } else if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
        M = marksOf(NS, Ctx);
        Level = AnnotationLevel::Namespace;
      } else {
        continue;
      }
      if (M.Tier1 && C.Tier1Level == AnnotationLevel::None) {
        C.Tier1Domain = *M.Tier1;
        C.Tier1Level = Level;
      }
      if (M.NotTier1 && C.NotTier1Level == AnnotationLevel::None)
        C.NotTier1Level = Level;
    }
    Out.Classes.push_back(std::move(C));
  }

  void applyMarks(const FunctionDecl *FD, FunctionFacts &F) {
    auto Apply = [&](const Marks &M, AnnotationLevel Level) {
      if (M.Tier1 && F.Tier1Level == AnnotationLevel::None) {
        F.Tier1Domain = *M.Tier1;
        F.Tier1Level = Level;
      }
      if (M.NotTier1 && F.NotTier1Level == AnnotationLevel::None) {
        F.NotTier1Reason = *M.NotTier1;
        F.NotTier1Level = Level;
      }
      if (M.Owners && F.Owners.empty())
        F.Owners = *M.Owners;
      if (M.MinApprovals && !F.MinApprovals) {
        unsigned N = 0;
        if (!llvm::StringRef(*M.MinApprovals).getAsInteger(10, N))
          F.MinApprovals = N;
      }
      F.TestedBy.insert(F.TestedBy.end(), M.TestedBy.begin(), M.TestedBy.end());
    };
    const Decl *Self = FD;
    if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
      Self = Pattern;
    Apply(marksOf(Self, Ctx), AnnotationLevel::Function);
    for (const DeclContext *DC = FD->getDeclContext(); DC;
         DC = DC->getParent()) {
      if (const auto *RD = dyn_cast<CXXRecordDecl>(DC))
        Apply(marksOf(RD, Ctx), AnnotationLevel::Class);
      else if (const auto *ND = dyn_cast<NamespaceDecl>(DC))
        Apply(marksOf(ND, Ctx), AnnotationLevel::Namespace);
    }
    llvm::sort(F.TestedBy);
    F.TestedBy.erase(llvm::unique(F.TestedBy), F.TestedBy.end());
  }

  /// Fills F.MarkingFiles. A header change can remove a function's
  /// annotation (or define RG_TIER1 away) without touching its own file;
  /// namespaces count only through the blocks around its declarations, as
  /// every header may reopen a namespace.
  void recordMarkingFiles(const FunctionDecl *FD, FunctionFacts &F) {
    const Decl *Self = FD;
    if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
      Self = Pattern;
    std::vector<std::string> &Files = F.MarkingFiles;
    for (const Decl *D : Self->redecls()) {
      addMarkingFiles(D, Files);
      for (const DeclContext *DC = D->getLexicalDeclContext(); DC;
           DC = DC->getLexicalParent())
        if (isa<NamespaceDecl>(DC))
          addMarkingFiles(cast<Decl>(DC), Files);
      for (const DeclContext *DC = D->getDeclContext(); DC;
           DC = DC->getParent())
        if (const auto *RD = dyn_cast<CXXRecordDecl>(DC))
          for (const Decl *R : RD->redecls())
            addMarkingFiles(R, Files);
    }
    llvm::erase(Files, F.File);
    llvm::sort(Files);
    Files.erase(llvm::unique(Files), Files.end());
  }

  /// Appends the file of \p D and those of the project macros spelled
  /// before its name, after the last `;`, `{` or `}`.
  void addMarkingFiles(const Decl *D, std::vector<std::string> &Files) {
    SourceLocation Name = SM.getExpansionLoc(D->getLocation());
    if (Name.isInvalid())
      return;
    auto [FID, NameOffset] = SM.getDecomposedLoc(Name);
    std::optional<std::string> File = fileOf(FID);
    if (!File)
      return;
    Files.push_back(*File);
    llvm::StringRef Buffer = SM.getBufferData(FID);
    unsigned Line = SM.getLineNumber(FID, NameOffset);
    // Annotations sit just above the name; a window that holds no `;`, `{`
    // or `}` may have cut some off, so it grows until it holds one or
    // starts the file.
    std::vector<Token> Names;
    for (unsigned Lines = MarkingLines;; Lines *= 4) {
      unsigned First = Line > Lines ? Line - Lines : 1;
      unsigned StartOffset =
          SM.getFileOffset(SM.translateLineCol(FID, First, 1));
      if (StartOffset > NameOffset)
        return;
      Lexer Lex(SM.getLocForStartOfFile(FID), Ctx.getLangOpts(), Buffer.begin(),
                Buffer.begin() + StartOffset, Buffer.end());
      Names.clear();
      bool Bounded = false;
      Token Tok;
      while (!Lex.LexFromRawLexer(Tok) || Tok.isNot(tok::eof)) {
        if (Tok.is(tok::eof) ||
            SM.getFileOffset(Tok.getLocation()) >= NameOffset)
          break;
        if (Tok.isOneOf(tok::semi, tok::l_brace, tok::r_brace)) {
          Names.clear();
          Bounded = true;
        } else if (Tok.is(tok::raw_identifier)) {
          Names.push_back(Tok);
        }
      }
      if (Bounded || First == 1)
        break;
    }
    for (const Token &T : Names) {
      const MacroInfo *MI = macroAt(T);
      if (!MI || MI->isBuiltinMacro())
        continue;
      if (std::optional<std::string> Def =
              fileOf(SM.getFileID(SM.getExpansionLoc(MI->getDefinitionLoc()))))
        Files.push_back(std::move(*Def));
    }
  }

  /// The test case \p FD is the user-written body of, if any: its name
  /// comes from the macro, its body from the file.
  std::optional<TestCase> testOf(const FunctionDecl *FD) {
    if (!FD->getLocation().isMacroID() || !FD->getBody() ||
        !FD->getBody()->getBeginLoc().isFileID())
      return std::nullopt;
    SourceLocation MacroLoc = SM.getExpansionLoc(FD->getLocation());
    const LangOptions &LO = Ctx.getLangOpts();
    Token Tok;
    if (Lexer::getRawToken(MacroLoc, Tok, SM, LO, /*IgnoreWhiteSpace=*/true) ||
        Tok.isNot(tok::raw_identifier))
      return std::nullopt;
    std::optional<TestMacro> Macro =
        testMacroNamed(Tok.getRawIdentifier(), expandsToDoctest(Tok));
    if (!Macro)
      return std::nullopt;
    std::vector<std::vector<Token>> Args = macroArguments(Tok);
    auto Spelled = [&](size_t I) {
      std::string S;
      if (I < Args.size())
        for (const Token &T : Args[I])
          S += (S.empty() ? "" : " ") + Lexer::getSpelling(T, SM, LO);
      return S;
    };
    TestCase Test;
    Test.Fw = Macro->Fw;
    switch (Macro->Kind) {
    case TestMacro::SuiteAndName:
      if (Args.size() >= 2)
        Test.Name = Spelled(0) + "." + Spelled(1);
      break;
    case TestMacro::StringName:
      Test.Name = leadingString(Args[0]);
      break;
    case TestMacro::FixtureThenString:
      if (Args.size() >= 2)
        Test.Name = leadingString(Args[1]);
      break;
    case TestMacro::IdentName:
      Test.Name = Spelled(0);
      break;
    case TestMacro::FixtureThenIdent:
      Test.Name = Spelled(1);
      break;
    }
    if (Test.Name.empty())
      return std::nullopt;
    if (Macro->Scenario)
      Test.Name =
          (Test.Fw == TestMacro::Doctest ? "  Scenario: " : "Scenario: ") +
          Test.Name;
    // Boost.Test names a case by its path from the master suite, as
    // --run_test takes it: "suite/subsuite/case".
    if (Test.Fw == TestMacro::BoostTest)
      for (const DeclContext *DC = FD->getDeclContext(); DC;
           DC = DC->getParent())
        if (const auto *NS = dyn_cast<NamespaceDecl>(DC);
            NS && isBoostSuite(NS))
          Test.Name = NS->getName().str() + "/" + Test.Name;
    return Test;
  }

  /// Whether the definition of the macro \p Tok names (a raw identifier)
  /// starts with one of doctest's: doctest's TEST_CASE is Catch2's name.
  bool expandsToDoctest(Token Tok) {
    const MacroInfo *MI = macroAt(Tok);
    if (!MI || MI->tokens().empty())
      return false;
    const IdentifierInfo *II = MI->tokens().front().getIdentifierInfo();
    return II && II->getName().starts_with("DOCTEST_");
  }

  /// The arguments of the macro use whose name is the raw token \p Name,
  /// split at top-level commas; one empty argument when it has none.
  std::vector<std::vector<Token>> macroArguments(const Token &Name) {
    const LangOptions &LO = Ctx.getLangOpts();
    auto [FID, Offset] = SM.getDecomposedLoc(Name.getLocation());
    llvm::StringRef Buffer = SM.getBufferData(FID);
    Lexer Lex(SM.getLocForStartOfFile(FID), LO, Buffer.begin(),
              Buffer.begin() + Offset + Name.getLength(), Buffer.end());
    std::vector<std::vector<Token>> Args(1);
    int Depth = 0;
    Token Tok;
    while (!Lex.LexFromRawLexer(Tok) || Tok.isNot(tok::eof)) {
      if (Tok.is(tok::eof))
        break;
      if (Tok.isOneOf(tok::l_paren, tok::l_square, tok::l_brace) &&
          Depth++ == 0)
        continue;
      if (Tok.isOneOf(tok::r_paren, tok::r_square, tok::r_brace) &&
          --Depth == 0)
        return Args;
      if (Depth == 0)
        break;
      if (Depth == 1 && Tok.is(tok::comma))
        Args.emplace_back();
      else
        Args.back().push_back(Tok);
    }
    return {{}};
  }

  /// The value of the string literals an argument starts with ("a" "b"
  /// is "ab"; doctest's `"name" * doctest::skip()` is "name").
  std::string leadingString(llvm::ArrayRef<Token> Arg) {
    size_t N = 0;
    while (N < Arg.size() && Arg[N].is(tok::string_literal))
      ++N;
    if (N == 0)
      return {};
    StringLiteralParser Literal(Arg.take_front(N), PP);
    if (Literal.hadError || !Literal.isOrdinary())
      return {};
    return Literal.GetString().str();
  }

  /// Whether \p NS is a test suite BOOST_AUTO_TEST_SUITE or
  /// BOOST_FIXTURE_TEST_SUITE opens.
  bool isBoostSuite(const NamespaceDecl *NS) {
    if (!NS->getLocation().isMacroID())
      return false;
    Token Tok;
    return !Lexer::getRawToken(SM.getExpansionLoc(NS->getLocation()), Tok, SM,
                               Ctx.getLangOpts(), /*IgnoreWhiteSpace=*/true) &&
           Tok.is(tok::raw_identifier) &&
           isBoostSuiteMacro(Tok.getRawIdentifier());
  }

  ASTContext &Ctx;
  Preprocessor &PP;
  const SourceManager &SM;
  const PathMapper &Paths;
  llvm::StringRef WorkingDir;
  TUFacts &Out;
  ProjectFiles Files;
  TemplateCalls Templates;
  /// How many lines above a declaration's name addMarkingFiles reads first.
  static constexpr unsigned MarkingLines = 4;
  llvm::DenseMap<const CXXRecordDecl *, const VarDecl *> LambdaVariables;
  /// How many tests of each name-based USR this TU defined so far.
  llvm::StringMap<unsigned> TestUSRs;
};

auto annotationKey(const AnnotationFacts &A) {
  return std::tie(A.File, A.Line, A.Column, A.Kind, A.EntityUSR, A.EntityName,
                  A.Entity);
}

/// Orders annotations by place, then by everything else, so that merging
/// does not depend on the order of the translation units.
bool annotationLess(const AnnotationFacts &A, const AnnotationFacts &B) {
  if (annotationKey(A) != annotationKey(B))
    return annotationKey(A) < annotationKey(B);
  return std::lexicographical_compare(
      A.Args.begin(), A.Args.end(), B.Args.begin(), B.Args.end(),
      [](const AnnotationArg &X, const AnnotationArg &Y) {
        return std::tie(X.Kind, X.Value) < std::tie(Y.Kind, Y.Value);
      });
}

/// Sorts annotations and drops repeats: a header's are seen once per TU that
/// includes it.
void sortAnnotations(std::vector<AnnotationFacts> &Annotations) {
  llvm::sort(Annotations, annotationLess);
  Annotations.erase(
      llvm::unique(Annotations,
                   [](const AnnotationFacts &A, const AnnotationFacts &B) {
                     return !annotationLess(A, B) && !annotationLess(B, A);
                   }),
      Annotations.end());
}

/// Sorts classes and keeps one per USR, the first by File, Line, with the
/// methods of all.
void sortClasses(std::vector<ClassFacts> &Classes) {
  llvm::sort(Classes, [](const ClassFacts &A, const ClassFacts &B) {
    return std::tie(A.USR, A.File, A.Line) < std::tie(B.USR, B.File, B.Line);
  });
  std::vector<ClassFacts> Unique;
  for (ClassFacts &C : Classes) {
    if (Unique.empty() || Unique.back().USR != C.USR) {
      Unique.push_back(std::move(C));
      continue;
    }
    std::vector<std::string> &Methods = Unique.back().Methods;
    Methods.insert(Methods.end(), C.Methods.begin(), C.Methods.end());
    llvm::sort(Methods);
    Methods.erase(llvm::unique(Methods), Methods.end());
  }
  llvm::sort(Unique, [](const ClassFacts &A, const ClassFacts &B) {
    return std::tie(A.File, A.Line, A.USR) < std::tie(B.File, B.Line, B.USR);
  });
  Classes = std::move(Unique);
}

class FactsConsumer : public ASTConsumer {
public:
  FactsConsumer(CompilerInstance &CI, const PathMapper &Paths, TUFacts &Out)
      : CI(CI), Paths(Paths), Out(Out) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    llvm::StringRef WorkingDir = CI.getFileSystemOpts().WorkingDir;
    std::string CWD;
    if (WorkingDir.empty()) {
      if (auto Dir = CI.getVirtualFileSystem().getCurrentWorkingDirectory())
        CWD = *Dir;
      WorkingDir = CWD;
    }
    extractFacts(Ctx, CI.getPreprocessor(), Paths, WorkingDir, Out);
  }

private:
  CompilerInstance &CI;
  const PathMapper &Paths;
  TUFacts &Out;
};

} // namespace

void extractFacts(ASTContext &Ctx, Preprocessor &PP, const PathMapper &Paths,
                  llvm::StringRef WorkingDir, TUFacts &Out) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID()))
    if (auto Rel = Paths.relative(Main->getName(), WorkingDir))
      Out.MainFile = *Rel;
  for (auto It = SM.fileinfo_begin(), E = SM.fileinfo_end(); It != E; ++It)
    if (auto Rel = Paths.relative(It->first.getName(), WorkingDir))
      Out.Files.push_back(*Rel);
  llvm::sort(Out.Files);
  Out.Files.erase(llvm::unique(Out.Files), Out.Files.end());

  FactsVisitor Visitor(Ctx, PP, Paths, WorkingDir, Out);
  Visitor.TraverseDecl(Ctx.getTranslationUnitDecl());
  llvm::sort(Out.Functions, [](const FunctionFacts &A, const FunctionFacts &B) {
    return std::tie(A.File, A.Line, A.USR) < std::tie(B.File, B.Line, B.USR);
  });
  // A function redeclared in one TU is still one function.
  Out.Functions.erase(
      llvm::unique(Out.Functions,
                   [](const FunctionFacts &A, const FunctionFacts &B) {
                     return A.USR == B.USR && A.File == B.File &&
                            A.Line == B.Line;
                   }),
      Out.Functions.end());
  sortAnnotations(Out.Annotations);
  sortClasses(Out.Classes);
}

std::vector<AnnotationFacts> mergeAnnotations(const std::vector<TUFacts> &TUs) {
  std::vector<AnnotationFacts> All;
  for (const TUFacts &TU : TUs)
    All.insert(All.end(), TU.Annotations.begin(), TU.Annotations.end());
  sortAnnotations(All);
  return All;
}

std::vector<ClassFacts> mergeClasses(const std::vector<TUFacts> &TUs) {
  std::vector<ClassFacts> All;
  for (const TUFacts &TU : TUs)
    All.insert(All.end(), TU.Classes.begin(), TU.Classes.end());
  sortClasses(All);
  return All;
}

namespace {
class FactsAction : public ASTFrontendAction {
public:
  FactsAction(const PathMapper &Paths, TUFacts &Out) : Paths(Paths), Out(Out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef) override {
    return createFactsConsumer(CI, Paths, Out);
  }

private:
  const PathMapper &Paths;
  TUFacts &Out;
};
} // namespace

std::unique_ptr<FrontendAction> createFactsAction(const PathMapper &Paths,
                                                  TUFacts &Out) {
  return std::make_unique<FactsAction>(Paths, Out);
}

std::unique_ptr<ASTConsumer> createFactsConsumer(CompilerInstance &CI,
                                                 const PathMapper &Paths,
                                                 TUFacts &Out) {
  return std::make_unique<FactsConsumer>(CI, Paths, Out);
}

} // namespace riskguard
